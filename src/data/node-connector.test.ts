import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ColumnInfo, Connector } from './connector.ts';
import { createNodeConnector } from './node-connector.ts';

const COLUMNS: ColumnInfo[] = [
  { name: 'model', type: 'VARCHAR' },
  { name: 'batch_size', type: 'BIGINT' },
  { name: 'latency_ms', type: 'DOUBLE' },
  { name: 'measured_at', type: 'TIMESTAMP' },
];

describe('node connector', () => {
  let db: Connector;
  beforeEach(async () => {
    db = await createNodeConnector();
    await db.exec('CREATE TABLE r (model VARCHAR NOT NULL, batch_size BIGINT, latency_ms DOUBLE, measured_at TIMESTAMP)');
  });
  afterEach(async () => {
    await db.close();
  });

  it('returns lists as JSON arrays of plain values', async () => {
    const res = await db.query(`SELECT [1, 2, 4]::BIGINT[] AS b, ['fp16', NULL] AS p, [TIMESTAMP '2024-03-01 00:00:00'] AS t`);
    expect(res.rows).toEqual([{ b: '[1,2,4]', p: '["fp16",null]', t: '["2024-03-01T00:00:00.000Z"]' }]);
  });

  it('returns plain JS values and DuckDB column types', async () => {
    const res = await db.query(`SELECT 42::BIGINT AS big, 1.25::DECIMAL(18,3) AS dec, 2.5::DOUBLE AS dbl, 'x' AS s,
      TIMESTAMP '2024-03-01 12:34:56.789' AS ts, DATE '2024-03-01' AS d, NULL::VARCHAR AS n, true AS b, 7::INTEGER AS i`);
    expect(res.columns).toEqual([
      { name: 'big', type: 'BIGINT' },
      { name: 'dec', type: 'DECIMAL(18,3)' },
      { name: 'dbl', type: 'DOUBLE' },
      { name: 's', type: 'VARCHAR' },
      { name: 'ts', type: 'TIMESTAMP' },
      { name: 'd', type: 'DATE' },
      { name: 'n', type: 'VARCHAR' },
      { name: 'b', type: 'BOOLEAN' },
      { name: 'i', type: 'INTEGER' },
    ]);
    expect(res.rows).toEqual([
      { big: 42, dec: 1.25, dbl: 2.5, s: 'x', ts: '2024-03-01T12:34:56.789Z', d: '2024-03-01', n: null, b: 1, i: 7 },
    ]);
    expect(typeof res.rows[0].big).toBe('number');
  });

  it('inserts rows with nulls, timestamps with offsets and column order other than the table', async () => {
    await db.insertRows('r', [COLUMNS[2], COLUMNS[0], COLUMNS[3], COLUMNS[1]], [
      { model: 'bert', batch_size: 1, latency_ms: 3.5, measured_at: '2024-01-02T03:04:05.250Z' },
      { model: 'vit', batch_size: 8, latency_ms: null, measured_at: '2024-01-02T05:04:05+02:00' },
      { model: 'gpt2', batch_size: null, latency_ms: 10 },
    ]);
    const res = await db.query('SELECT * FROM r ORDER BY model');
    expect(res.rows).toEqual([
      { model: 'bert', batch_size: 1, latency_ms: 3.5, measured_at: '2024-01-02T03:04:05.250Z' },
      { model: 'gpt2', batch_size: null, latency_ms: 10, measured_at: null },
      { model: 'vit', batch_size: 8, latency_ms: null, measured_at: '2024-01-02T03:04:05.000Z' },
    ]);
  });

  it('inserts all rows or none when the database rejects one', async () => {
    await db.insertRows('r', COLUMNS, [{ model: 'kept', batch_size: 1, latency_ms: 1, measured_at: null }]);
    await expect(
      db.insertRows('r', COLUMNS, [
        { model: 'a', batch_size: 1, latency_ms: 1, measured_at: null },
        { model: null, batch_size: 2, latency_ms: 2, measured_at: null },
      ]),
    ).rejects.toThrow(/insertRows\(r\).*NOT NULL/i);
    const res = await db.query('SELECT model FROM r');
    expect(res.rows).toEqual([{ model: 'kept' }]);
    // the connection is usable after the rollback, and no staging table is left behind
    await db.insertRows('r', COLUMNS, [{ model: 'after', batch_size: 3, latency_ms: 3, measured_at: null }]);
    expect((await db.query('SELECT count(*) AS n FROM r')).rows).toEqual([{ n: 2 }]);
    const temp = await db.query("SELECT count(*) AS n FROM duckdb_tables() WHERE table_name LIKE '__perfcast_stage%'");
    expect(temp.rows).toEqual([{ n: 0 }]);
  });

  it('names the row and column of a value of the wrong type and writes nothing', async () => {
    await expect(
      db.insertRows('r', COLUMNS, [
        { model: 'a', batch_size: 1, latency_ms: 1, measured_at: null },
        { model: 'b', batch_size: 1.5, latency_ms: 1, measured_at: null },
      ]),
    ).rejects.toThrow("insertRows(r): row 2, column 'batch_size': expected an integer for BIGINT, got number 1.5");
    await expect(
      db.insertRows('r', COLUMNS, [{ model: 'a', batch_size: 1, latency_ms: 'fast', measured_at: null }]),
    ).rejects.toThrow("row 1, column 'latency_ms': expected a number for DOUBLE, got string \"fast\"");
    await expect(
      db.insertRows('r', COLUMNS, [{ model: 'a', batch_size: 1, latency_ms: 1, measured_at: 'yesterday' }]),
    ).rejects.toThrow("row 1, column 'measured_at'");
    expect((await db.query('SELECT count(*) AS n FROM r')).rows).toEqual([{ n: 0 }]);
  });

  it('reports a missing table as an error and stays usable', async () => {
    await expect(db.insertRows('nope', COLUMNS, [{ model: 'a' }])).rejects.toThrow(/nope/);
    await expect(db.query('SELECT * FROM nope')).rejects.toThrow(/nope/);
    expect((await db.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('runs concurrent calls one after another without interleaving a transaction', async () => {
    const many = Array.from({ length: 5 }, (_, k) =>
      db.insertRows('r', COLUMNS, Array.from({ length: 100 }, (_, i) => ({ model: `m${k}`, batch_size: i, latency_ms: i / 2 }))),
    );
    const counts = db.query('SELECT count(*) AS n FROM r');
    await Promise.all(many);
    // a query queued between inserts sees whole batches only
    expect(Number((await counts).rows[0].n) % 100).toBe(0);
    expect((await db.query('SELECT count(*) AS n, count(DISTINCT model) AS m FROM r')).rows).toEqual([{ n: 500, m: 5 }]);
  });

  it('does not install extensions from the network', async () => {
    const res = await db.query("SELECT current_setting('autoinstall_known_extensions') AS v");
    expect(res.rows).toEqual([{ v: 0 }]);
  });
});

describe('node connector on a file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'perfcast-node-connector-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps committed rows across close and reopen', async () => {
    const path = join(dir, 'p.duckdb');
    const a = await createNodeConnector(path);
    await a.exec('CREATE TABLE r (model VARCHAR, batch_size BIGINT)');
    await a.insertRows('r', [{ name: 'model', type: 'VARCHAR' }, { name: 'batch_size', type: 'BIGINT' }], [{ model: 'x', batch_size: 4 }]);
    await a.close();
    const b = await createNodeConnector(path);
    expect((await b.query('SELECT * FROM r')).rows).toEqual([{ model: 'x', batch_size: 4 }]);
    await b.close();
    await expect(b.query('SELECT 1')).rejects.toThrow(/closed/);
  });
});
