import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BenchmarkRecord } from '../../core/schema/record.ts';
import type { ColumnInfo, Connector, QueryResult, Row } from '../connector.ts';
import { createNodeConnector } from '../node-connector.ts';
import { createWasmNodeConnector } from '../wasm-node-connector.ts';
import { parseTable } from '../parse/parse-table.ts';
import { validateRows } from '../../core/schema/validate.ts';
import { RecordStore, RecordStoreError, sanitizeColumnName } from './record-store.ts';
import { whereSql } from '../../core/sql-filter.ts';

function rec(model: string, batch: number, extra: Record<string, string | number> = {}): BenchmarkRecord {
  return {
    source: 'imported', origin: 'file:test-fixture.csv', model, hardware: 'test-cpu', batch_size: batch,
    precision: 'fp32', latency_ms: batch * 1.5, ...extra,
  };
}

/** Wraps a real connector and fails the statement that matches `failOn`, as a full disk or a lost worker would. */
function failingOn(inner: Connector, failOn: RegExp): Connector {
  return {
    kind: inner.kind,
    query: (sql: string): Promise<QueryResult> => inner.query(sql),
    exec: async (sql: string) => {
      if (failOn.test(sql)) throw new Error('simulated failure: disk full');
      return inner.exec(sql);
    },
    insertRows: (table: string, columns: readonly ColumnInfo[], rows: readonly Row[]) => inner.insertRows(table, columns, rows),
    close: () => inner.close(),
  };
}

