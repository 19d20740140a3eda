/**
 * Pure layout for the step-time charts: scales, ticks, point positions and SVG paths computed
 * from a StepFitReport, so the React view only draws what these functions return (and tests
 * can check the geometry without a DOM).
 */
import { area, line, scaleLinear, scaleLog, type ScaleContinuousNumeric } from 'd3';
import { predictWithBand, type StepFitReport } from '../../../core/stepfit/index.ts';

export interface Margin { top: number; right: number; bottom: number; left: number }
export const MARGIN: Margin = { top: 12, right: 16, bottom: 44, left: 60 };

export interface Tick { readonly value: number; readonly pos: number; readonly label: string }
export interface PlotPoint {
  readonly cx: number;
  readonly cy: number;
  readonly x: number;
  readonly y: number;
  /** The step's 1-based line in the log. */
  readonly line: number;
  /** RANSAC outlier or influential (Cook's distance above 4/n). */
  readonly flagged: boolean;
  readonly title: string;
}

export interface ChartLayout {
  readonly width: number;
  readonly height: number;
  readonly margin: Margin;
  readonly innerWidth: number;
  readonly innerHeight: number;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xTicks: readonly Tick[];
  readonly yTicks: readonly Tick[];
  readonly points: readonly PlotPoint[];
  /** Reference line (y = x or y = 0) as an SVG path, when the chart has one. */
  readonly referencePath?: string;
  readonly fitPath?: string;
  readonly bandPath?: string;
}

export function formatTick(v: number): string {
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a >= 10000) return `${+(v / 1000).toPrecision(3)}k`;
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1).replace(/\.0$/, '');
  if (a >= 1) return v.toFixed(2).replace(/\.?0+$/, '');
  return String(+v.toPrecision(2));
}

function domainOf(values: readonly number[], pad = 0.05): [number, number] {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  if (lo === hi) return [lo - Math.abs(lo || 1) * 0.5, hi + Math.abs(hi || 1) * 0.5];
  const p = (hi - lo) * pad;
  return [lo - p, hi + p];
}

/** Log2 axis when a positive setting spans 8x or more (batch 1..64, seq 128..4096), linear otherwise. */
export function settingScale(values: readonly number[], range: [number, number]): { scale: ScaleContinuousNumeric<number, number>; log: boolean } {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  if (lo > 0 && hi / lo >= 8) {
    return { scale: scaleLog().base(2).domain([lo / 1.25, hi * 1.25]).range(range), log: true };
  }
  return { scale: scaleLinear().domain(domainOf(values, 0.08)).range(range).nice(), log: false };
}

function ticksOf(scale: ScaleContinuousNumeric<number, number>, log: boolean, count: number, values?: readonly number[]): Tick[] {
  let raw: number[];
  if (log && values) {
    raw = [...new Set(values)].sort((a, b) => a - b);
    if (raw.length > 10) raw = scale.ticks(count).filter((v) => Math.log2(v) % 1 === 0);
  } else {
    raw = scale.ticks(count);
  }
  return raw.map((value) => ({ value, pos: scale(value), label: formatTick(value) }));
}

function flaggedSet(report: StepFitReport): Set<number> {
  const s = new Set(report.influence.flagged.map((p) => p.index));
  report.ransac.inlier?.forEach((ok, i) => { if (!ok) s.add(i); });
  return s;
}

function pointTitle(report: StepFitReport, i: number): string {
  const r = report.rows[i];
  return `line ${r.line}: batch ${r.batch_size}, seq ${r.avg_seq_len}; measured ${formatTick(report.actual[i])} ms, ` +
    `OLS fit ${formatTick(report.ols.predicted[i])} ms (residual ${formatTick(report.ols.residuals[i])} ms)`;
}

function frame(width: number, height: number) {
  return { width, height, margin: MARGIN, innerWidth: width - MARGIN.left - MARGIN.right, innerHeight: height - MARGIN.top - MARGIN.bottom };
}

