/**
 * Predicting one or several metrics of a query table, the same way for the page, every command
 * and the agent. Throughput is derived from latency and batch in one place: when both are asked
 * for and the training rows obey throughput = batch x 1000 / latency, only latency is learned and
 * throughput follows from it (interval ends swap), so the two can never contradict each other.
 */
import { numericValue, type Row } from '../core/features/columns.ts';
import { reciprocal } from '../core/predict/interval.ts';
import type { Prediction } from '../core/predict/predictor.ts';
import { median } from '../core/predict/stats.ts';
import { itemsOf, predictWithModel, queryColumnsOf, trainModel, type TrainedModel, type TrainOptions } from './model.ts';

export function targetIsLatency(target: string): boolean {
  return /_ms$/.test(target) && /latency/.test(target);
}

export function targetIsThroughput(target: string): boolean {
  return /throughput|items_s$/.test(target);
}

/** True when the rows' throughput is their batch x 1000 / latency (median error under 5 %). */
export function obeysBatchLaw(rows: readonly Row[], latency: string, throughput: string): boolean {
  const errors: number[] = [];
  for (const r of rows) {
    const l = numericValue(r[latency]);
    const t = numericValue(r[throughput]);
    if (l > 0 && t > 0) errors.push(Math.abs(Math.log((t * l) / (itemsOf(r) * 1000))));
  }
  return errors.length > 0 && median(errors) < 0.05;
}

/** Throughput (items/s) of each query row from its predicted latency (ms per batch). */
export function deriveThroughput(latency: readonly Prediction[], query: readonly Row[], latencyTarget: string): Prediction[] {
  return latency.map((p, i) => {
    const items = itemsOf(query[i]) * 1000;
    return { ...reciprocal(p, items), intervalBasis: `derived from ${latencyTarget}: ${p.intervalBasis}` };
  });
}

export interface TargetPredictions {
  readonly target: string;
  readonly modelId: string;
  readonly predictions: Prediction[];
  /** Set when the values were derived from another target's model. */
  readonly derivedFrom?: string;
}

/** Which targets need a model of their own, and which are derived from a latency model. */
export function planTargets(train: readonly Row[], targets: readonly string[]): { fitted: string[]; derived: Map<string, string> } {
  const latency = targets.find(targetIsLatency);
  const throughput = targets.find(targetIsThroughput);
  const derived = new Map<string, string>();
  if (latency && throughput && obeysBatchLaw(train, latency, throughput)) derived.set(throughput, latency);
  return { fitted: targets.filter((t) => !derived.has(t)), derived };
}

/** Predicts from fitted models (one per fitted target), deriving the rest. */
export function predictTargetsWithModels(models: ReadonlyMap<string, TrainedModel>, query: readonly Row[], targets: readonly string[], derived: ReadonlyMap<string, string>, where?: string): Map<string, TargetPredictions> {
  const out = new Map<string, TargetPredictions>();
  for (const target of targets) {
    if (derived.has(target)) continue;
    const model = models.get(target);
    if (!model) throw new Error(`no model of '${target}'`);
    const { modelId, predictions } = predictWithModel(model, query, where);
    out.set(target, { target, modelId, predictions: capUnderspecified(predictions, query) });
  }
  for (const [target, from] of derived) {
    const source = out.get(from)!;
    out.set(target, { target, modelId: source.modelId, predictions: deriveThroughput(source.predictions, query, from), derivedFrom: from });
  }
  return out;
}

/** The `perfcast predict --train` form: fit one model per needed target on `train`, with the query's columns as the features, and predict. */
export function trainAndPredict(train: readonly Row[], query: readonly Row[], targets: readonly string[], options: Omit<TrainOptions, 'target' | 'queryColumns'> = {}): { models: Map<string, TrainedModel>; predictions: Map<string, TargetPredictions> } {
  const { fitted, derived } = planTargets(train, targets);
  const queryColumns = queryColumnsOf(query);
  const models = new Map<string, TrainedModel>();
  for (const target of fitted) models.set(target, trainModel(train, { ...options, target, queryColumns }));
  return { models, predictions: predictTargetsWithModels(models, query, targets, derived) };
}

/** The columns that say which configuration a row is; a query with none of them describes no configuration. */
export const CONFIGURATION_COLUMNS = ['model', 'hardware', 'batch_size'] as const;

/** The most confidence a prediction can have when its query names no configuration. */
export const UNDERSPECIFIED_CONFIDENCE = 0.1;

/** True when the query has none of the configuration columns (with a value in some row). */
export function isUnderspecified(query: readonly Row[]): boolean {
  return !CONFIGURATION_COLUMNS.some((c) => query.some((r) => r[c] !== null && r[c] !== undefined && r[c] !== ''));
}

/** Caps the confidence of predictions of a query that names no configuration, and says so in their basis. */
export function capUnderspecified(predictions: Prediction[], query: readonly Row[]): Prediction[] {
  if (!isUnderspecified(query)) return predictions;
  return predictions.map((p) => ({
    ...p, confidence: Math.min(p.confidence, UNDERSPECIFIED_CONFIDENCE),
    intervalBasis: `${p.intervalBasis}; the query names no ${CONFIGURATION_COLUMNS.join(', ')}`,
  }));
}
