// The IndexedDB batch store with the page's DuckDB: save, reload + restore, undo, delete.
import type { Row } from '../../../src/data/connector.ts';
import type { ImportBatch } from '../../../src/data/persist/batch.ts';
import { openIndexedDbBatchStore } from '../../../src/data/persist/indexeddb-store.ts';
import { deleteAndRemove, insertInto, restoreAll, saveAndInsert } from '../../../src/data/persist/persisted-import.ts';
import { createWasmConnector } from '../../../src/data/wasm-connector.ts';

const TABLE = 'records';
const COLUMNS = [
  { name: 'import_id', type: 'VARCHAR' },
  { name: 'model', type: 'VARCHAR' },
  { name: 'latency_ms', type: 'DOUBLE' },
  { name: 'measured_at', type: 'TIMESTAMP' },
];

function batch(importId: string, rows: Omit<Row, 'import_id'>[]): ImportBatch {
  return { importId, origin: 'e2e-harness', createdAt: new Date().toISOString(), columns: COLUMNS, rows: rows.map((r) => ({ import_id: importId, ...r })) };
}

export async function runPersist(step: string): Promise<unknown> {
  const store = await openIndexedDbBatchStore(indexedDB, 'perfcast-e2e-harness');
  const db = await createWasmConnector();
  try {
    await db.exec(`CREATE TABLE ${TABLE} (import_id VARCHAR NOT NULL, model VARCHAR NOT NULL, latency_ms DOUBLE, measured_at TIMESTAMP)`);
    const restore = await restoreAll(store, insertInto(db, TABLE));
    let refused = '';
    if (step === 'save') {
      await saveAndInsert(store, batch('good-1', [
        { model: 'bert', latency_ms: 1.5, measured_at: '2025-03-01T10:00:00.000Z' },
        { model: 'vit', latency_ms: null, measured_at: null },
      ]), insertInto(db, TABLE));
      try {
        await saveAndInsert(store, batch('bad-1', [{ model: 'ok', latency_ms: 1 }, { model: null, latency_ms: 2 }]), insertInto(db, TABLE));
      } catch (e) {
        refused = (e as Error).message;
      }
    } else if (step === 'delete') {
      await deleteAndRemove(store, 'good-1', (id) => db.exec(`DELETE FROM ${TABLE} WHERE import_id = '${id.replaceAll("'", "''")}'`));
    } else if (step === 'clear') {
      await store.clear();
    }
    const rows = (await db.query(`SELECT * FROM ${TABLE} ORDER BY model`)).rows;
    const stored = await store.list();
    return { restore, refused, rows, stored };
  } finally {
    store.close();
    await db.close();
  }
}
