/**
 * Fit once, predict many: models kept by the hash of their training rows, the target and the
 * options, so a page (IndexedDB), the agent (memory) or a script reuses a fitted model instead
 * of refitting on every request. A stored model that no longer loads (older format) is refitted
 * and replaced.
 */
import type { Row } from '../core/features/columns.ts';
import { fnv1a64 } from '../core/share/hash.ts';
import { hashRows, loadModel, ModelError, MODEL_FORMAT_VERSION, queryColumnsOf, trainModel, type SavedModel, type TrainedModel, type TrainOptions } from './model.ts';
import { selectTrainingRows } from './training-rows.ts';

export interface ModelStore {
  get(key: string): Promise<SavedModel | undefined>;
  put(key: string, model: SavedModel): Promise<void>;
}

export function memoryModelStore(): ModelStore & { readonly size: number } {
  const models = new Map<string, SavedModel>();
  return {
    get: async (key) => models.get(key),
    put: async (key, model) => { models.set(key, model); },
    get size() { return models.size; },
  };
}

/**
 * Changes when the same rows and options fit a different model (2: rows in canonical order, see
 * canonicalRows), so a model stored by an earlier fit is not reused in its place.
 */
const FIT_VERSION = 2;

export function modelKey(dataHash: string, target: string, level: number, seed: number, queryColumns: readonly string[] | null): string {
  const columns = queryColumns ? [...queryColumns].sort().join(',') : '*';
  return `${dataHash}|${target}|${level}|${seed}|v${MODEL_FORMAT_VERSION}.${FIT_VERSION}|${fnv1a64(columns)}`;
}

export interface CachedModel extends TrainedModel {
  readonly key: string;
  /** True when the model came from the store rather than a fit just now. */
  readonly reused: boolean;
  readonly fitMs: number;
}

/** The stored model for these rows and target, or a new fit stored for next time. */
export async function modelFor(
  store: ModelStore,
  train: readonly Row[],
  options: Omit<TrainOptions, 'queryColumns'> & { readonly query?: readonly Row[]; readonly queryColumns?: readonly string[] },
  now: () => number = () => Date.now(),
): Promise<CachedModel> {
  const level = options.level ?? 0.8;
  const seed = options.seed ?? 1;
  const selected = selectTrainingRows(train, options.target, { includeSimulated: options.includeSimulated }).rows;
  const queryColumns = options.queryColumns ?? (options.query ? queryColumnsOf(options.query) : null);
  const key = modelKey(hashRows(selected), options.target, level, seed, queryColumns);
  const stored = await store.get(key);
  if (stored) {
    try {
      return { ...loadModel(stored, `stored model ${stored.id}`), key, reused: true, fitMs: 0 };
    } catch (error) {
      if (!(error instanceof ModelError)) throw error;
    }
  }
  const start = now();
  const { query: _query, queryColumns: _columns, ...rest } = options;
  const trained = trainModel(train, { ...rest, level, seed, queryColumns: queryColumns ?? undefined });
  const fitMs = now() - start;
  await store.put(key, trained.saved);
  return { ...trained, key, reused: false, fitMs };
}

