import { fUpperTail, tQuantile } from '../math/special.ts';
import { mean, median, variance } from '../math/stats.ts';
import { leastSquares, quadForm, RankDeficientError } from './linalg.ts';
import type { StepRow } from './parse.ts';
import { mulberry32 } from '../random.ts';

/** step_time_ms = a·batch_size·seq_len + b·batch_size + c·seq_len + d */
export interface Coefficients {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly d: number;
}

export type FitMethod = 'ols' | 'huber' | 'ransac';

export interface FitMetrics {
  readonly r2: number;
  readonly adj_r2: number;
  readonly mse: number;
  readonly rmse: number;
  readonly mae: number;
  /** Percent. */
  readonly mape: number;
  readonly max_abs_error: number;
  readonly median_abs_error: number;
  readonly cv_r2_mean: number | null;
  readonly cv_r2_std: number | null;
  readonly cv_r2_folds: readonly number[];
}

export interface MethodFit {
  readonly method: FitMethod;
  readonly coefficients: Coefficients;
  readonly metrics: FitMetrics;
  readonly predicted: readonly number[];
  readonly residuals: readonly number[];
  /** Huber: final IRLS weights (1 = full weight). */
  readonly weights?: readonly number[];
  /** RANSAC: which points the consensus kept. */
  readonly inlier?: readonly boolean[];
  readonly inlierThresholdMs?: number;
  readonly iterations?: number;
}

export interface OlsDetails {
  readonly coefficient_std_errors: Coefficients;
  readonly t_values: Coefficients;
  readonly f_statistic: number;
  readonly f_p_value: number;
  readonly df_model: number;
  readonly df_residual: number;
  readonly residual_std_error: number;
  /** Two-sided 95% Student-t critical value on df_residual. */
  readonly t_critical_95: number;
  readonly xtxInv: readonly (readonly number[])[];
  readonly leverage: readonly number[];
  readonly cooks_distance: readonly number[];
  readonly studentized_residuals: readonly number[];
}

export interface InfluencePoint {
  readonly index: number;
  readonly line: number;
  readonly batch_size: number;
  readonly avg_seq_len: number;
  readonly actual_ms: number;
  readonly predicted_ms: number;
  readonly residual_ms: number;
  readonly leverage: number;
  readonly cooks_distance: number;
}

export interface Influence {
  /** 4/n, the usual screening level for Cook's distance. */
  readonly cooks_threshold: number;
  /** Points above the screening level, most influential first (at most 10). */
  readonly flagged: readonly InfluencePoint[];
  /** OLS refitted without the k most influential points, R² on the points that remain. */
  readonly r2_without_top: readonly { readonly removed: number; readonly lines: readonly number[]; readonly r2: number }[];
  /** True when dropping a few points (<= 5% of n, at most 3) moves R² by 0.05 or more. */
  readonly dominated: boolean;
}

export interface StepFitReport {
  readonly n: number;
  readonly rows: readonly StepRow[];
  /** Measured step times in ms. */
  readonly actual: readonly number[];
  readonly ols: MethodFit & { readonly details: OlsDetails };
  readonly huber: MethodFit;
  readonly ransac: MethodFit;
  readonly influence: Influence;
  readonly warnings: readonly string[];
}

export interface StepFitOptions {
  readonly folds?: number;
  readonly seed?: number;
  readonly huberK?: number;
  readonly ransacIterations?: number;
}

export class StepFitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StepFitError';
  }
}

const P = 4;
const DOMINANCE_R2_CHANGE = 0.05;

export function designRow(batch: number, seq: number): number[] {
  return [batch * seq, batch, seq, 1];
}

const toCoefficients = (beta: readonly number[]): Coefficients => ({ a: beta[0], b: beta[1], c: beta[2], d: beta[3] });
const asArray = (c: Coefficients): number[] => [c.a, c.b, c.c, c.d];

export function predictMs(c: Coefficients, batch: number, seq: number): number {
  return c.a * batch * seq + c.b * batch + c.c * seq + c.d;
}

/** Sum of squares about the mean; 0 when all values are equal. */
function totalSumOfSquares(y: readonly number[]): number {
  const m = mean(y);
  let s = 0;
  for (const v of y) s += (v - m) ** 2;
  return s;
}

