import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from './connector.ts';
import { parityRows, PARITY_QUERIES, runParityScript, type ParityOutcome } from './connector-parity-cases.ts';
import { createNodeConnector } from './node-connector.ts';
import { createWasmNodeConnector } from './wasm-node-connector.ts';

describe('native DuckDB and duckdb-wasm give the same answers', () => {
  let native: Connector;
  let wasm: Connector;
  let a: ParityOutcome;
  let b: ParityOutcome;

  beforeAll(async () => {
    native = await createNodeConnector();
    wasm = await createWasmNodeConnector();
    a = await runParityScript(native);
    b = await runParityScript(wasm);
  });
  afterAll(async () => {
    await native?.close();
    await wasm?.close();
  });

  it('reports which engine it is', () => {
    expect(native.kind).toBe('node');
    expect(wasm.kind).toBe('wasm');
  });

  for (const name of Object.keys(PARITY_QUERIES)) {
    it(`query ${name}`, () => {
      expect(b.results[name]).toEqual(a.results[name]);
      expect(a.results[name].rows.length).toBeGreaterThan(0);
    });
  }

  it('rejected inserts leave the table as it was, on both engines', () => {
    const total = parityRows().length;
    expect(a.failedInserts).toEqual([
      { error: 'NOT NULL constraint', countAfter: total },
      { error: expect.stringContaining("row 3, column 'latency_ms'"), countAfter: total },
    ]);
    expect(b.failedInserts).toEqual(a.failedInserts);
  });

  it('converts types the same way', () => {
    expect(a.results.types.rows).toEqual([
      { big: 9007199254740991, dec: 12.345, dbl: -0.5, txt: 'naïve ✓', ts: '2024-02-29T23:59:59.123Z', d: '2024-02-29', flag: 1, i: 3, f: 2.5 },
    ]);
    expect(a.results.types.columns.map((c) => c.type)).toEqual([
      'BIGINT', 'DECIMAL(10,3)', 'DOUBLE', 'VARCHAR', 'TIMESTAMP', 'DATE', 'BOOLEAN', 'INTEGER', 'FLOAT',
    ]);
    expect(a.results.groupByModelHardware.columns.find((c) => c.name === 'total_batch')?.type).toBe('HUGEINT');
    expect(a.results.edges.rows).toEqual([
      { batch_size: 1, latency_ms: 0, throughput_items_s: 0.1 + 0.2, measured_at: '2000-01-01T00:00:00.000Z' },
      { batch_size: 2 ** 40, latency_ms: 1e-300, throughput_items_s: 1.7976931348623157e308, measured_at: '1999-12-31T23:59:59.999Z' },
    ]);
  });

  it('date_trunc on a TIMESTAMP: DATE in DuckDB 1.4 (wasm 1.32), TIMESTAMP in 1.5 (node-api); cast it explicitly', async () => {
    const sql = "SELECT date_trunc('month', TIMESTAMP '2025-04-17 10:00:00') AS m";
    const [n, w] = [await native.query(sql), await wasm.query(sql)];
    expect(n.rows).toEqual([{ m: '2025-04-01T00:00:00.000Z' }]);
    expect(w.rows).toEqual([{ m: '2025-04-01' }]);
  });

  it('duckdb-wasm never fetches an extension: a query that needs one fails at once', async () => {
    await expect(wasm.query("SELECT * FROM read_parquet('nothing.parquet')")).rejects.toThrow(/parquet extension/);
    await expect(wasm.query("SELECT * FROM read_json('nothing.json')")).rejects.toThrow(/json extension/);
    const settings = await wasm.query(
      "SELECT current_setting('autoload_known_extensions') AS autoload, current_setting('autoinstall_known_extensions') AS autoinstall",
    );
    expect(settings.rows).toEqual([{ autoload: 0, autoinstall: 0 }]);
  });
});

