/**
 * The predict worker's typed protocol (same shape as the bench worker's): string-enum request
 * types, a message id on every request, and errors as plain objects.
 */
import type { Row } from '../core/features/columns.ts';
import type { PagePrediction, PagePredictionRequest } from '../services/page-prediction.ts';

export enum PredictRequestType {
  PREDICT = 'PREDICT',
}

export enum PredictResponseType {
  RESULT = 'RESULT',
  ERROR = 'ERROR',
}

export type PredictRequestBody = PagePredictionRequest;

export interface NeighbourRow {
  readonly row: Row;
  readonly distance: number;
}

export type PredictResult = PagePrediction;

export type PredictRequest = { readonly messageId: number; readonly type: PredictRequestType.PREDICT; readonly body: PredictRequestBody };

export type PredictResponse =
  | { readonly requestId: number; readonly type: PredictResponseType.RESULT; readonly result: PredictResult }
  | { readonly requestId: number; readonly type: PredictResponseType.ERROR; readonly error: { name: string; message: string } };
