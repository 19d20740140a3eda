/**
 * Runs one protocol: for every fold, fit the predictor on the fold's training rows only, predict
 * its test rows, and score the predictor and both baselines on exactly those rows.
 */
import { numericValue, type Row } from '../../features/columns.ts';
import { fitPredictor, type PredictorOptions } from '../predictor.ts';
import { groupOf, rooflineBaseline, scalingBaseline } from './baselines.ts';
import { computeMetrics, type Metrics } from './metrics.ts';
import { EvaluationInputError, makeFolds, type Protocol, type SplitOptions } from './splits.ts';

export interface EvalOptions extends Omit<SplitOptions, 'protocol'> {
  readonly protocol: Protocol;
  readonly target: string;
  readonly level?: number;
  readonly maxTrainRows?: number;
  readonly predictor?: Partial<PredictorOptions>;
  /** Called after each fold (progress output). */
  readonly onFold?: (fold: FoldResult, index: number, total: number) => void;
}

export interface MethodMetrics {
  readonly perfcast: Metrics;
  readonly roofline: Metrics;
  readonly scaling: Metrics;
  /** Perfcast on only the rows the scaling baseline could predict, for a like-for-like comparison. */
  readonly perfcastScalingRows: Metrics;
}

export interface FoldResult extends MethodMetrics {
  readonly name: string;
  readonly trainRows: number;
  readonly testRows: number;
  readonly shots: number;
  readonly fitMs: number;
}

export interface EvalReport {
  readonly protocol: Protocol;
  readonly target: string;
  readonly rows: number;
  readonly level: number;
  readonly folds: FoldResult[];
  readonly overall: MethodMetrics;
}

export function evaluate(allRows: readonly Row[], options: EvalOptions): EvalReport {
  const rows = allRows.filter((r) => numericValue(r[options.target]) > 0);
  if (rows.length < 2) throw new EvaluationInputError(`${rows.length === 0 ? 'no row has' : 'only one row has'} a positive numeric '${options.target}': an evaluation learns from some rows and tests on others, so it needs at least 2`);
  const level = options.level ?? 0.8;
  const folds = makeFolds(rows, options);
  if (folds.length === 0) throw new EvaluationInputError(noFoldsReason(rows, options));
  const pooled = { truth: [] as number[], group: [] as string[], pred: [] as number[], lo: [] as number[], hi: [] as number[], roof: [] as number[], scale: [] as number[] };
  const results: FoldResult[] = [];
  folds.forEach((fold, index) => {
    const start = Date.now();
    const predictor = fitPredictor(fold.train.map((i) => rows[i]), {
      ...options.predictor, target: options.target, level, seed: options.seed ?? 1, maxTrainRows: options.maxTrainRows ?? options.predictor?.maxTrainRows,
    });
    const testRows = fold.test.map((i) => rows[i]);
    const predictions = predictor.predict(testRows);
    const fitMs = Date.now() - start;
    const truth = testRows.map((r) => numericValue(r[options.target]));
    const group = testRows.map(groupOf);
    const pred = predictions.map((p) => p.value);
    const lo = predictions.map((p) => p.lo);
    const hi = predictions.map((p) => p.hi);
    const roof = rooflineBaseline(rows, fold.train, fold.test, options.target);
    const scale = scalingBaseline(rows, fold.train, fold.test, options.target);
    const result: FoldResult = {
      name: fold.name, trainRows: fold.train.length, testRows: fold.test.length, shots: fold.shots.length, fitMs,
      perfcast: computeMetrics(truth, pred, group, lo, hi),
      roofline: computeMetrics(truth, roof, group),
      scaling: computeMetrics(truth, scale, group),
      perfcastScalingRows: computeMetrics(truth, pred.map((p, i) => (scale[i] > 0 ? p : NaN)), group, lo, hi),
    };
    results.push(result);
    options.onFold?.(result, index, folds.length);
    pooled.truth.push(...truth);
    pooled.group.push(...group);
    pooled.pred.push(...pred);
    pooled.lo.push(...lo);
    pooled.hi.push(...hi);
    pooled.roof.push(...roof);
    pooled.scale.push(...scale);
  });
  return {
    protocol: options.protocol, target: options.target, rows: rows.length, level, folds: results,
    overall: {
      perfcast: computeMetrics(pooled.truth, pooled.pred, pooled.group, pooled.lo, pooled.hi),
      roofline: computeMetrics(pooled.truth, pooled.roof, pooled.group),
      scaling: computeMetrics(pooled.truth, pooled.scale, pooled.group),
      perfcastScalingRows: computeMetrics(pooled.truth, pooled.pred.map((p, i) => (pooled.scale[i] > 0 ? p : NaN)), pooled.group, pooled.lo, pooled.hi),
    },
  };
}

function noFoldsReason(rows: readonly Row[], options: EvalOptions): string {
  if (options.protocol === 'hardware-kshot') {
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(String(r.hardware), (counts.get(String(r.hardware)) ?? 0) + 1);
    const most = Math.max(...counts.values());
    const shots = options.shots ?? 10;
    if (shots >= most) return `--shots ${shots} leaves no hardware anything to test on: the most rows one hardware has is ${most}; use --shots ${Math.max(1, most - 1)} or fewer`;
  }
  return `protocol '${options.protocol}' found no split with rows both to learn from and to test on (${rows.length} rows)`;
}