export function rSquared(actual: readonly number[], predicted: readonly number[]): number {
  let sse = 0;
  for (let i = 0; i < actual.length; i++) sse += (actual[i] - predicted[i]) ** 2;
  const sst = totalSumOfSquares(actual);
  return sst === 0 ? (sse === 0 ? 1 : Number.NEGATIVE_INFINITY) : 1 - sse / sst;
}

/** Deterministic permutation (mulberry32 + Fisher-Yates), so fold assignment is reproducible. */
export function seededPermutation(n: number, seed: number): number[] {
  const random = mulberry32(seed);
  const perm = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  return perm;
}

type Fitter = (X: readonly number[][], y: readonly number[]) => Coefficients;

const dot4 = (x: readonly number[], beta: readonly number[]): number => x[0] * beta[0] + x[1] * beta[1] + x[2] * beta[2] + x[3] * beta[3];

const olsFitter: Fitter = (X, y) => toCoefficients(leastSquares(X, y).beta);

function huberFit(X: readonly number[][], y: readonly number[], k: number): { coefficients: Coefficients; weights: number[]; iterations: number } {
  let beta = leastSquares(X, y).beta;
  let weights = new Array<number>(y.length).fill(1);
  const yScale = Math.max(...y.map(Math.abs));
  let iterations = 0;
  for (; iterations < 100; iterations++) {
    const r = y.map((v, i) => v - dot4(X[i], beta));
    const center = median(r);
    const scale = Math.max(1.4826 * median(r.map((v) => Math.abs(v - center))), 1e-12 * yScale);
    weights = r.map((v) => (Math.abs(v / scale) <= k ? 1 : k / Math.abs(v / scale)));
    const next = leastSquares(X, y, weights).beta;
    const change = Math.max(...next.map((v, j) => Math.abs(v - beta[j]) / (Math.abs(beta[j]) + 1e-12)));
    beta = next;
    if (change < 1e-10) break;
  }
  return { coefficients: toCoefficients(beta), weights, iterations: iterations + 1 };
}

function* combinations4(n: number): Generator<[number, number, number, number]> {
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) for (let k = j + 1; k < n; k++) for (let l = k + 1; l < n; l++) yield [i, j, k, l];
}

function binomial4(n: number): number {
  return n < 4 ? 0 : (n * (n - 1) * (n - 2) * (n - 3)) / 24;
}

/**
 * Samples needed to draw one all-inlier 4-point sample with probability 0.999 when a share w of
 * the points are inliers (the standard adaptive RANSAC bound), at least 500.
 */
function ransacIterationsNeeded(w: number, max: number): number {
  const allInlier = w ** 4;
  if (allInlier >= 1) return 500;
  if (allInlier <= 0) return max;
  return Math.min(max, Math.max(500, Math.ceil(Math.log(1 - 0.999) / Math.log(1 - allInlier))));
}

