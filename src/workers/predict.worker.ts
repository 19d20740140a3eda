/// <reference lib="webworker" />
import { runPrediction } from '../core/predict/run-request.ts';
import { PredictRequestType, PredictResponseType, type PredictRequest, type PredictResponse } from './predict-protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<PredictRequest>) => {
  const request = event.data;
  let response: PredictResponse;
  try {
    if (request.type !== PredictRequestType.PREDICT) throw new Error(`unknown request type ${String(request.type)}`);
    const { train, query, target, level, neighbours } = request.body;
    const result = runPrediction(train, query, { target, level, neighbours, now: () => performance.now() });
    response = { requestId: request.messageId, type: PredictResponseType.RESULT, result };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    response = { requestId: request.messageId, type: PredictResponseType.ERROR, error: { name: e.name, message: e.message } };
  }
  scope.postMessage(response);
};
