import { readFile } from 'node:fs/promises';
import { UsageError, type Command } from '../command.ts';
import { fsCodeText } from '../io/errors.ts';
import {
  fitStepTime, parseStepJsonl, predictWithBand, StepDataError, StepFitError, stepFitJson,
  type MethodFit, type StepFitReport,
} from '../../core/stepfit/index.ts';

const USAGE = `Usage: perfcast stepfit --data steps.jsonl [--json] [--seed N]

Fit the analytic step-time law
  step_time_ms = a*batch_size*seq_len + b*batch_size + c*seq_len + d
to a JSON Lines step log, one object per line: {"batch_size": 8, "avg_seq_len": 512, "step_time": 0.21}
(step_time in seconds). Reports the OLS fit with R², adjusted R², 5-fold cross-validated R²,
MSE/RMSE/MAE (ms), MAPE (%), max and median absolute error (ms), the F-statistic and its p-value,
coefficient standard errors, Huber and RANSAC fits side by side, and an influence check.

  --data FILE   the JSONL step log (required)
  --json        print one JSON object (keys: n, coefficients{a,b,c,d}, r2, adj_r2, cv_r2_mean,
                cv_r2_std, mse, rmse, mae, mape, max_abs_error, median_abs_error, f_statistic, ...)
  --seed N      seed of the cross-validation fold shuffle (default 42)
Exit status 1 with a message naming the line on a bad file.`;

interface Args { data: string; json: boolean; seed: number }

function parseArgs(argv: string[]): Args {
  let data: string | undefined;
  let json = false;
  let seed = 42;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') json = true;
    else if (arg === '--data') data = argv[++i];
    else if (arg.startsWith('--data=')) data = arg.slice(7);
    else if (arg === '--seed') {
      seed = Number(argv[++i]);
      if (!Number.isInteger(seed)) throw new UsageError(`--seed needs an integer, got ${argv[i]}`);
    } else throw new UsageError(`unknown option ${arg}\n\n${USAGE}`);
  }
  if (!data) throw new UsageError(`--data FILE is required\n\n${USAGE}`);
  return { data, json, seed };
}

const num = (v: number | null, digits = 4): string => {
  if (v === null) return 'n/a';
  if (!Number.isFinite(v)) return String(v);
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6)) return v.toExponential(digits - 1);
  return v.toFixed(digits);
};

function methodRow(name: string, fit: MethodFit): string {
  const m = fit.metrics;
  const c = fit.coefficients;
  return [name.padEnd(7), num(c.a, 6).padStart(11), num(c.b).padStart(10), num(c.c, 5).padStart(10), num(c.d).padStart(10),
    num(m.r2).padStart(8), num(m.cv_r2_mean).padStart(8), num(m.rmse, 3).padStart(9), num(m.mape, 2).padStart(8)].join(' ');
}

export function formatReport(report: StepFitReport, file: string): string {
  const { ols } = report;
  const m = ols.metrics;
  const d = ols.details;
  const se = d.coefficient_std_errors;
  const lines = [
    `Step-time fit of ${file} (${report.n} steps): a fitted model of this log, not a measurement.`,
    '  step_time_ms = a*batch_size*seq_len + b*batch_size + c*seq_len + d',
    '',
    'OLS coefficients (ms per unit; ± standard error):',
    `  a = ${num(ols.coefficients.a, 6)} ± ${num(se.a, 6)}   (ms per token of the batch)`,
    `  b = ${num(ols.coefficients.b)} ± ${num(se.b)}   (ms per sequence)`,
    `  c = ${num(ols.coefficients.c, 5)} ± ${num(se.c, 5)}   (ms per token of sequence length)`,
    `  d = ${num(ols.coefficients.d)} ± ${num(se.d)}   (ms fixed per step)`,
    '',
    'Fit quality:',
    `  R² ${num(m.r2)}   adjusted R² ${num(m.adj_r2)}   5-fold CV R² ${num(m.cv_r2_mean)} ± ${num(m.cv_r2_std)}`,
    `  MSE ${num(m.mse, 3)} ms²   RMSE ${num(m.rmse, 3)} ms   MAE ${num(m.mae, 3)} ms   MAPE ${num(m.mape, 2)} %`,
    `  max |error| ${num(m.max_abs_error, 3)} ms   median |error| ${num(m.median_abs_error, 3)} ms`,
    `  F(${d.df_model}, ${d.df_residual}) = ${num(d.f_statistic, 2)}, p = ${d.f_p_value.toExponential(2)}`,
    '',
    'OLS vs robust fits (same metrics, on all steps):',
    `  ${'method'.padEnd(7)} ${'a'.padStart(11)} ${'b'.padStart(10)} ${'c'.padStart(10)} ${'d'.padStart(10)} ${'R²'.padStart(8)} ${'CV R²'.padStart(8)} ${'RMSE ms'.padStart(9)} ${'MAPE %'.padStart(8)}`,
    `  ${methodRow('OLS', ols)}`,
    `  ${methodRow('Huber', report.huber)}`,
    `  ${methodRow('RANSAC', report.ransac)}`,
  ];
  const example = report.rows.reduce((a, r) => (r.batch_size * r.avg_seq_len > a.batch_size * a.avg_seq_len ? r : a));
  const band = predictWithBand(report, example.batch_size, example.avg_seq_len);
  lines.push('', `95% prediction band, e.g. at batch ${example.batch_size}, seq ${example.avg_seq_len}: ${num(band.predicted_ms, 2)} ms [${num(band.lo_ms, 2)}, ${num(band.hi_ms, 2)}]`);
  if (report.influence.flagged.length > 0) {
    lines.push('', `Influential steps (Cook's distance > 4/n = ${num(report.influence.cooks_threshold, 3)}):`);
    for (const p of report.influence.flagged.slice(0, 5)) {
      lines.push(`  line ${p.line}: batch ${p.batch_size}, seq ${p.avg_seq_len}: ${num(p.actual_ms, 2)} ms measured, ${num(p.predicted_ms, 2)} ms fitted, Cook's D ${num(p.cooks_distance, 3)}`);
    }
  }
  if (report.warnings.length > 0) {
    lines.push('', 'Warnings:', ...report.warnings.map((w) => `  ! ${w}`));
  }
  return lines.join('\n');
}

const stepfit: Command = {
  name: 'stepfit',
  summary: 'fit step_time = a*bs*seq + b*bs + c*seq + d to a JSONL step log (OLS, Huber, RANSAC, diagnostics)',
  usage: USAGE,
  async run(argv, io) {
    const args = parseArgs(argv);
    let text: string;
    try {
      text = await readFile(args.data, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new UsageError(`cannot read ${args.data}: ${fsCodeText(code) ?? (e as Error).message}${code ? ` (${code})` : ''}`);
    }
    let report: StepFitReport;
    try {
      report = fitStepTime(parseStepJsonl(text, args.data), { seed: args.seed });
    } catch (e) {
      if (e instanceof StepDataError) throw new UsageError(e.message);
      if (e instanceof StepFitError) throw new UsageError(`${args.data}: ${e.message}`);
      throw e;
    }
    io.out(args.json ? JSON.stringify(stepFitJson(report)) : formatReport(report, args.data));
    return 0;
  },
};

export default stepfit;