function ransacFit(
  X: readonly number[][], y: readonly number[], huberK: number, maxIterations: number, seed: number,
  huberCoefficients?: Coefficients,
): { coefficients: Coefficients; inlier: boolean[]; threshold: number; iterations: number } {
  const n = y.length;
  const huber = huberCoefficients ?? huberFit(X, y, huberK).coefficients;
  const huberBeta = asArray(huber);
  const hr = y.map((v, i) => v - dot4(X[i], huberBeta));
  const center = median(hr);
  const scale = 1.4826 * median(hr.map((v) => Math.abs(v - center)));
  const threshold = Math.max(3 * scale, 1e-9 * Math.max(...y.map(Math.abs)));

  let state = seed >>> 0;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const samples: Iterable<number[]> = binomial4(n) <= maxIterations
    ? combinations4(n)
    : (function* () {
      for (let it = 0; it < maxIterations; it++) {
        const pick = new Set<number>();
        while (pick.size < 4) pick.add(Math.floor(random() * n));
        yield [...pick];
      }
    })();

  const exhaustive = binomial4(n) <= maxIterations;
  let bestCount = -1;
  let bestSse = Infinity;
  let bestInlier: boolean[] = [];
  let iterations = 0;
  let needed = maxIterations;
  for (const sample of samples) {
    if (!exhaustive && iterations >= needed) break;
    iterations++;
    let beta: number[];
    try {
      beta = leastSquares(sample.map((i) => X[i]), sample.map((i) => y[i])).beta;
    } catch (e) {
      if (e instanceof RankDeficientError) continue;
      throw e;
    }
    let count = 0;
    let sse = 0;
    const inlier = new Array<boolean>(n);
    for (let i = 0; i < n; i++) {
      const r = y[i] - dot4(X[i], beta);
      inlier[i] = Math.abs(r) <= threshold;
      if (inlier[i]) { count++; sse += r * r; }
    }
    if (count > bestCount || (count === bestCount && sse < bestSse)) {
      bestCount = count; bestSse = sse; bestInlier = inlier;
      needed = ransacIterationsNeeded(count / n, maxIterations);
    }
  }
  const idx = bestInlier.flatMap((ok, i) => (ok ? [i] : []));
  let coefficients: Coefficients;
  try {
    coefficients = toCoefficients(leastSquares(idx.map((i) => X[i]), idx.map((i) => y[i])).beta);
  } catch (e) {
    if (!(e instanceof RankDeficientError)) throw e;
    coefficients = huber;
    bestInlier = new Array<boolean>(n).fill(true);
  }
  return { coefficients, inlier: bestInlier, threshold, iterations };
}

function crossValidatedR2(
  X: readonly number[][], y: readonly number[], fitter: Fitter, folds: number, seed: number,
): number[] | null {
  const n = y.length;
  if (n < 2 * folds || n - Math.ceil(n / folds) <= P) return null;
  const perm = seededPermutation(n, seed);
  const fold = new Array<number>(n);
  perm.forEach((row, position) => { fold[row] = position % folds; });
  const scores: number[] = [];
  for (let f = 0; f < folds; f++) {
    const train = [...Array(n).keys()].filter((i) => fold[i] !== f);
    const test = [...Array(n).keys()].filter((i) => fold[i] === f);
    let c: Coefficients;
    try {
      c = fitter(train.map((i) => X[i]), train.map((i) => y[i]));
    } catch (e) {
      if (e instanceof RankDeficientError) return null;
      throw e;
    }
    const actual = test.map((i) => y[i]);
    const beta = asArray(c);
    const predicted = test.map((i) => dot4(X[i], beta));
    if (totalSumOfSquares(actual) === 0) continue;
    scores.push(rSquared(actual, predicted));
  }
  return scores.length >= 2 ? scores : null;
}

/** Sample standard deviation (n − 1). */
function sampleStd(values: readonly number[]): number {
  return Math.sqrt(variance(values));
}

export function fitMetrics(actual: readonly number[], predicted: readonly number[], cvFolds: readonly number[] | null): FitMetrics {
  const n = actual.length;
  const abs = actual.map((v, i) => Math.abs(v - predicted[i]));
  const sse = abs.reduce((s, e) => s + e * e, 0);
  const r2 = rSquared(actual, predicted);
  const mse = sse / n;
  return {
    r2,
    adj_r2: 1 - ((1 - r2) * (n - 1)) / (n - P),
    mse,
    rmse: Math.sqrt(mse),
    mae: mean(abs),
    mape: (100 * abs.reduce((s, e, i) => s + e / Math.abs(actual[i]), 0)) / n,
    max_abs_error: Math.max(...abs),
    median_abs_error: median(abs),
    cv_r2_mean: cvFolds ? mean(cvFolds) : null,
    cv_r2_std: cvFolds ? sampleStd(cvFolds) : null,
    cv_r2_folds: cvFolds ?? [],
  };
}

function methodFit(
  method: FitMethod, c: Coefficients, X: readonly number[][], y: readonly number[], cv: number[] | null,
  extra: Partial<MethodFit> = {},
): MethodFit {
  const beta = asArray(c);
  const predicted = X.map((x) => dot4(x, beta));
  return { method, coefficients: c, metrics: fitMetrics(y, predicted, cv), predicted, residuals: y.map((v, i) => v - predicted[i]), ...extra };
}