/** Fitted (OLS) against measured step time, with the y = x line. */
export function predictedVsActualLayout(report: StepFitReport, width: number, height: number): ChartLayout {
  const f = frame(width, height);
  const all = [...report.actual, ...report.ols.predicted];
  const dom = domainOf(all);
  const x = scaleLinear().domain(dom).range([0, f.innerWidth]).nice();
  const y = scaleLinear().domain(x.domain()).range([f.innerHeight, 0]);
  const flagged = flaggedSet(report);
  const [d0, d1] = x.domain();
  return {
    ...f,
    xLabel: 'measured step time (ms)',
    yLabel: 'fitted step time, OLS (ms)',
    xTicks: ticksOf(x, false, 6),
    yTicks: ticksOf(y, false, 6),
    points: report.actual.map((a, i) => ({
      x: a, y: report.ols.predicted[i], cx: x(a), cy: y(report.ols.predicted[i]), line: report.rows[i].line,
      flagged: flagged.has(i), title: pointTitle(report, i),
    })),
    referencePath: `M${x(d0)},${y(d0)}L${x(d1)},${y(d1)}`,
  };
}

/** Residual (measured − fitted) against fitted step time, with the zero line. */
export function residualLayout(report: StepFitReport, width: number, height: number): ChartLayout {
  const f = frame(width, height);
  const x = scaleLinear().domain(domainOf(report.ols.predicted)).range([0, f.innerWidth]).nice();
  const resid = report.ols.residuals;
  const bound = Math.max(...resid.map(Math.abs)) || 1;
  const y = scaleLinear().domain([-bound * 1.1, bound * 1.1]).range([f.innerHeight, 0]).nice();
  const flagged = flaggedSet(report);
  return {
    ...f,
    xLabel: 'fitted step time, OLS (ms)',
    yLabel: 'residual: measured − fitted (ms)',
    xTicks: ticksOf(x, false, 6),
    yTicks: ticksOf(y, false, 6),
    points: resid.map((r, i) => ({
      x: report.ols.predicted[i], y: r, cx: x(report.ols.predicted[i]), cy: y(r), line: report.rows[i].line,
      flagged: flagged.has(i), title: pointTitle(report, i),
    })),
    referencePath: `M0,${y(0)}L${f.innerWidth},${y(0)}`,
  };
}

/** Residual against one setting (batch size or sequence length): does the error grow with it? */
export function errorBySettingLayout(report: StepFitReport, setting: 'batch_size' | 'avg_seq_len', width: number, height: number): ChartLayout {
  const f = frame(width, height);
  const values = report.rows.map((r) => r[setting]);
  const { scale: x, log } = settingScale(values, [0, f.innerWidth]);
  const resid = report.ols.residuals;
  const bound = Math.max(...resid.map(Math.abs)) || 1;
  const y = scaleLinear().domain([-bound * 1.1, bound * 1.1]).range([f.innerHeight, 0]).nice();
  const flagged = flaggedSet(report);
  return {
    ...f,
    xLabel: setting === 'batch_size' ? `batch size (sequences${log ? ', log₂ axis' : ''})` : `average sequence length (tokens${log ? ', log₂ axis' : ''})`,
    yLabel: 'residual: measured − fitted (ms)',
    xTicks: ticksOf(x, log, 6, values),
    yTicks: ticksOf(y, false, 6),
    points: resid.map((r, i) => ({
      x: values[i], y: r, cx: x(values[i]), cy: y(r), line: report.rows[i].line, flagged: flagged.has(i), title: pointTitle(report, i),
    })),
    referencePath: `M0,${y(0)}L${f.innerWidth},${y(0)}`,
  };
}