describe.each([
  ['node', createNodeConnector],
  ['wasm', createWasmNodeConnector],
] as const)('insertRows on the %s connector', (_kind, open) => {
  let db: Connector;
  beforeAll(async () => {
    db = await open();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('goes straight into a TEMP table whose columns match (how the record store stages)', async () => {
    await db.exec('CREATE TEMP TABLE staged (model VARCHAR, n BIGINT, ms DOUBLE, ts TIMESTAMP)');
    const cols = [
      { name: 'model', type: 'VARCHAR' }, { name: 'n', type: 'BIGINT' }, { name: 'ms', type: 'DOUBLE' }, { name: 'ts', type: 'TIMESTAMP' },
    ];
    await db.insertRows('staged', cols, [
      { model: 'a', n: 2 ** 53 - 1, ms: 0.5, ts: '2025-01-01T00:00:00.123456Z' },
      { model: null, n: null, ms: null, ts: null },
    ]);
    const res = await db.query('SELECT model, n, ms, ts, epoch_us(ts) AS us FROM staged ORDER BY model NULLS LAST');
    expect(res.rows).toEqual([
      { model: 'a', n: 2 ** 53 - 1, ms: 0.5, ts: '2025-01-01T00:00:00.123Z', us: 1735689600123456 },
      { model: null, n: null, ms: null, ts: null, us: null },
    ]);
  });

  it('casts into declared types that have no native twin (INTEGER, DECIMAL, BOOLEAN, DATE, FLOAT) in a schema', async () => {
    await db.exec('CREATE SCHEMA IF NOT EXISTS s');
    await db.exec('CREATE TABLE s.typed (i INTEGER, d DECIMAL(10,2), b BOOLEAN, day DATE, f FLOAT, extra VARCHAR DEFAULT \'x\')');
    const cols = [
      { name: 'i', type: 'INTEGER' }, { name: 'd', type: 'DECIMAL(10,2)' }, { name: 'b', type: 'BOOLEAN' },
      { name: 'day', type: 'DATE' }, { name: 'f', type: 'FLOAT' },
    ];
    await db.insertRows('s.typed', cols, [
      { i: -5, d: 12.345, b: 1, day: '2024-02-29', f: 0.5 },
      { i: null, d: null, b: 0, day: null, f: null },
    ]);
    const res = await db.query('SELECT * FROM s.typed ORDER BY i NULLS LAST');
    expect(res.columns.map((c) => c.type)).toEqual(['INTEGER', 'DECIMAL(10,2)', 'BOOLEAN', 'DATE', 'FLOAT', 'VARCHAR']);
    expect(res.rows).toEqual([
      { i: -5, d: 12.35, b: 1, day: '2024-02-29', f: 0.5, extra: 'x' },
      { i: null, d: null, b: 0, day: null, f: null, extra: 'x' },
    ]);
  });

  it('refuses an INTEGER overflow as a whole batch', async () => {
    await db.exec('CREATE TABLE ints (i INTEGER)');
    await expect(db.insertRows('ints', [{ name: 'i', type: 'INTEGER' }], [{ i: 1 }, { i: 2 ** 40 }])).rejects.toThrow(/insertRows\(ints\)/);
    expect((await db.query('SELECT count(*) AS n FROM ints')).rows).toEqual([{ n: 0 }]);
  });
});

describe.each([
  ['node', createNodeConnector],
  ['wasm', createWasmNodeConnector],
] as const)('insertRows inside a caller transaction on the %s connector', (_kind, open) => {
  it('refuses, and DuckDB aborts the open transaction (so never call it inside one)', async () => {
    const db = await open();
    await db.exec('CREATE TABLE t (x BIGINT)');
    await db.exec('BEGIN TRANSACTION');
    await db.exec('INSERT INTO t VALUES (1)');
    await expect(db.insertRows('t', [{ name: 'x', type: 'BIGINT' }], [{ x: 2 }])).rejects.toThrow(/insertRows\(t\): cannot start its transaction/);
    await db.exec('ROLLBACK');
    expect((await db.query('SELECT x FROM t')).rows).toEqual([]);
    await db.insertRows('t', [{ name: 'x', type: 'BIGINT' }], [{ x: 3 }]);
    expect((await db.query('SELECT x FROM t')).rows).toEqual([{ x: 3 }]);
    await db.close();
  });
});
