/**
 * Where import batches live between page loads. The page uses the IndexedDB store
 * (indexeddb-store.ts); Node and tests use the in-memory store below. Both keep StoredBatch
 * values, so the codec in batch.ts runs on both.
 */
import { decodeBatch, encodeBatch, type ImportBatch, type StoredBatch } from './batch.ts';
import type { ColumnInfo } from '../connector.ts';

export interface BatchSummary {
  readonly importId: string;
  readonly origin: string;
  readonly createdAt: string;
  readonly rowCount: number;
  /** The batch's columns and DuckDB types, to find a type conflict before a new import is stored. */
  readonly columns?: readonly ColumnInfo[];
  readonly meta?: Readonly<Record<string, string>>;
}

export interface BatchStore {
  /** Writes the whole batch in one transaction; replaces a batch with the same importId. */
  saveBatch(batch: ImportBatch): Promise<void>;
  /** Every batch, oldest first (by createdAt, then importId). */
  loadAll(): Promise<ImportBatch[]>;
  list(): Promise<BatchSummary[]>;
  /** One batch, or null where none has this importId. */
  load(importId: string): Promise<ImportBatch | null>;
  deleteBatch(importId: string): Promise<void>;
  clear(): Promise<void>;
  close(): void;
}

/** The raw key-value layer under a BatchStore: what differs between IndexedDB and memory. */
export interface StoredBatchBackend {
  put(value: StoredBatch): Promise<void>;
  getAll(): Promise<unknown[]>;
  get(importId: string): Promise<unknown>;
  delete(importId: string): Promise<void>;
  clear(): Promise<void>;
  close(): void;
}

export function byCreation(a: BatchSummary, b: BatchSummary): number {
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.importId < b.importId ? -1 : a.importId > b.importId ? 1 : 0;
}

export function batchStoreOver(backend: StoredBatchBackend): BatchStore {
  return {
    async saveBatch(batch) {
      await backend.put(encodeBatch(batch));
    },
    async loadAll() {
      const stored = (await backend.getAll()) as StoredBatch[];
      const batches = await Promise.all(stored.map((s) => decodeBatch(s)));
      return batches.sort((a, b) => byCreation(summaryOf(a), summaryOf(b)));
    },
    async list() {
      const stored = (await backend.getAll()) as StoredBatch[];
      return stored
        .map((s) => ({ importId: s.importId, origin: s.origin, createdAt: s.createdAt, rowCount: s.rowCount, columns: s.columns, meta: s.meta }))
        .sort(byCreation);
    },
    async load(importId) {
      const stored = await backend.get(importId);
      return stored === undefined || stored === null ? null : decodeBatch(stored);
    },
    deleteBatch: (importId) => backend.delete(importId),
    clear: () => backend.clear(),
    close: () => backend.close(),
  };
}

function summaryOf(b: ImportBatch): BatchSummary {
  return { importId: b.importId, origin: b.origin, createdAt: b.createdAt, rowCount: b.rows.length };
}

/** Keeps stored batches in a Map: for Node, tests, and pages where IndexedDB is unavailable. */
export function createMemoryBatchStore(): BatchStore {
  const values = new Map<string, StoredBatch>();
  return batchStoreOver({
    async put(value) {
      // a copy, as IndexedDB's structured clone would make
      values.set(value.importId, { ...value, parquetBytes: value.parquetBytes.slice(0) });
    },
    async getAll() {
      return [...values.values()];
    },
    async get(importId) {
      return values.get(importId);
    },
    async delete(importId) {
      values.delete(importId);
    },
    async clear() {
      values.clear();
    },
    close() {},
  });
}
