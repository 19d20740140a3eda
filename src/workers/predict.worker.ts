/// <reference lib="webworker" />
import { runPrediction } from '../core/predict/run-request.ts';
import type { PredictMethods } from './predict-protocol.ts';
import { serve } from './rpc.ts';

serve<PredictMethods>(self as unknown as DedicatedWorkerGlobalScope, {
  predict: ({ train, query, target, level, neighbours }) =>
    runPrediction(train, query, { target, level, neighbours, now: () => performance.now() }),
});
