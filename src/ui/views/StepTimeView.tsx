import { useMemo, useState, type DragEvent } from 'react';
import {
  fitStepTime, parseStepJsonl, predictWithBand, StepDataError, StepFitError, type StepFitReport,
} from '../../core/stepfit/index.ts';
import {
  bandLayout, COMPARISON_COLUMNS, comparisonRows, errorBySettingLayout, formatCoefficient, formatTick,
  predictedVsActualLayout, residualLayout, sequenceLengthsByCount, defaultBandSequenceLength,
} from '../charts/stepfit/layout.ts';
import { StepChart } from '../charts/stepfit/StepChart.tsx';
import '../charts/stepfit/stepfit.css';
import { describeError } from '../../data/persist/storage-errors.ts';

type Fit = { report: StepFitReport; fileName: string } | { error: string; fileName: string } | null;

function fitText(text: string, fileName: string): Fit {
  try {
    return { report: fitStepTime(parseStepJsonl(text, fileName)), fileName };
  } catch (e) {
    if (e instanceof StepDataError || e instanceof StepFitError) return { error: e.message, fileName };
    // Anything else is still shown: an uncaught error from a file handler would show nothing.
    return { error: `${fileName}: the fit failed: ${describeError(e)}`, fileName };
  }
}

const CHART_W = 460;
const CHART_H = 300;

export default function StepTimeView() {
  const [fit, setFit] = useState<Fit>(null);
  const [pasted, setPasted] = useState('');
  const [dragging, setDragging] = useState(false);

  const loadFile = async (file: File) => setFit(fitText(await file.text(), file.name));
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file) void loadFile(file);
  };

  return (
    <section className="stepfit" aria-labelledby="stepfit-title">
      <h2 id="stepfit-title">Step time</h2>
      <p className="intro">
        Fit the analytic law <code>step_time_ms = a·batch_size·seq_len + b·batch_size + c·seq_len + d</code> to your own
        training-step log: JSON Lines, one step a line, <code>{'{"batch_size": 8, "avg_seq_len": 512, "step_time": 0.21}'}</code>{' '}
        with <code>step_time</code> in seconds. The same fit runs on the command line as <code>perfcast stepfit --data steps.jsonl</code>.
      </p>
      <div className="input-row">
        <div
          className={`dropzone${dragging ? ' dragging' : ''}`}
          onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <p>Drop a <code>.jsonl</code> step log here, or</p>
          <label className="secondary">
            <input
              type="file" accept=".jsonl,.json,.ndjson,.txt" aria-label="Choose a step log file"
              onChange={(e) => { const f = e.target.files?.[0]; if (f) void loadFile(f); }}
            />
          </label>
        </div>
        <div>
          <label htmlFor="stepfit-paste">…or paste JSON Lines:</label>
          <textarea id="stepfit-paste" value={pasted} onChange={(e) => setPasted(e.target.value)} spellCheck={false} />
          <button type="button" className="primary" disabled={pasted.trim() === ''} onClick={() => setFit(fitText(pasted, 'pasted text'))}>
            Fit pasted steps
          </button>
        </div>
      </div>
      {fit && 'error' in fit ? (
        <div className="panel error" role="alert"><pre style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{fit.error}</pre></div>
      ) : null}
      {fit && 'report' in fit ? <FitResult report={fit.report} fileName={fit.fileName} /> : null}
    </section>
  );
}

function Card({ label, value, sub }: { label: string; value: string; sub?: string }) {
  return (
    <div className="card">
      <div className="label">{label}</div>
      <div className="value">{value}</div>
      {sub ? <div className="sub">{sub}</div> : null}
    </div>
  );
}

