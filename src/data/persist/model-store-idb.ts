/** The page's fitted models, in IndexedDB (its own database, so the import batches' schema stays as it is). */
import { createStore, get, set } from 'idb-keyval';
import type { ModelStore } from '../../services/model-cache.ts';
import type { SavedModel } from '../../services/model.ts';

export function indexedDbModelStore(): ModelStore {
  const store = createStore('perfcast-models', 'models');
  return {
    // A refused or full database costs a refit, never the prediction.
    get: (key) => get<SavedModel>(key, store).catch(() => undefined),
    put: (key, model) => set(key, model, store).catch(() => undefined),
  };
}