const fmt = (v: number, digits = 3): string => {
  if (Number.isInteger(v) && Math.abs(v) < 1e7) return String(v);
  return Math.abs(v) >= 1e6 || (Math.abs(v) < 0.001 && v !== 0) ? v.toExponential(2) : v.toFixed(digits);
};

/**
 * Fit the analytic step-time law by OLS, Huber IRLS and RANSAC, with diagnostics.
 * All times are in ms (the log's seconds x 1000).
 */
export function fitStepTime(rows: readonly StepRow[], options: StepFitOptions = {}): StepFitReport {
  try {
    return fitStepTimeUnchecked(rows, options);
  } catch (e) {
    // A later step (cross-validation folds, Huber) can meet a degenerate subset; say why in words.
    if (e instanceof RankDeficientError) throw new StepFitError(rankDeficientMessage(rows));
    throw e;
  }
}

/** Why the four coefficients cannot be separated, in terms of the log's own values. */
export function rankDeficientMessage(rows: readonly StepRow[]): string {
  const batches = [...new Set(rows.map((r) => r.batch_size))];
  const seqs = [...new Set(rows.map((r) => r.avg_seq_len))];
  const pairs = [...new Set(rows.map((r) => `(${r.batch_size}, ${r.avg_seq_len})`))];
  const head = 'cannot separate a, b, c and d: ';
  if (batches.length < 2) return `${head}batch_size has one value (${batches[0]}) in all ${rows.length} steps; log steps at a second batch size`;
  if (seqs.length < 2) return `${head}avg_seq_len has one value (${seqs[0]}) in all ${rows.length} steps; log steps at a second sequence length`;
  if (pairs.length < 4) {
    return `${head}the steps have only ${pairs.length} distinct (batch_size, avg_seq_len) combinations, ${pairs.join(', ')}; ` +
      'four coefficients need at least 4, e.g. two batch sizes each at two sequence lengths';
  }
  return `${head}batch_size (${batches.length} values) and avg_seq_len (${seqs.length} values) form ${pairs.length} combinations, ` +
    'but they move together (every combination lies on one curve), so the terms are not independent; add steps that vary one without the other';
}

function fitStepTimeUnchecked(rows: readonly StepRow[], options: StepFitOptions): StepFitReport {
  const folds = options.folds ?? 5;
  const seed = options.seed ?? 42;
  const huberK = options.huberK ?? 1.345;
  const ransacIterations = options.ransacIterations ?? 2000;
  const n = rows.length;
  if (n <= P) {
    throw new StepFitError(`need at least ${P + 1} steps to fit 4 coefficients and estimate the error; got ${n}`);
  }
  const X = rows.map((r) => designRow(r.batch_size, r.avg_seq_len));
  const y = rows.map((r) => r.step_time * 1000);

  let ls;
  try {
    ls = leastSquares(X, y);
  } catch (e) {
    if (e instanceof RankDeficientError) throw new StepFitError(rankDeficientMessage(rows));
    throw e;
  }
  const olsCoefficients = toCoefficients(ls.beta);
  const ols = methodFit('ols', olsCoefficients, X, y, crossValidatedR2(X, y, olsFitter, folds, seed));

  const dfResidual = n - P;
  const sse = ols.residuals.reduce((s, e) => s + e * e, 0);
  const sst = totalSumOfSquares(y);
  const sigma2 = sse / dfResidual;
  const se = ls.xtxInv.map((row, j) => Math.sqrt(sigma2 * row[j]));
  const fStatistic = ((sst - sse) / (P - 1)) / sigma2;
  const leverage = X.map((x) => quadForm(ls.xtxInv, x));
  const cooks = ols.residuals.map((e, i) => ((e * e) / (P * sigma2)) * (leverage[i] / (1 - leverage[i]) ** 2));
  const studentized = ols.residuals.map((e, i) => e / Math.sqrt(sigma2 * (1 - leverage[i])));
  const details: OlsDetails = {
    coefficient_std_errors: toCoefficients(se),
    t_values: toCoefficients(ls.beta.map((b, j) => b / se[j])),
    f_statistic: fStatistic,
    f_p_value: fUpperTail(fStatistic, P - 1, dfResidual),
    df_model: P - 1,
    df_residual: dfResidual,
    residual_std_error: Math.sqrt(sigma2),
    t_critical_95: tQuantile(0.975, dfResidual),
    xtxInv: ls.xtxInv,
    leverage,
    cooks_distance: cooks,
    studentized_residuals: studentized,
  };

  const huberResult = huberFit(X, y, huberK);
  const huber = methodFit('huber', huberResult.coefficients, X, y,
    crossValidatedR2(X, y, (Xt, yt) => huberFit(Xt, yt, huberK).coefficients, folds, seed),
    { weights: huberResult.weights, iterations: huberResult.iterations });
  const ransacResult = ransacFit(X, y, huberK, ransacIterations, seed, huberResult.coefficients);
  const ransac = methodFit('ransac', ransacResult.coefficients, X, y,
    crossValidatedR2(X, y, (Xt, yt) => ransacFit(Xt, yt, huberK, ransacIterations, seed).coefficients, folds, seed),
    { inlier: ransacResult.inlier, inlierThresholdMs: ransacResult.threshold, iterations: ransacResult.iterations });

  const influence = influenceCheck(rows, X, y, ols, leverage, cooks);
  const warnings = buildWarnings(n, rows, y, ols, huber, ransac, influence, details);
  return { n, rows, actual: y, ols: { ...ols, details }, huber, ransac, influence, warnings };
}