function FitResult({ report, fileName }: { report: StepFitReport; fileName: string }) {
  const seqChoices = useMemo(() => [...sequenceLengthsByCount(report)].sort((x, y) => x - y), [report]);
  const [seqLen, setSeqLen] = useState<number>(() => defaultBandSequenceLength(report));
  const seq = seqChoices.includes(seqLen) ? seqLen : defaultBandSequenceLength(report);
  const layouts = useMemo(() => ({
    pva: predictedVsActualLayout(report, CHART_W, CHART_H),
    resid: residualLayout(report, CHART_W, CHART_H),
    byBatch: errorBySettingLayout(report, 'batch_size', CHART_W, CHART_H),
    bySeq: errorBySettingLayout(report, 'avg_seq_len', CHART_W, CHART_H),
  }), [report]);
  const band = useMemo(() => bandLayout(report, seq, CHART_W, CHART_H), [report, seq]);
  const table = useMemo(() => comparisonRows(report), [report]);
  const { ols } = report;
  const m = ols.metrics;
  const d = ols.details;
  const se = d.coefficient_std_errors;
  const coefficientRows = [
    { k: 'a', meaning: 'per token in the batch (batch_size × seq_len)', unit: 'ms / token' },
    { k: 'b', meaning: 'per sequence in the batch', unit: 'ms / sequence' },
    { k: 'c', meaning: 'per token of sequence length', unit: 'ms / token' },
    { k: 'd', meaning: 'fixed per step', unit: 'ms' },
  ] as const;

  return (
    <div>
      <div className="fitted-banner">
        <span className="badge badge-fitted">fitted</span>
        <span>
          A least-squares model fitted to <strong>{fileName}</strong> ({report.n} steps). These are model values computed from
          your log, not measurements; the 95% bands describe where a new step of this same setup should fall.
        </span>
      </div>

      {report.warnings.length > 0 ? (
        <div className="warnings" role="alert" aria-label="Warnings about this fit">
          <strong>Check before trusting this fit</strong>
          <ul>{report.warnings.map((w) => <li key={w}>{w}</li>)}</ul>
        </div>
      ) : null}

      <div className="panel">
        <h3>Coefficients (OLS)</h3>
        <table className="coefficients">
          <thead><tr><th>term</th><th>value</th><th>± std. error</th><th>t</th><th>unit</th><th>meaning</th></tr></thead>
          <tbody>
            {coefficientRows.map(({ k, meaning, unit }) => (
              <tr key={k}>
                <td><strong>{k}</strong></td>
                <td className="num">{formatCoefficient(ols.coefficients[k])}</td>
                <td className="num">{formatCoefficient(se[k])}</td>
                <td className="num">{d.t_values[k].toFixed(1)}</td>
                <td>{unit}</td>
                <td>{meaning}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <div className="cards" aria-label="Fit metrics">
        <Card label="steps (n)" value={String(report.n)} />
        <Card label="R²" value={m.r2.toFixed(4)} sub={`adjusted ${m.adj_r2.toFixed(4)}`} />
        <Card label="5-fold CV R²" value={m.cv_r2_mean === null ? 'n/a' : m.cv_r2_mean.toFixed(4)} sub={m.cv_r2_std === null ? 'too few steps' : `± ${m.cv_r2_std.toFixed(4)} (std over folds)`} />
        <Card label="RMSE" value={`${formatTick(m.rmse)} ms`} sub={`MSE ${formatTick(m.mse)} ms²`} />
        <Card label="MAE" value={`${formatTick(m.mae)} ms`} />
        <Card label="MAPE" value={`${m.mape.toFixed(2)} %`} />
        <Card label="max |error|" value={`${formatTick(m.max_abs_error)} ms`} sub={`median ${formatTick(m.median_abs_error)} ms`} />
        <Card label={`F(${d.df_model}, ${d.df_residual})`} value={formatTick(d.f_statistic)} sub={`p = ${d.f_p_value.toExponential(2)}`} />
      </div>

      <p className="legend">
        <span><span className="swatch" style={{ background: '#1f5fbf' }} />step in the log</span>
        <span><span className="swatch" style={{ background: '#c2410c' }} />flagged: RANSAC outlier or Cook's distance above 4/n</span>
        <span><span className="swatch" style={{ background: '#a15c00' }} />OLS fit and 95% prediction band</span>
      </p>
      <div className="charts">
        <StepChart layout={layouts.pva} title="Fitted vs measured" caption="(points on the dashed y = x line are fitted exactly)" referenceLabel="y = x" />
        <StepChart layout={layouts.resid} title="Residuals" caption="(structure here means the law misses something)" />
        <StepChart layout={layouts.byBatch} title="Error by batch size" />
        <StepChart layout={layouts.bySeq} title="Error by sequence length" />
        <div>
          <label className="legend">
            95% prediction band at sequence length{' '}
            <select value={seq} onChange={(e) => setSeqLen(Number(e.target.value))} aria-label="Sequence length for the band chart">
              {seqChoices.map((s) => <option key={s} value={s}>{formatTick(s)}</option>)}
            </select>
          </label>
          <StepChart layout={band} title="Step time with 95% prediction band" caption="(OLS; drawn only across the logged batch sizes)" />
        </div>
      </div>

      <div className="panel">
        <h3>OLS vs robust fits</h3>
        <p className="legend">Same metrics for each fit, computed on every step in the log. When they disagree, outliers are steering least squares.</p>
        <table className="compare">
          <thead><tr><th>fit</th>{COMPARISON_COLUMNS.map((c) => <th key={c.key}>{c.label}</th>)}</tr></thead>
          <tbody>
            {table.map((row) => (
              <tr key={row.method}>
                <td><strong>{row.method}</strong><div className="note">{row.note}</div></td>
                {COMPARISON_COLUMNS.map((c) => <td key={c.key} className="num">{row.cells[c.key]}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <InfluencePanel report={report} />
      <PredictPanel report={report} />
    </div>
  );
}

function InfluencePanel({ report }: { report: StepFitReport }) {
  const { influence } = report;
  if (influence.flagged.length === 0) return null;
  return (
    <div className="panel">
      <h3>Influential steps</h3>
      <p className="legend">
        Cook's distance above 4/n = {influence.cooks_threshold.toFixed(3)}.{' '}
        {influence.r2_without_top.map((r) => `Without the top ${r.removed}: R² ${r.r2.toFixed(4)}`).join('; ')}
        {' '}(all steps: {report.ols.metrics.r2.toFixed(4)}).
      </p>
      <table className="compare">
        <thead><tr><th>line</th><th>batch size</th><th>seq len</th><th>measured (ms)</th><th>fitted (ms)</th><th>residual (ms)</th><th>leverage</th><th>Cook's D</th></tr></thead>
        <tbody>
          {influence.flagged.map((p) => (
            <tr key={p.line}>
              <td className="num">{p.line}</td><td className="num">{p.batch_size}</td><td className="num">{formatTick(p.avg_seq_len)}</td>
              <td className="num">{formatTick(p.actual_ms)}</td><td className="num">{formatTick(p.predicted_ms)}</td>
              <td className="num">{formatTick(p.residual_ms)}</td><td className="num">{p.leverage.toFixed(3)}</td>
              <td className="num">{p.cooks_distance.toFixed(3)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PredictPanel({ report }: { report: StepFitReport }) {
  const last = report.rows[report.rows.length - 1];
  const [batch, setBatch] = useState(String(last.batch_size));
  const [seq, setSeq] = useState(String(last.avg_seq_len));
  const b = Number(batch);
  const s = Number(seq);
  const valid = b > 0 && s > 0 && Number.isFinite(b) && Number.isFinite(s);
  const p = valid ? predictWithBand(report, b, s) : null;
  const maxB = Math.max(...report.rows.map((r) => r.batch_size));
  const maxS = Math.max(...report.rows.map((r) => r.avg_seq_len));
  const outside = valid && (b > maxB || s > maxS);
  return (
    <div className="panel">
      <h3>Predict a step</h3>
      <div className="predict-form">
        <label>batch size<br /><input type="number" min={1} value={batch} onChange={(e) => setBatch(e.target.value)} /></label>
        <label>sequence length<br /><input type="number" min={1} value={seq} onChange={(e) => setSeq(e.target.value)} /></label>
        {p ? (
          <output aria-label="Predicted step time">
            <span className="badge badge-predicted">predicted</span>{' '}
            {formatTick(p.predicted_ms)} ms, 95% prediction interval [{formatTick(p.lo_ms)}, {formatTick(p.hi_ms)}] ms (OLS fit of this log)
          </output>
        ) : <span className="error">enter positive numbers</span>}
      </div>
      {outside ? <p className="warning">Outside the logged range (batch ≤ {maxB}, seq ≤ {maxS}): an extrapolation; the band assumes the law still holds there.</p> : null}
    </div>
  );
}
