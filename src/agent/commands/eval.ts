import { UsageError, type Command, type Io } from '../command.ts';
import { PRESETS } from '../../core/presets/index.ts';
import { evaluate, type EvalReport, type FoldResult } from '../../core/predict/evaluate/run.ts';
import { EvaluationInputError, PROTOCOLS, type Protocol } from '../../core/predict/evaluate/splits.ts';
import { PRESET_PROTOCOLS } from '../../core/predict/evaluate/preset-protocols.ts';
import type { Metrics } from '../../core/predict/evaluate/metrics.ts';
import { checkTarget, parseArgs, required } from '../args.ts';
import { readInput } from '../read-input.ts';
import { prepareRows } from '../../services/model.ts';

const USAGE = `Usage: perfcast eval --data FILE --target latency_ms --protocol random|hardware|hardware-kshot|model [options]

Cross-validates the predictor on FILE and prints, per fold and overall, MAPE, median APE, the
share within +-10% and +-25%, Spearman rho within each hardware (averaged), R2 of log values and
80%-interval coverage, next to two baselines on the same splits: roofline with one global
efficiency, and one scaling factor from the nearest measured hardware.

Options:
  --shots 10            measurements of each held-out hardware given to training (hardware-kshot)
  --preset NAME         read FILE through an import preset (${PRESETS.map((p) => p.id).join(', ')});
                        for 'help' the hardware protocols follow the HELP paper (meta-test devices,
                        reference architectures as shots)
  --unit COLS           columns forming the held-out unit (default hardware, or model)
  --holdout U1,U2       unit values to hold out, one fold each (default: all, grouped into <= --max-folds)
  --shot-models M1,M2   models taken as the shots, in order
  --max-folds 30        group units into at most this many folds
  --max-train 20000     rows the trees are grown on per fold (a deterministic sample)
  --level 0.8           interval coverage
  --seed 1
  --json                print the full report as JSON`;

function pct(v: number): string {
  return Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : 'n/a';
}
function num(v: number): string {
  return Number.isFinite(v) ? v.toFixed(3) : 'n/a';
}

function line(label: string, m: Metrics): string {
  return `  ${label.padEnd(9)} n=${String(m.n).padStart(6)}  MAPE ${pct(m.mape).padStart(7)}  medAPE ${pct(m.medianApe).padStart(6)}  ` +
    `<=10% ${pct(m.within10).padStart(6)}  <=25% ${pct(m.within25).padStart(6)}  rho ${num(m.spearman)}  R2log ${num(m.r2Log)}  cover80 ${pct(m.coverage)}` +
    (m.missing ? `  (${m.missing} rows n/a)` : '');
}

export function formatFold(f: FoldResult): string {
  return [
    `${f.name}: train ${f.trainRows} rows${f.shots ? ` (${f.shots} shots)` : ''}, test ${f.testRows}, ${(f.fitMs / 1000).toFixed(1)} s`,
    line('perfcast', f.perfcast), line('roofline', f.roofline), line('scaling', f.scaling),
    ...(f.scaling.missing ? [line('perfcast*', f.perfcastScalingRows)] : []),
  ].join('\n');
}

export function formatReport(r: EvalReport): string {
  return [
    `overall (${r.protocol}, ${r.target}, ${r.rows} rows, ${r.folds.length} folds):`,
    line('perfcast', r.overall.perfcast), line('roofline', r.overall.roofline), line('scaling', r.overall.scaling),
    ...(r.overall.scaling.missing ? [line('perfcast*', r.overall.perfcastScalingRows), '  (perfcast* = Perfcast on the rows the scaling baseline could predict)'] : []),
  ].join('\n');
}

async function run(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, ['data', 'target', 'protocol', 'shots', 'preset', 'unit', 'holdout', 'shot-models', 'max-folds', 'max-train', 'level', 'seed'], ['json']);
  const path = required(args, 'data');
  const target = required(args, 'target');
  const protocol = required(args, 'protocol') as Protocol;
  if (!PROTOCOLS.includes(protocol)) throw new UsageError(`--protocol must be one of ${PROTOCOLS.join(', ')}, got '${protocol}'`);
  const numberOf = (name: string, fallback: number): number => {
    const raw = args.values.get(name);
    const v = raw === undefined ? fallback : Number(raw);
    if (!Number.isFinite(v) || v <= 0) throw new UsageError(`--${name} must be a positive number, got '${raw}'`);
    return v;
  };
  const list = (name: string): string[] | undefined => args.values.get(name)?.split(',').map((s) => s.trim()).filter(Boolean);
  const presetId = args.values.get('preset');
  const data = await readInput(path, 'train', io, presetId);
  checkTarget(data.rows, data.columns, target, path);
  const published = data.preset && protocol.startsWith('hardware') ? PRESET_PROTOCOLS[data.preset] : undefined;
  const json = args.flags.has('json');
  if (published && !json) io.out(`protocol: ${published.note}`);
  // Rows as every model sees them (catalog facts filled in), so the figures are those of `perfcast predict`.
  let report;
  try {
    report = evaluate(prepareRows(data.rows), {
    protocol, target,
    shots: numberOf('shots', 10),
    unit: list('unit') ?? published?.unit,
    holdout: list('holdout') ?? published?.holdout,
    shotModels: list('shot-models') ?? published?.shotModels,
    maxFolds: numberOf('max-folds', 30),
    maxTrainRows: numberOf('max-train', 20000),
    level: numberOf('level', 0.8),
    seed: numberOf('seed', 1),
    onFold: json ? undefined : (fold) => io.out(formatFold(fold)),
    });
  } catch (error) {
    if (error instanceof EvaluationInputError) throw new UsageError(`${path}: ${error.message}`);
    throw error;
  }
  if (json) io.out(JSON.stringify({ data: path, preset: data.preset, ...report }, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2));
  else io.out(formatReport(report));
  return 0;
}

const evalCommand: Command = { name: 'eval', summary: 'cross-validate the predictor against roofline and scaling baselines', usage: USAGE, run };
export default evalCommand;
