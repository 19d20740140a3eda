/** What the predict worker answers, over the typed RPC layer in rpc.ts. */
import type { Row } from '../core/features/columns.ts';
import type { Prediction } from '../core/predict/predictor.ts';
import type { Method } from './rpc.ts';

export interface PredictRequestBody {
  readonly train: readonly Row[];
  readonly query: readonly Row[];
  readonly target: string;
  readonly level: number;
  /** How many nearest measured neighbours to return per query row (0 for none). */
  readonly neighbours: number;
}

export interface NeighbourRow {
  readonly row: Row;
  readonly distance: number;
}

export interface PredictResult {
  readonly predictions: Prediction[];
  readonly neighbours: NeighbourRow[][];
  readonly trainRows: number;
  readonly features: readonly string[];
  readonly fitMs: number;
}

export type PredictMethods = {
  /** Trains on `train` and predicts `query`. */
  readonly predict: Method<PredictRequestBody, PredictResult>;
};