function influenceCheck(
  rows: readonly StepRow[], X: readonly number[][], y: readonly number[], ols: MethodFit,
  leverage: readonly number[], cooks: readonly number[],
): Influence {
  const n = rows.length;
  const threshold = 4 / n;
  const order = [...cooks.keys()].sort((i, j) => cooks[j] - cooks[i]);
  const point = (i: number): InfluencePoint => ({
    index: i, line: rows[i].line, batch_size: rows[i].batch_size, avg_seq_len: rows[i].avg_seq_len,
    actual_ms: y[i], predicted_ms: ols.predicted[i], residual_ms: ols.residuals[i], leverage: leverage[i], cooks_distance: cooks[i],
  });
  const flagged = order.filter((i) => cooks[i] > threshold).slice(0, 10).map(point);
  const maxRemoved = Math.min(3, Math.max(1, Math.floor(0.05 * n)));
  const r2WithoutTop: { removed: number; lines: number[]; r2: number }[] = [];
  for (let k = 1; k <= maxRemoved && n - k > P; k++) {
    const drop = new Set(order.slice(0, k));
    const keep = [...Array(n).keys()].filter((i) => !drop.has(i));
    try {
      const c = olsFitter(keep.map((i) => X[i]), keep.map((i) => y[i]));
      const actual = keep.map((i) => y[i]);
      const predicted = keep.map((i) => predictMs(c, rows[i].batch_size, rows[i].avg_seq_len));
      r2WithoutTop.push({ removed: k, lines: [...drop].map((i) => rows[i].line), r2: rSquared(actual, predicted) });
    } catch (e) {
      if (!(e instanceof RankDeficientError)) throw e;
    }
  }
  const dominated = r2WithoutTop.some((r) => Math.abs(r.r2 - ols.metrics.r2) >= DOMINANCE_R2_CHANGE);
  return { cooks_threshold: threshold, flagged, r2_without_top: r2WithoutTop, dominated };
}