describe.each([
  ['native DuckDB', createNodeConnector],
  ['DuckDB-WASM', createWasmNodeConnector],
])('RecordStore on %s', (_engine, connect) => {
  let db: Connector;
  let store: RecordStore;
  // One engine per suite (DuckDB-WASM takes seconds to start); each test starts from no table.
  beforeAll(async () => {
    db = await connect();
  });
  beforeEach(async () => {
    await db.exec('DROP TABLE IF EXISTS records');
    store = new RecordStore(db);
    await store.ensureSchema();
  });
  afterAll(async () => {
    await db.close();
  });

  it('creates the records table with every field, typed, plus import_id', async () => {
    const columns = await store.tableColumns();
    const types = Object.fromEntries(columns.map((c) => [c.name, c.type]));
    expect(types.model).toBe('VARCHAR');
    expect(types.batch_size).toBe('BIGINT');
    expect(types.latency_ms).toBe('DOUBLE');
    expect(types.measured_at).toBe('TIMESTAMP');
    expect(types.import_id).toBe('VARCHAR');
    await store.ensureSchema();
    expect(await store.count()).toBe(0);
  });

  it('adds records, extra columns on demand, and reads them back in order', async () => {
    const first = await store.addRecords([rec('bert', 1, { 'GPU Clock (MHz)': 1410 }), rec('bert', 8, { note: 'warm' })], { importId: 'imp-1' });
    expect(first.added).toBe(2);
    expect(first.newColumns).toEqual([
      { name: 'gpu_clock_mhz', type: 'DOUBLE' },
      { name: 'note', type: 'VARCHAR' },
    ]);
    await store.addRecords([rec('vit', 4, { note: 7 })], { importId: 'imp-2' });
    const records = await store.selectRecords();
    expect(records.map((r) => r.model)).toEqual(['bert', 'bert', 'vit']);
    expect(records[0]).toEqual({ ...rec('bert', 1), gpu_clock_mhz: 1410 });
    // a number landing in an existing text column is stored as its text
    expect(records[2].note).toBe('7');
    expect(await store.count(`import_id = 'imp-2'`)).toBe(1);
    expect(await store.countsBySourceOrigin()).toEqual([{ source: 'imported', origin: 'file:test-fixture.csv', count: 3 }]);
  });

  it('leaves the table exactly as before when the insert fails after new columns were added', async () => {
    await store.addRecords([rec('kept', 1)], { importId: 'imp-1' });
    const columnsBefore = await store.tableColumns();
    const failing = new RecordStore(failingOn(db, /^INSERT INTO "records"/));
    await failing.ensureSchema();
    await expect(failing.addRecords([rec('a', 2, { new_metric: 1 }), rec('b', 4, { new_metric: 2 })], { importId: 'imp-2' }))
      .rejects.toThrow(/disk full/);
    const fresh = new RecordStore(db);
    expect(await fresh.tableColumns()).toEqual(columnsBefore);
    expect((await fresh.selectRecords()).map((r) => r.model)).toEqual(['kept']);
    const temp = await db.query("SELECT count(*) AS n FROM duckdb_tables() WHERE table_name LIKE '__perfcast%'");
    expect(temp.rows).toEqual([{ n: 0 }]);
    // the connection is usable afterwards
    await fresh.addRecords([rec('after', 2)], { importId: 'imp-3' });
    expect(await fresh.count()).toBe(2);
  });

  it('rolls back a failure raised by DuckDB itself in the middle of the transaction', async () => {
    await store.addRecords([rec('kept', 1)], { importId: 'imp-1' });
    const before = await store.tableColumns();
    // A column the table does not have yet, and a unique index that the second batch row violates.
    await db.exec('CREATE UNIQUE INDEX one_config ON records (model, batch_size)');
    await expect(store.addRecords([rec('new', 2, { extra_col: 'x' }), rec('kept', 1)], { importId: 'imp-2' })).rejects.toThrow(/constraint|duplicate/i);
    expect(await store.tableColumns()).toEqual(before);
    expect(await store.count()).toBe(1);
  });

  it('refuses text for a column that holds numbers, before writing anything', async () => {
    await store.addRecords([rec('a', 1, { clock: 1410 })], { importId: 'imp-1' });
    await expect(store.addRecords([rec('b', 2, { clock: 1500 }), rec('c', 4, { clock: 'fast' })], { importId: 'imp-2' }))
      .rejects.toThrow(RecordStoreError);
    await expect(store.addRecords([rec('c', 4, { clock: 'fast' })], { importId: 'imp-2' })).rejects.toThrow(/record 1: column clock holds numbers/);
    expect(await store.count()).toBe(1);
  });

  it('names the records table, row and column when a record has a value of the wrong type', async () => {
    const bad = { ...rec('a', 1), batch_size: 1.5 } as BenchmarkRecord;
    await expect(store.addRecords([rec('b', 2), bad], { importId: 'imp-1' })).rejects.toThrow(
      /^insertRows\(records\): row 2, column 'batch_size': expected an integer/,
    );
    expect(await store.count()).toBe(0);
  });

  it('runs concurrent imports one after another', async () => {
    const results = await Promise.all([
      store.addRecords([rec('a', 1, { x: 1 })], { importId: 'imp-1' }),
      store.addRecords([rec('b', 2, { y: 'z' })], { importId: 'imp-2' }),
      new RecordStore(db).addRecords([rec('c', 4)], { importId: 'imp-3' }),
    ]);
    expect(results.map((r) => r.added)).toEqual([1, 1, 1]);
    expect((await store.selectRecords()).map((r) => r.model)).toEqual(['a', 'b', 'c']);
  });

  it('selects with safe filters, including text that looks like SQL', async () => {
    await store.addRecords([rec("it's", 1), rec('bert', 8), rec('vit', 16)], { importId: 'imp-1' });
    const where = whereSql([
      { column: 'model', op: 'in', values: ["it's", 'vit', "x'); DROP TABLE records; --"] },
      { column: 'batch_size', op: '<=', value: 8 },
    ]);
    expect((await store.selectRecords(where)).map((r) => r.model)).toEqual(["it's"]);
    expect(await store.count()).toBe(3);
  });

  it('exports a selection that parses and validates back to the same records', async () => {
    const records = [rec('bert', 1, { note: 'a, "quoted" note' }), rec('vit', 4, { clock: 1.5 }), { ...rec('t5', 2), measured_at: '2025-01-31T12:00:00.000Z' }];
    await store.addRecords(records, { importId: 'imp-1' });
    for (const format of ['parquet', 'csv'] as const) {
      const bytes = await store.exportSelection(format);
      const table = await parseTable(`export.${format}`, bytes);
      expect(table.columns).not.toContain('import_id');
      const { records: back, problems } = validateRows(table.rows);
      expect(problems).toEqual([]);
      expect(back).toEqual(records);
    }
    const some = await store.exportSelection('csv', whereSql([{ column: 'model', op: '=', value: 'vit' }]));
    expect((await parseTable('some.csv', some)).rows.map((r) => r.model)).toEqual(['vit']);
  });
});

describe('sanitizeColumnName', () => {
  it('sanitizes extra column names', () => {
    expect(sanitizeColumnName('GPU Clock (MHz)')).toBe('gpu_clock_mhz');
    expect(sanitizeColumnName('2nd run')).toBe('c_2nd_run');
    expect(sanitizeColumnName('import_id')).toBe('extra_import_id');
    expect(sanitizeColumnName('"; DROP')).toBe('drop');
    expect(sanitizeColumnName('***')).toBe('column');
  });
});
