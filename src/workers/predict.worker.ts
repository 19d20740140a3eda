/// <reference lib="webworker" />
import { indexedDbModelStore } from '../data/persist/model-store-idb.ts';
import { memoryModelStore, type ModelStore } from '../services/model-cache.ts';
import { predictForPage } from '../services/page-prediction.ts';
import type { PredictMethods } from './predict-protocol.ts';
import { serve } from './rpc.ts';

// Without IndexedDB (a private window may refuse it) models are still reused for this page's life.
let store: ModelStore;
try {
  store = typeof indexedDB === 'undefined' ? memoryModelStore() : indexedDbModelStore();
} catch {
  store = memoryModelStore();
}

serve<PredictMethods>(self as unknown as DedicatedWorkerGlobalScope, {
  predict: (body) => predictForPage(store, body, () => performance.now()),
});
