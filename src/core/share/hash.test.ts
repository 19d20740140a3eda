import { describe, expect, it } from 'vitest';
import { DATASET_HASH_LENGTH, columnCountsSql, datasetHash, datasetHashFromSummary, datasetSummarySql, fnv1a64, nonEmptyColumns } from './hash.ts';

describe('datasetHash', () => {
  const columns = ['run_id', 'model', 'latency_ms'];
  const rows = [
    { run_id: 'r1', model: 'bert', latency_ms: 1.5 },
    { run_id: 'r2', model: 'vit', latency_ms: null },
  ];

  it('is a fixed-length hex string that ignores row order', () => {
    const h = datasetHash(rows, columns);
    expect(h).toMatch(new RegExp(`^[0-9a-f]{${DATASET_HASH_LENGTH}}$`));
    expect(datasetHash([...rows].reverse(), columns)).toBe(h);
  });

  it('changes when any value, row or column changes', () => {
    const h = datasetHash(rows, columns);
    expect(datasetHash([{ ...rows[0], latency_ms: 1.6 }, rows[1]], columns)).not.toBe(h);
    expect(datasetHash(rows.slice(1), columns)).not.toBe(h);
    expect(datasetHash([...rows, rows[0]], columns)).not.toBe(h);
    expect(datasetHash(rows, ['run_id', 'model'])).not.toBe(h);
    expect(datasetHash([{ ...rows[1], latency_ms: undefined }, rows[0]], columns)).toBe(h);
  });

  it('uses a fixed, documented hash (FNV-1a, two lanes)', () => {
    expect(fnv1a64('')).toBe('811c9dc5cbf29ce4');
    expect(fnv1a64('a')).not.toBe(fnv1a64('b'));
    expect(fnv1a64('\u0100')).not.toBe(fnv1a64('\u0001'));
  });
});

describe('datasetSummarySql', () => {
  it('names a DuckDB table by content, independent of row order, sensitive to any change', async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    const q = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, string>[];
    const columns = [
      { name: 'source', type: 'VARCHAR' }, { name: 'model', type: 'VARCHAR' }, { name: 'batch_size', type: 'INTEGER' },
      { name: 'latency_ms', type: 'DOUBLE' }, { name: 'measured_at', type: 'TIMESTAMP' },
    ];
    const hashOf = async (values: string) => {
      await conn.run('DROP TABLE IF EXISTS records');
      await conn.run('CREATE TABLE records (source VARCHAR, model VARCHAR, batch_size INTEGER, latency_ms DOUBLE, measured_at TIMESTAMP)');
      await conn.run(`INSERT INTO records VALUES ${values}`);
      const [row] = await q(datasetSummarySql(columns));
      return datasetHashFromSummary({ n: row.n, h: row.h }, columns);
    };
    const a = "('imported', 'bert', 1, 1.25, '2025-01-01 10:00:00')";
    const b = "('measured', 'vit', 8, NULL, NULL)";
    const p = "('predicted', 'vit', 16, 3.5, NULL)";
    const h = await hashOf(`${a}, ${b}`);
    expect(h).toMatch(/^[0-9a-f]{12}$/);
    expect(await hashOf(`${b}, ${a}`)).toBe(h);
    expect(await hashOf(`${b}, ${a}, ${p}`)).toBe(h);
    expect(await hashOf(`${a}, ${b}, ${a}`)).not.toBe(h);
    expect(await hashOf(`${a.replace('1.25', '1.26')}, ${b}`)).not.toBe(h);
    expect(await hashOf(`${a.replace('10:00:00', '10:00:01')}, ${b}`)).not.toBe(h);
    expect(await hashOf(a)).not.toBe(h);

    // Hashing only the columns that hold data: an empty column, or one filled only in predictions, changes nothing.
    const hashOfData = async (extra: string) => {
      const withExtra = [...columns, { name: 'power_w', type: 'DOUBLE' }];
      await conn.run('DROP TABLE IF EXISTS records');
      await conn.run('CREATE TABLE records (source VARCHAR, model VARCHAR, batch_size INTEGER, latency_ms DOUBLE, measured_at TIMESTAMP, power_w DOUBLE)');
      await conn.run(`INSERT INTO records VALUES ${extra}`);
      const [counts] = await q(columnCountsSql(withExtra));
      const used = nonEmptyColumns(withExtra, counts);
      const [row] = await q(datasetSummarySql(used));
      return { used: used.map((c) => c.name), hash: datasetHashFromSummary({ n: row.n, h: row.h }, used) };
    };
    const plain = await hashOfData("('imported', 'bert', 1, 1.25, NULL, NULL), ('measured', 'vit', 8, NULL, NULL, NULL)");
    expect(plain.used).toEqual(['source', 'model', 'batch_size', 'latency_ms']);
    const withPrediction = await hashOfData("('imported', 'bert', 1, 1.25, NULL, NULL), ('measured', 'vit', 8, NULL, NULL, NULL), ('predicted', 'vit', 8, 2.0, NULL, 300.0)");
    expect(withPrediction).toEqual(plain);
    const withPower = await hashOfData("('imported', 'bert', 1, 1.25, NULL, 250.0), ('measured', 'vit', 8, NULL, NULL, NULL)");
    expect(withPower.hash).not.toBe(plain.hash);
    conn.closeSync();
  });
});
