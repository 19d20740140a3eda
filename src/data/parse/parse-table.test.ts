import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { createNodeConnector } from '../node-connector.ts';
import { detectFormat, parseTable, TableParseError } from './parse-table.ts';

const FIXTURES = join(import.meta.dirname, '../../../tests/fixtures/data-core');
const fixture = (name: string): Uint8Array => readFileSync(join(FIXTURES, name));
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

async function parseError(name: string, bytes: Uint8Array, opts = {}): Promise<TableParseError> {
  try {
    await parseTable(name, bytes, opts);
  } catch (error) {
    expect(error).toBeInstanceOf(TableParseError);
    return error as TableParseError;
  }
  throw new Error(`expected ${name} to fail`);
}

describe('parseTable: CSV', () => {
  it('reads a header, quoted fields with commas and line breaks, and the line of each row', async () => {
    const table = await parseTable('fixture-results.csv', fixture('fixture-results.csv'));
    expect(table.format).toBe('csv');
    expect(table.columns).toEqual(['Model', 'GPU', 'Batch Size', 'dtype', 'Latency (s)', 'mem_mb', 'source', 'notes', 'clock_mhz']);
    expect(table.rows).toHaveLength(5);
    expect(table.rows[0].notes).toBe('warm, cached');
    expect(table.rows[3].notes).toBe('multi\nline note');
    // the multi-line row starts on line 5 and takes two lines, so the next row is on line 7
    expect(table.rowNumbers).toEqual([2, 3, 4, 5, 7]);
    expect(table.rowLabel).toBe('line');
  });

  it('skips blank lines but keeps counting them, handles CRLF, a BOM, TSV and semicolons', async () => {
    const crlf = await parseTable('a.csv', text('\uFEFF\r\nmodel,batch\r\nbert,1\r\n\r\n  \r\nvit,4\r\n'));
    expect(crlf.columns).toEqual(['model', 'batch']);
    expect(crlf.rows).toEqual([{ model: 'bert', batch: '1' }, { model: 'vit', batch: '4' }]);
    expect(crlf.rowNumbers).toEqual([3, 6]);
    const tsv = await parseTable('a.tsv', text('model\tbatch\n\tx\n'));
    expect(tsv.rows).toEqual([{ model: '', batch: 'x' }]);
    const semi = await parseTable('a.csv', text('model;batch\nbert;1\nvit;2\n'));
    expect(semi.rows[1]).toEqual({ model: 'vit', batch: '2' });
  });

  it('names empty header cells and refuses duplicate ones', async () => {
    const named = await parseTable('a.csv', text(',model\n0,bert\n'));
    expect(named.columns).toEqual(['column_1', 'model']);
    const dup = await parseError('dup.csv', text('model,batch,model\nbert,1,x\n'));
    expect(dup.message).toBe("dup.csv:1: the header names column 'model' twice");
  });

  it('names the line of a ragged row', async () => {
    const error = await parseError('fixture-ragged.csv', fixture('fixture-ragged.csv'));
    expect(error.line).toBe(3);
    expect(error.message).toBe(
      'fixture-ragged.csv:3: 1 row has a different number of fields than the header (line 1):\n  line 3: expected 5 fields as in the header, found 3',
    );
  });

  it('names the line of an unterminated quote', async () => {
    const error = await parseError('q.csv', text('a,b\n1,2\n3,"open\n5,6\n'));
    expect(error.message).toMatch(/^q\.csv:3: .*(Quoted field unterminated|MissingQuotes)/);
  });

  it('reads a header-only file as zero rows', async () => {
    const table = await parseTable('h.csv', text('model,batch_size\n'));
    expect(table.columns).toEqual(['model', 'batch_size']);
    expect(table.rows).toEqual([]);
  });
});

describe('parseTable: JSON', () => {
  it('reads an array of objects, numbering records from 1', async () => {
    const table = await parseTable('a.json', text('[{"model":"bert","batch_size":1},{"model":"vit","extra":null}]'));
    expect(table.columns).toEqual(['model', 'batch_size', 'extra']);
    expect(table.rows[1]).toEqual({ model: 'vit', extra: null });
    expect(table.rowNumbers).toEqual([1, 2]);
    expect(table.rowLabel).toBe('record');
  });

  it('reads {"records": [...]}', async () => {
    const table = await parseTable('fixture-records.json', fixture('fixture-records.json'));
    expect(table.rows).toHaveLength(2);
    expect(table.rows[1].source).toBe('predicted');
  });

  it('reads JSON Lines by extension, and by content in a .json file', async () => {
    const table = await parseTable('fixture-results.jsonl', fixture('fixture-results.jsonl'));
    expect(table.rows.map((r) => r.batch_size)).toEqual([1, 4]);
    expect(table.rowNumbers).toEqual([1, 2]);
    const sniffed = await parseTable('lines.json', text('{"a":1}\n\n{"a":2}\n'));
    expect(sniffed.rowNumbers).toEqual([1, 3]);
  });

  it('names the line and column of a syntax error', async () => {
    const error = await parseError('bad.json', text('[{"a":1},\n  {"a":2,}]'));
    expect(error.line).toBe(2);
    expect(error.message).toMatch(/^bad\.json:2: is not valid JSON: .*\(column 10\)$/);
    const lines = await parseError('bad.jsonl', text('{"a":1}\n{"a":\n'));
    expect(lines.message).toMatch(/^bad\.jsonl:2: is not valid JSON Lines: /);
  });

  it('refuses JSON that is not a table', async () => {
    expect((await parseError('n.json', text('42'))).message).toMatch(/^n\.json: holds JSON, but not a table/);
    expect((await parseError('l.json', text('[{"a":1}, [1,2]]'))).message).toBe('l.json: record 2 of the array is a list, not an object');
    expect((await parseError('l.jsonl', text('[1]\n'))).message).toBe('l.jsonl:1: is not valid JSON Lines: each line must be one JSON object');
  });
});

