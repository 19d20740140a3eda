/** What the predict worker answers, over the typed RPC layer in rpc.ts. */
import type { Row } from '../core/features/columns.ts';
import type { PagePrediction, PagePredictionRequest } from '../services/page-prediction.ts';
import type { Method } from './rpc.ts';

export type PredictRequestBody = PagePredictionRequest;

export interface NeighbourRow {
  readonly row: Row;
  readonly distance: number;
}

export type PredictResult = PagePrediction;

export type PredictMethods = {
  /** Predicts `query` with the stored model for `train` and the target, fitting one first where none is stored. */
  readonly predict: Method<PredictRequestBody, PredictResult>;
};