function buildWarnings(
  n: number, rows: readonly StepRow[], y: readonly number[], ols: MethodFit, huber: MethodFit, ransac: MethodFit,
  influence: Influence, details: OlsDetails,
): string[] {
  const warnings: string[] = [];
  if (n < 20) warnings.push(`Only ${n} steps: every statistic here is uncertain; log more steps at more (batch size, sequence length) pairs.`);
  if (influence.dominated) {
    const worst = influence.r2_without_top.reduce((a, b) => (Math.abs(b.r2 - ols.metrics.r2) > Math.abs(a.r2 - ols.metrics.r2) ? b : a));
    const pts = influence.flagged.filter((p) => worst.lines.includes(p.line)).map((p) =>
      `line ${p.line} (batch ${p.batch_size}, seq ${fmt(p.avg_seq_len, 0)}: ${fmt(p.actual_ms, 1)} ms measured vs ${fmt(p.predicted_ms, 1)} ms fitted)`);
    warnings.push(
      `R² is dominated by ${worst.removed} point(s): without ${pts.join(', ') || `line(s) ${worst.lines.join(', ')}`} ` +
      `R² goes from ${fmt(ols.metrics.r2)} to ${fmt(worst.r2)}. One wall-clock hiccup (a GC pause, a checkpoint save, a data-loader stall) ` +
      'can do this. Check those steps, and trust the Huber or RANSAC fit more than OLS here.',
    );
  }
  const strong = influence.flagged.filter((p) => p.cooks_distance > 1);
  if (strong.length > 0 && !influence.dominated) {
    warnings.push(`Line(s) ${strong.map((p) => p.line).join(', ')} have Cook's distance above 1: each alone pulls the fitted law noticeably.`);
  }
  const relDiff = (a: readonly number[]) => median(a.map((v, i) => Math.abs(v - ols.predicted[i]) / Math.abs(y[i])));
  const huberDiff = relDiff(huber.predicted);
  if (huberDiff > 0.05) {
    warnings.push(`OLS and Huber predictions differ by ${fmt(100 * huberDiff, 1)}% (median over the steps): outliers are moving the least-squares fit.`);
  }
  const outliers = ransac.inlier ? ransac.inlier.filter((v) => !v).length : 0;
  if (outliers > 0) {
    warnings.push(`RANSAC set aside ${outliers} of ${n} steps as outliers (residual above ${fmt(ransac.inlierThresholdMs ?? 0, 2)} ms).`);
  }
  if (details.f_p_value > 0.05) {
    warnings.push(`The F-test does not reject "no relation" (p = ${fmt(details.f_p_value)}): batch size and sequence length explain little of the step time in this data.`);
  }
  if (ols.metrics.r2 >= 0.9 && ols.metrics.mape >= 20) {
    warnings.push(
      `R² is ${fmt(ols.metrics.r2)} but MAPE is ${fmt(ols.metrics.mape, 1)}%: least squares on milliseconds favours the slowest steps, ` +
      'so the fast ones are fitted poorly in relative terms. Judge the fit by the relative errors too, not by R² alone.',
    );
  }
  const negatives = (['a', 'b', 'c', 'd'] as const).filter((k) => ols.coefficients[k] < 0);
  if (negatives.length > 0) {
    warnings.push(`Coefficient(s) ${negatives.join(', ')} came out negative: the law fits inside the measured range, but do not extrapolate far outside it.`);
  }
  const batches = new Set(rows.map((r) => r.batch_size)).size;
  const seqs = new Set(rows.map((r) => r.avg_seq_len)).size;
  if (batches < 3 || seqs < 3) {
    warnings.push(`Few distinct settings (${batches} batch size(s), ${seqs} sequence length(s)): the fit can match them yet mislead in between.`);
  }
  return warnings;
}

export interface PredictionWithBand {
  readonly predicted_ms: number;
  readonly lo_ms: number;
  readonly hi_ms: number;
  readonly level: number;
}

/** OLS prediction for a new step with its prediction band (a new observation, not the mean). */
export function predictWithBand(report: StepFitReport, batch: number, seq: number, level = 0.95): PredictionWithBand {
  const { details } = report.ols;
  const x = designRow(batch, seq);
  const predicted = predictMs(report.ols.coefficients, batch, seq);
  const t = level === 0.95 ? details.t_critical_95 : tQuantile(0.5 + level / 2, details.df_residual);
  const half = t * details.residual_std_error * Math.sqrt(1 + quadForm(details.xtxInv, x));
  return { predicted_ms: predicted, lo_ms: predicted - half, hi_ms: predicted + half, level };
}

/** What share of the measured steps fall inside their own 95% prediction band (a calibration check, in-sample). */
export function bandCoverage(report: StepFitReport): number {
  let inside = 0;
  report.rows.forEach((r, i) => {
    const b = predictWithBand(report, r.batch_size, r.avg_seq_len);
    if (report.actual[i] >= b.lo_ms && report.actual[i] <= b.hi_ms) inside++;
  });
  return inside / report.n;
}
