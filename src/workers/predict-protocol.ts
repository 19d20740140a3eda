/**
 * The predict worker's typed protocol (same shape as the bench worker's): string-enum request
 * types, a message id on every request, and errors as plain objects.
 */
import type { Row } from '../core/features/columns.ts';
import type { Prediction } from '../core/predict/predictor.ts';

export enum PredictRequestType {
  PREDICT = 'PREDICT',
}

export enum PredictResponseType {
  RESULT = 'RESULT',
  ERROR = 'ERROR',
}

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

export type PredictRequest = { readonly messageId: number; readonly type: PredictRequestType.PREDICT; readonly body: PredictRequestBody };

export type PredictResponse =
  | { readonly requestId: number; readonly type: PredictResponseType.RESULT; readonly result: PredictResult }
  | { readonly requestId: number; readonly type: PredictResponseType.ERROR; readonly error: { name: string; message: string } };
