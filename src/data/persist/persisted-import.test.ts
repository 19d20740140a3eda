import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ColumnInfo, Connector, Row } from '../connector.ts';
import { createNodeConnector } from '../node-connector.ts';
import type { ImportBatch } from './batch.ts';
import { deleteAndRemove, insertInto, restoreAll, saveAndInsert } from './persisted-import.ts';
import { batchStoreOver, createMemoryBatchStore, type BatchStore } from './store.ts';

const COLUMNS: ColumnInfo[] = [
  { name: 'import_id', type: 'VARCHAR' },
  { name: 'model', type: 'VARCHAR' },
  { name: 'latency_ms', type: 'DOUBLE' },
];
const TABLE = 'records';

function batch(importId: string, createdAt: string, rows: Omit<Row, 'import_id'>[]): ImportBatch {
  return { importId, origin: 'test', createdAt, columns: COLUMNS, rows: rows.map((r) => ({ import_id: importId, ...r })) };
}

async function tableRows(db: Connector): Promise<readonly Row[]> {
  return (await db.query(`SELECT * FROM ${TABLE} ORDER BY import_id, model`)).rows;
}

const removeFrom = (db: Connector) => (importId: string) => db.exec(`DELETE FROM ${TABLE} WHERE import_id = '${importId.replaceAll("'", "''")}'`);

describe('batch store and DuckDB kept in step', () => {
  let db: Connector;
  let store: BatchStore;
  beforeEach(async () => {
    db = await createNodeConnector();
    await db.exec(`CREATE TABLE ${TABLE} (import_id VARCHAR NOT NULL, model VARCHAR NOT NULL, latency_ms DOUBLE)`);
    store = createMemoryBatchStore();
  });
  afterEach(async () => {
    await db.close();
  });

  it('saves then inserts, and a fresh database restores the same rows oldest first', async () => {
    await saveAndInsert(store, batch('b', '2025-02-01T00:00:00Z', [{ model: 'vit', latency_ms: 2 }]), insertInto(db, TABLE));
    await saveAndInsert(store, batch('a', '2025-01-01T00:00:00Z', [{ model: 'bert', latency_ms: 1 }, { model: 'gpt2', latency_ms: null }]), insertInto(db, TABLE));
    const before = await tableRows(db);
    expect(before).toHaveLength(3);
    expect((await store.list()).map((s) => [s.importId, s.rowCount])).toEqual([['a', 2], ['b', 1]]);

    const fresh = await createNodeConnector();
    await fresh.exec(`CREATE TABLE ${TABLE} (import_id VARCHAR NOT NULL, model VARCHAR NOT NULL, latency_ms DOUBLE)`);
    const order: string[] = [];
    const report = await restoreAll(store, async (b) => {
      order.push(b.importId);
      await insertInto(fresh, TABLE)(b);
    });
    expect(order).toEqual(['a', 'b']);
    expect(report.failed).toEqual([]);
    expect(await tableRows(fresh)).toEqual(before);
    await fresh.close();
  });

  it('undoes the saved batch when DuckDB refuses the rows', async () => {
    await saveAndInsert(store, batch('ok', '2025-01-01T00:00:00Z', [{ model: 'bert', latency_ms: 1 }]), insertInto(db, TABLE));
    const bad = batch('bad', '2025-01-02T00:00:00Z', [{ model: 'vit', latency_ms: 1 }, { model: null, latency_ms: 2 }]);
    await expect(saveAndInsert(store, bad, insertInto(db, TABLE))).rejects.toThrow(/NOT NULL/);
    expect((await store.list()).map((s) => s.importId)).toEqual(['ok']);
    expect((await tableRows(db)).map((r) => r.import_id)).toEqual(['ok']);
  });

  it('refuses a second batch with the same importId and changes nothing', async () => {
    const first = batch('same', '2025-01-01T00:00:00Z', [{ model: 'bert', latency_ms: 1 }]);
    await saveAndInsert(store, first, insertInto(db, TABLE));
    await expect(saveAndInsert(store, first, insertInto(db, TABLE))).rejects.toThrow(/already stored/);
    expect(await tableRows(db)).toHaveLength(1);
    expect(await store.list()).toHaveLength(1);
  });

  it('deletes from the store then from DuckDB, and saves the batch back when the DuckDB delete fails', async () => {
    await saveAndInsert(store, batch('x', '2025-01-01T00:00:00Z', [{ model: 'bert', latency_ms: 1 }]), insertInto(db, TABLE));
    await expect(deleteAndRemove(store, 'x', async () => { throw new Error('engine gone'); })).rejects.toThrow('engine gone');
    expect((await store.load('x'))?.rows).toEqual([{ import_id: 'x', model: 'bert', latency_ms: 1 }]);
    await deleteAndRemove(store, 'x', removeFrom(db));
    expect(await store.list()).toEqual([]);
    expect(await tableRows(db)).toEqual([]);
    await expect(deleteAndRemove(store, 'x', removeFrom(db))).rejects.toThrow('no stored batch x');
  });

  it('a save that fails leaves DuckDB untouched', async () => {
    const failing = batchStoreOver({
      put: async () => { throw new Error('QuotaExceededError'); },
      getAll: async () => [],
      get: async () => undefined,
      delete: async () => {},
      clear: async () => {},
      close() {},
    });
    await expect(saveAndInsert(failing, batch('q', '2025-01-01T00:00:00Z', [{ model: 'a', latency_ms: 1 }]), insertInto(db, TABLE))).rejects.toThrow('QuotaExceededError');
    expect(await tableRows(db)).toEqual([]);
  });

  it('restore reports a batch it cannot insert and keeps it stored', async () => {
    await store.saveBatch(batch('good', '2025-01-01T00:00:00Z', [{ model: 'a', latency_ms: 1 }]));
    await store.saveBatch(batch('broken', '2025-01-02T00:00:00Z', [{ model: null, latency_ms: 1 }]));
    const report = await restoreAll(store, insertInto(db, TABLE));
    expect(report.restored.map((s) => s.importId)).toEqual(['good']);
    expect(report.failed).toEqual([{ importId: 'broken', error: expect.stringMatching(/NOT NULL/) }]);
    expect(await store.list()).toHaveLength(2);
    await store.clear();
    expect(await store.loadAll()).toEqual([]);
  });
});
