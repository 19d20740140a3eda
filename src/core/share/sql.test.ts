import fc from 'fast-check';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filtersToSql, filtersToWhere } from './sql.ts';
import { quoteLiteral } from '../sql.ts';
import { emptyFilters, type Filters } from './state.ts';

let conn: DuckDBConnection;

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  return (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
}

beforeAll(async () => {
  const db = await DuckDBInstance.create(':memory:');
  conn = await db.connect();
  await conn.run(`CREATE TABLE records (model VARCHAR, hardware VARCHAR, precision VARCHAR, source VARCHAR, platform VARCHAR, batch_size INTEGER)`);
  await conn.run(`INSERT INTO records VALUES
    ('bert', 'a100', 'fp16', 'imported', 'cuda', 1),
    ('bert', 'a100', 'fp32', 'imported', 'cuda', 8),
    ('o''hara"; DROP TABLE records; --', 'cpu', 'fp32', 'measured', 'cpu', 1),
    ('vit', 'cpu', 'int8', 'measured', 'wasm', 4)`);
});

afterAll(() => conn?.closeSync());

function filters(partial: Partial<Filters>): Filters {
  return { ...emptyFilters(), ...partial };
}

describe('filtersToSql', () => {
  it('is TRUE with no filters and an AND of IN lists otherwise', () => {
    expect(filtersToSql(emptyFilters())).toBe('TRUE');
    expect(filtersToWhere(emptyFilters())).toBe('');
    expect(filtersToSql(filters({ model: ['bert'], batch: [1, 8] }))).toBe(`"model" IN ('bert') AND "batch_size" IN (1, 8)`);
    expect(filtersToWhere(filters({ precision: ['fp16'] }))).toBe(`WHERE "precision" IN ('fp16')`);
  });

  it('selects the matching rows in DuckDB', async () => {
    const out = await rows(`SELECT model, batch_size FROM records WHERE ${filtersToSql(filters({ hardware: ['a100'], batch: [8] }))}`);
    expect(out).toEqual([{ model: 'bert', batch_size: 8 }]);
  });

  it('quotes injection attempts as plain literals', async () => {
    const hostile = `o'hara"; DROP TABLE records; --`;
    const out = await rows(`SELECT hardware FROM records WHERE ${filtersToSql(filters({ model: [hostile, "'; DROP TABLE records; --"] }))}`);
    expect(out).toEqual([{ hardware: 'cpu' }]);
    expect(await rows('SELECT count(*)::INTEGER AS n FROM records')).toEqual([{ n: 4 }]);
  });

  it('leaves out batch values that are not integers', () => {
    const bad = filters({ batch: [1, Number.NaN, 2.5, '1; DROP TABLE records' as unknown as number] });
    expect(filtersToSql(bad)).toBe('"batch_size" IN (1)');
  });

  it('produces valid SQL that matches exactly the literal for any string', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ maxLength: 40, unit: 'binary' }), async (value) => {
      const clean = value.replace(/\u0000/g, '');
      const out = await rows(`SELECT ${quoteLiteral(value)} AS v WHERE ${filtersToSql(filters({ model: [value] })).replace('"model"', quoteLiteral(value))}`);
      expect(out).toEqual([{ v: clean }]);
    }), { numRuns: 150 });
  });
});
