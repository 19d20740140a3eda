/**
 * BatchStore on IndexedDB: database 'perfcast', object store 'import_batches' keyed by importId.
 * Each call is one IndexedDB transaction, so a batch is written whole or not at all.
 */
import type { StoredBatch } from './batch.ts';
import { batchStoreOver, type BatchStore } from './store.ts';

export const DB_NAME = 'perfcast';
export const DB_VERSION = 1;
export const BATCH_STORE = 'import_batches';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
  });
}

/** How long an IndexedDB open may take before the page goes on without it (memory only). */
export const OPEN_TIMEOUT_MS = 10_000;

export function openDatabase(factory: IDBFactory = indexedDB, name = DB_NAME, timeoutMs = OPEN_TIMEOUT_MS): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    let settled = false;
    // An open that never settles (a blocked upgrade, a wedged profile) would leave the page on "Starting DuckDB..." forever.
    const timer = setTimeout(() => {
      settled = true;
      reject(new Error(`IndexedDB database '${name}' did not open within ${timeoutMs / 1000} s (another tab may be holding it, or the browser is blocking site storage)`));
    }, timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      if (!settled) reject(error);
      settled = true;
    };
    const req = factory.open(name, DB_VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains(BATCH_STORE)) db.createObjectStore(BATCH_STORE, { keyPath: 'importId' });
    };
    req.onsuccess = () => {
      clearTimeout(timer);
      if (settled) req.result.close();
      else resolve(req.result);
      settled = true;
    };
    req.onerror = () => fail(req.error ?? new Error(`cannot open IndexedDB database '${name}'`));
    req.onblocked = () => fail(new Error(`IndexedDB database '${name}' is open in another tab with an older version`));
  });
}

/** Opens (creating on first use) the page's batch store. */
export async function openIndexedDbBatchStore(factory: IDBFactory = indexedDB, name = DB_NAME): Promise<BatchStore> {
  const db = await openDatabase(factory, name);
  const write = async (work: (store: IDBObjectStore) => void): Promise<void> => {
    const tx = db.transaction(BATCH_STORE, 'readwrite');
    const finished = done(tx);
    work(tx.objectStore(BATCH_STORE));
    await finished;
  };
  return batchStoreOver({
    put: (value: StoredBatch) => write((s) => s.put(value)),
    async getAll() {
      const tx = db.transaction(BATCH_STORE, 'readonly');
      return request(tx.objectStore(BATCH_STORE).getAll());
    },
    async get(importId: string) {
      const tx = db.transaction(BATCH_STORE, 'readonly');
      return request(tx.objectStore(BATCH_STORE).get(importId));
    },
    delete: (importId: string) => write((s) => s.delete(importId)),
    clear: () => write((s) => s.clear()),
    close: () => db.close(),
  });
}
