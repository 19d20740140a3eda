import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createNodeConnector } from '../node-connector.ts';
import type { BenchmarkRecord } from '../../core/schema/record.ts';
import { validateRows } from '../../core/schema/validate.ts';
import { parseTable } from '../parse/parse-table.ts';
import { columnsForRecords, RECORD_COLUMNS } from './columns.ts';
import { toCsv } from './csv.ts';
import { toParquet } from './parquet.ts';

const RECORDS: BenchmarkRecord[] = [
  {
    source: 'simulated', origin: 'test-fixture', run_id: 'run-1', measured_at: '2025-01-31T12:00:00.000Z',
    model: 'bert-base', hardware: 'fixture-gpu-a', platform: 'cuda', batch_size: 8, seq_len: 128, precision: 'fp16',
    latency_ms: 12.3, latency_p90_ms: 13.25, runs: 50, memory_mb: 1210.5,
    note: 'comma, "quotes" and\nnewline', clock_mhz: 1410, tag: '007',
  },
  {
    source: 'imported', origin: 'file:fixture-results.csv', model: 'vit-b16', hardware: 'fixture-gpu-b', batch_size: 1,
    precision: 'int8', throughput_items_s: 1e-7, note: ' leading space', clock_mhz: 1590.25,
  },
  {
    source: 'predicted', origin: 'test-fixture', model: 'vit-b16', hardware: 'fixture-gpu-b', batch_size: 2,
    precision: 'int8', latency_ms: 0, tag: 'x',
  },
];

describe('toCsv', () => {
  it('quotes per RFC 4180 and writes nulls as empty fields', () => {
    const csv = toCsv(['a', 'b', 'c'], [
      { a: 'plain', b: 'has,comma', c: null },
      { a: 'say "hi"', b: 'two\nlines', c: 1.5 },
      { a: '', b: undefined, c: 0 },
    ]);
    expect(csv).toBe('a,b,c\r\nplain,"has,comma",\r\n"say ""hi""","two\nlines",1.5\r\n,,0\r\n');
  });

  it('writes a missing value of a column named constructor as empty, not as the inherited function', () => {
    expect(toCsv(['constructor'], [{ constructor: 'x' }, {}])).toBe('constructor\r\nx\r\n""\r\n');
  });

  it('keeps a one-column row with an empty value from becoming a blank line', () => {
    expect(toCsv(['a'], [{ a: null }, { a: 'x' }])).toBe('a\r\n""\r\nx\r\n');
  });
});

describe('columnsForRecords', () => {
  it('lists required fields, fields with values and typed extra columns', () => {
    const columns = columnsForRecords(RECORDS);
    expect(columns.slice(0, 4)).toEqual([
      { name: 'source', type: 'VARCHAR' },
      { name: 'origin', type: 'VARCHAR' },
      { name: 'run_id', type: 'VARCHAR' },
      { name: 'measured_at', type: 'TIMESTAMP' },
    ]);
    expect(columns.find((c) => c.name === 'batch_size')).toEqual({ name: 'batch_size', type: 'BIGINT' });
    expect(columns.slice(-3)).toEqual([
      { name: 'note', type: 'VARCHAR' },
      { name: 'clock_mhz', type: 'DOUBLE' },
      { name: 'tag', type: 'VARCHAR' },
    ]);
    expect(columns.some((c) => c.name === 'power_w')).toBe(false);
    expect(columnsForRecords(RECORDS, { allFields: true }).slice(0, RECORD_COLUMNS.length)).toEqual(RECORD_COLUMNS);
  });
});

describe('round trip: export, parseTable, validateRows', () => {
  it('Parquet gives back identical records', async () => {
    const bytes = toParquet(columnsForRecords(RECORDS), RECORDS);
    const table = await parseTable('round-trip.parquet', bytes);
    const { records, problems } = validateRows(table.rows);
    expect(problems).toEqual([]);
    expect(records).toEqual(RECORDS);
  });

  it('CSV gives back identical records', async () => {
    const columns = columnsForRecords(RECORDS).map((c) => c.name);
    const table = await parseTable('round-trip.csv', new TextEncoder().encode(toCsv(columns, RECORDS)));
    const { records, problems } = validateRows(table.rows);
    expect(problems).toEqual([]);
    expect(records).toEqual(RECORDS);
  });

  it('Parquet keeps column types a reader relies on', async () => {
    const bytes = toParquet([{ name: 'n', type: 'BIGINT' }, { name: 'x', type: 'DOUBLE' }, { name: 's', type: 'VARCHAR' }], [
      { n: 2 ** 40, x: 0.1, s: 'a' },
      { n: null, x: null, s: null },
    ]);
    const table = await parseTable('t.parquet', bytes);
    expect(table.rows).toEqual([{ n: 2 ** 40, x: 0.1, s: 'a' }, { n: null, x: null, s: null }]);
  });

  it('Parquet reads in DuckDB with the record\'s column types', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perfcast-export-'));
    const file = join(dir, 'records.parquet');
    writeFileSync(file, toParquet(columnsForRecords(RECORDS), RECORDS));
    const db = await createNodeConnector();
    try {
      const described = await db.query(`DESCRIBE SELECT * FROM read_parquet('${file}')`);
      const types = Object.fromEntries(described.rows.map((r) => [r.column_name, r.column_type]));
      expect(types).toMatchObject({
        model: 'VARCHAR', batch_size: 'BIGINT', latency_ms: 'DOUBLE', measured_at: 'TIMESTAMP', runs: 'BIGINT', clock_mhz: 'DOUBLE', tag: 'VARCHAR',
      });
      const rows = await db.query(`SELECT model, batch_size, measured_at, note FROM read_parquet('${file}') ORDER BY batch_size`);
      expect(rows.rows[0]).toEqual({ model: 'vit-b16', batch_size: 1, measured_at: null, note: ' leading space' });
      expect(rows.rows[2].measured_at).toBe('2025-01-31T12:00:00.000Z');
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a value that does not fit its column type, naming row and column', () => {
    expect(() => toParquet([{ name: 'batch_size', type: 'BIGINT' }], [{ batch_size: 1 }, { batch_size: 1.5 }])).toThrow(
      'row 2, column batch_size: cannot write 1.5 as BIGINT',
    );
  });
});
