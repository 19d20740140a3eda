import type { Row } from '../core/features/columns.ts';
import type { Prediction } from '../core/predict/predictor.ts';
import { modelFor, type ModelStore } from './model-cache.ts';
import { predictWithModel } from './model.ts';
import { capUnderspecified } from './predict.ts';

export interface PagePredictionRequest {
  readonly train: readonly Row[];
  readonly query: readonly Row[];
  readonly target: string;
  readonly level: number;
  /** How many nearest measured neighbours to return per query row (0 for none). */
  readonly neighbours: number;
}

export interface PagePrediction {
  readonly modelId: string;
  /** True when the model was reloaded from the store instead of fitted for this request. */
  readonly reused: boolean;
  readonly predictions: Prediction[];
  readonly neighbours: { row: Row; distance: number }[][];
  readonly trainRows: number;
  /** Feature columns of the data the model learned from (internal derived features are not listed). */
  readonly features: readonly string[];
  readonly fitMs: number;
  readonly predictMs: number;
}

/** What the page's predict worker runs: the stored model for these rows (or a new fit), then its predictions. */
export async function predictForPage(store: ModelStore, request: PagePredictionRequest, now: () => number = () => Date.now()): Promise<PagePrediction> {
  const model = await modelFor(store, request.train, { target: request.target, level: request.level, query: request.query }, now);
  const start = now();
  const predictions = capUnderspecified(predictWithModel(model, request.query).predictions, request.query);
  const neighbours = request.neighbours > 0 ? request.query.map((row) => model.predictor.neighbours(row, request.neighbours)) : request.query.map(() => []);
  return {
    modelId: model.saved.id, reused: model.reused, predictions, neighbours, trainRows: model.saved.trainRows,
    features: model.saved.requiredColumns, fitMs: model.fitMs, predictMs: now() - start,
  };
}
