/// <reference lib="webworker" />
import { predictForPage } from '../services/page-prediction.ts';
import { memoryModelStore, type ModelStore } from '../services/model-cache.ts';
import { indexedDbModelStore } from '../data/persist/model-store-idb.ts';
import { PredictRequestType, PredictResponseType, type PredictRequest, type PredictResponse } from './predict-protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;

// Without IndexedDB (a private window may refuse it) models are still reused for this page's life.
let store: ModelStore;
try {
  store = typeof indexedDB === 'undefined' ? memoryModelStore() : indexedDbModelStore();
} catch {
  store = memoryModelStore();
}

scope.onmessage = async (event: MessageEvent<PredictRequest>) => {
  const request = event.data;
  let response: PredictResponse;
  try {
    if (request.type !== PredictRequestType.PREDICT) throw new Error(`unknown request type ${String(request.type)}`);
    const result = await predictForPage(store, request.body, () => performance.now());
    response = { requestId: request.messageId, type: PredictResponseType.RESULT, result };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    response = { requestId: request.messageId, type: PredictResponseType.ERROR, error: { name: e.name, message: e.message } };
  }
  scope.postMessage(response);
};
