import type { Row } from '../features/columns.ts';
import { fitPredictor, type Prediction } from './predictor.ts';

export interface PredictionRun {
  readonly predictions: Prediction[];
  readonly neighbours: { row: Row; distance: number }[][];
  readonly trainRows: number;
  readonly features: readonly string[];
  readonly fitMs: number;
}

/** Fits on `train` and predicts `query`; what the page's worker runs. */
export function runPrediction(
  train: readonly Row[],
  query: readonly Row[],
  opts: { target: string; level: number; neighbours: number; now?: () => number },
): PredictionRun {
  const now = opts.now ?? (() => Date.now());
  const start = now();
  const queryColumns = [...new Set(query.flatMap((r) => Object.keys(r)))];
  const fitted = fitPredictor(train, { target: opts.target, level: opts.level, queryColumns });
  const predictions = fitted.predict(query);
  const neighbours = opts.neighbours > 0 ? query.map((row) => fitted.neighbours(row, opts.neighbours)) : query.map(() => []);
  return { predictions, neighbours, trainRows: fitted.trainRows, features: fitted.features, fitMs: now() - start };
}