describe('parseTable: Parquet', () => {
  it('reads columns and rows, INT64 as numbers, timestamps as ISO strings, nulls as null', async () => {
    const bytes = new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          { name: 'model', data: ['bert', 'vit'], type: 'STRING' },
          { name: 'batch_size', data: [1n, 8n], type: 'INT64' },
          { name: 'latency_ms', data: [3.5, null], type: 'DOUBLE' },
          { name: 'measured_at', data: [new Date('2025-01-31T12:00:00Z'), null], type: 'TIMESTAMP' },
        ],
      }),
    );
    // the name does not say Parquet, the magic bytes do
    const table = await parseTable('export-without-extension', bytes);
    expect(table.format).toBe('parquet');
    expect(table.columns).toEqual(['model', 'batch_size', 'latency_ms', 'measured_at']);
    expect(table.rows).toEqual([
      { model: 'bert', batch_size: 1, latency_ms: 3.5, measured_at: '2025-01-31T12:00:00.000Z' },
      { model: 'vit', batch_size: 8, latency_ms: null, measured_at: null },
    ]);
    expect(table.rowNumbers).toEqual([1, 2]);
  });

  it('reads Parquet files DuckDB wrote, snappy and gzip, and names a codec it cannot read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perfcast-parse-'));
    const db = await createNodeConnector();
    try {
      for (const codec of ['snappy', 'gzip', 'zstd']) {
        await db.exec(
          `COPY (SELECT 'bert-base' AS model, range AS batch_size, range * 1.5 AS latency_ms, TIMESTAMP '2025-01-31 12:00:00' AS measured_at FROM range(1, 4)) ` +
            `TO '${join(dir, `${codec}.parquet`)}' (FORMAT parquet, COMPRESSION ${codec})`,
        );
      }
      for (const codec of ['snappy', 'gzip']) {
        const table = await parseTable(`${codec}.parquet`, readFileSync(join(dir, `${codec}.parquet`)));
        expect(table.rows[2]).toEqual({ model: 'bert-base', batch_size: 3, latency_ms: 4.5, measured_at: '2025-01-31T12:00:00.000Z' });
      }
      const error = await parseError('zstd.parquet', readFileSync(join(dir, 'zstd.parquet')));
      expect(error.message).toMatch(/^zstd\.parquet: is compressed with ZSTD, which Perfcast cannot read; write it with snappy, gzip/);
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names a truncated Parquet file', async () => {
    const bytes = new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'a', data: [1, 2, 3], type: 'DOUBLE' }] }));
    const error = await parseError('cut.parquet', bytes.subarray(0, bytes.length - 20));
    expect(error.message).toMatch(/^cut\.parquet: is not a readable Parquet file: /);
  });
});

describe('parseTable: bad input', () => {
  it('an empty file', async () => {
    expect((await parseError('fixture-empty.csv', fixture('fixture-empty.csv'))).message).toBe('fixture-empty.csv: is empty');
    expect((await parseError('blank.json', text(' \n\n '))).message).toBe('blank.json: is empty (only whitespace)');
  });

  it('binary garbage', async () => {
    const error = await parseError('fixture-garbage.csv', fixture('fixture-garbage.csv'));
    expect(error.message).toMatch(/^fixture-garbage\.csv: is not CSV text: (it is not valid UTF-8|it holds binary data)/);
    expect((await parseError('nul.csv', text('a,b\n1,\u0000\n'))).message).toBe('nul.csv: is not CSV text: it holds binary data (a NUL byte at offset 6)');
  });

  it('a wrong or unknown extension', async () => {
    const parquet = new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'a', data: [1], type: 'DOUBLE' }] }));
    expect((await parseError('results.csv', parquet)).message).toBe(
      'results.csv: is named .csv but holds a Parquet file (it starts with PAR1); rename it to .parquet',
    );
    expect((await parseError('results.parquet', text('a,b\n1,2\n'))).message).toBe(
      'results.parquet: is named .parquet but is not a Parquet file (it does not start with PAR1)',
    );
    expect((await parseError('fixture-workbook.xlsx', fixture('fixture-workbook.xlsx'))).message).toBe(
      'fixture-workbook.xlsx: is a ZIP archive (an Excel .xlsx workbook is one); export it as CSV',
    );
    expect((await parseError('notes.dat', text('a,b\n'))).message).toBe(
      'notes.dat: has an unknown type (.dat); Perfcast reads .csv, .tsv, .json, .jsonl and .parquet files',
    );
    expect(detectFormat('data.unknown', text(' [{"a":1}]'))).toBe('json');
  });

  it('a file over maxBytes', async () => {
    const error = await parseError('big.csv', text('a,b\n1,2\n'), { maxBytes: 4 });
    expect(error.message).toBe('big.csv: is 8 bytes, over the 4 bytes limit');
  });
});