/** The distinct sequence lengths in the log, most frequent first (ties: smaller first). */
export function sequenceLengthsByCount(report: StepFitReport): number[] {
  const counts = new Map<number, number>();
  for (const r of report.rows) counts.set(r.avg_seq_len, (counts.get(r.avg_seq_len) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([s]) => s);
}

/** The band chart's first sequence length: among the most frequent lengths, the middle one. */
export function defaultBandSequenceLength(report: StepFitReport): number {
  const counts = new Map<number, number>();
  for (const r of report.rows) counts.set(r.avg_seq_len, (counts.get(r.avg_seq_len) ?? 0) + 1);
  const top = Math.max(...counts.values());
  const tied = [...counts].filter(([, c]) => c === top).map(([s]) => s).sort((a, b) => a - b);
  return tied[(tied.length - 1) >> 1];
}

/**
 * OLS fit and its 95% prediction band across batch sizes at one sequence length, with the
 * measured steps logged at that length. The curve is sampled densely between the smallest and
 * largest batch in the log (no extrapolation drawn).
 */
export function bandLayout(report: StepFitReport, seqLen: number, width: number, height: number, samples = 60): ChartLayout {
  const f = frame(width, height);
  const batches = report.rows.map((r) => r.batch_size);
  const lo = Math.min(...batches);
  const hi = Math.max(...batches);
  const { scale: x, log } = settingScale(batches, [0, f.innerWidth]);
  const grid = Array.from({ length: samples }, (_, k) => {
    const t = k / (samples - 1);
    const b = log ? lo * (hi / lo) ** t : lo + (hi - lo) * t;
    return { b, ...predictWithBand(report, b, seqLen) };
  });
  const here = report.rows.map((r, i) => ({ r, i })).filter(({ r }) => r.avg_seq_len === seqLen);
  const yValues = [...grid.flatMap((g) => [g.lo_ms, g.hi_ms]), ...here.map(({ i }) => report.actual[i])];
  const y = scaleLinear().domain(domainOf(yValues)).range([f.innerHeight, 0]).nice();
  const flagged = flaggedSet(report);
  const fitPath = line<(typeof grid)[number]>().x((g) => x(g.b)).y((g) => y(g.predicted_ms))(grid) ?? undefined;
  const bandPath = area<(typeof grid)[number]>().x((g) => x(g.b)).y0((g) => y(g.lo_ms)).y1((g) => y(g.hi_ms))(grid) ?? undefined;
  return {
    ...f,
    xLabel: `batch size (sequences${log ? ', log₂ axis' : ''}) at sequence length ${formatTick(seqLen)}`,
    yLabel: 'step time (ms)',
    xTicks: ticksOf(x, log, 6, batches),
    yTicks: ticksOf(y, false, 6),
    points: here.map(({ r, i }) => ({
      x: r.batch_size, y: report.actual[i], cx: x(r.batch_size), cy: y(report.actual[i]), line: r.line,
      flagged: flagged.has(i), title: pointTitle(report, i),
    })),
    fitPath,
    bandPath,
  };
}

export interface ComparisonRow {
  readonly method: string;
  readonly note: string;
  readonly cells: Readonly<Record<string, string>>;
}

export const COMPARISON_COLUMNS: readonly { key: string; label: string }[] = [
  { key: 'a', label: 'a (ms per batch·token)' },
  { key: 'b', label: 'b (ms per sequence)' },
  { key: 'c', label: 'c (ms per token of length)' },
  { key: 'd', label: 'd (ms per step)' },
  { key: 'r2', label: 'R²' },
  { key: 'cv', label: '5-fold CV R² (mean ± std)' },
  { key: 'rmse', label: 'RMSE (ms)' },
  { key: 'mae', label: 'MAE (ms)' },
  { key: 'mape', label: 'MAPE (%)' },
  { key: 'max', label: 'max |err| (ms)' },
];

export function formatCoefficient(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a < 1e-3 || a >= 1e5 ? v.toExponential(3) : String(+v.toPrecision(5));
}

/** The OLS / Huber / RANSAC table, all metrics on all steps. */
export function comparisonRows(report: StepFitReport): ComparisonRow[] {
  const fits = [
    { fit: report.ols, method: 'OLS', note: 'ordinary least squares' },
    { fit: report.huber, method: 'Huber', note: `IRLS, k = 1.345, ${report.huber.iterations} iterations` },
    {
      fit: report.ransac, method: 'RANSAC',
      note: `${report.ransac.inlier?.filter(Boolean).length ?? report.n} of ${report.n} steps kept (|residual| ≤ ${formatTick(report.ransac.inlierThresholdMs ?? 0)} ms)`,
    },
  ];
  return fits.map(({ fit, method, note }) => {
    const m = fit.metrics;
    return {
      method, note,
      cells: {
        a: formatCoefficient(fit.coefficients.a), b: formatCoefficient(fit.coefficients.b),
        c: formatCoefficient(fit.coefficients.c), d: formatCoefficient(fit.coefficients.d),
        r2: m.r2.toFixed(4),
        cv: m.cv_r2_mean === null ? 'n/a (too few steps)' : `${m.cv_r2_mean.toFixed(4)} ± ${(m.cv_r2_std ?? 0).toFixed(4)}`,
        rmse: formatTick(m.rmse), mae: formatTick(m.mae), mape: m.mape.toFixed(2), max: formatTick(m.max_abs_error),
      },
    };
  });
}
