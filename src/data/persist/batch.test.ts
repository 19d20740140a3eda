import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ColumnInfo, Row } from '../connector.ts';
import { decodeBatch, encodeBatch, type ImportBatch } from './batch.ts';

const COLUMNS: ColumnInfo[] = [
  { name: 'model', type: 'VARCHAR' },
  { name: 'batch_size', type: 'BIGINT' },
  { name: 'latency_ms', type: 'DOUBLE' },
  { name: 'measured_at', type: 'TIMESTAMP' },
  { name: 'odd name "quoted"', type: 'VARCHAR' },
];

function batch(rows: Row[], extra: Partial<ImportBatch> = {}): ImportBatch {
  return { importId: 'imp-1', origin: 'csv', createdAt: '2025-06-01T10:00:00.000Z', columns: COLUMNS, rows, meta: { file: 'a.csv' }, ...extra };
}

describe('import batch codec', () => {
  it('round-trips rows, nulls, column types and labels through Parquet bytes', async () => {
    const rows: Row[] = [
      { model: 'bert', batch_size: 1, latency_ms: 3.25, measured_at: '2025-01-01T00:00:00.000Z', 'odd name "quoted"': 'ü ✓' },
      { model: 'vit', batch_size: null, latency_ms: null, measured_at: null, 'odd name "quoted"': null },
      { model: '', batch_size: 2 ** 50, latency_ms: 1e-300, measured_at: '2025-01-01 12:00:00', 'odd name "quoted"': '' },
    ];
    const stored = encodeBatch(batch(rows));
    expect(stored).toMatchObject({ version: 1, importId: 'imp-1', origin: 'csv', rowCount: 3, format: 'parquet', meta: { file: 'a.csv' } });
    expect(stored.parquetBytes).toBeInstanceOf(ArrayBuffer);
    expect(new TextDecoder().decode(new Uint8Array(stored.parquetBytes, 0, 4))).toBe('PAR1');
    const back = await decodeBatch(structuredClone(stored));
    expect(back).toEqual(batch(rows));
  });

  it('round-trips any rows of the declared kinds (property)', async () => {
    const row = fc.record({
      model: fc.string(),
      batch_size: fc.option(fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }), { nil: null }),
      latency_ms: fc.option(fc.double({ noNaN: true, noDefaultInfinity: false }), { nil: null }),
      measured_at: fc.option(fc.date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()), { nil: null }),
      'odd name "quoted"': fc.option(fc.string(), { nil: null }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 30 }), async (rows) => {
        const back = await decodeBatch(encodeBatch(batch(rows)));
        expect(back.rows).toEqual(rows);
      }),
      { numRuns: 40 },
    );
  });

  it('keeps an empty batch', async () => {
    const back = await decodeBatch(encodeBatch(batch([])));
    expect(back.rows).toEqual([]);
    expect(back.columns).toEqual(COLUMNS);
  });

  it('refuses values of the wrong kind, naming batch, row and column', () => {
    expect(() => encodeBatch(batch([{ model: 'a' }, { model: 'b', latency_ms: 'fast' }]))).toThrow(
      "batch imp-1, row 2, column 'latency_ms': expected a number for DOUBLE, got string",
    );
    expect(() => encodeBatch(batch([], { importId: '' }))).toThrow('batch has no importId');
    expect(() => encodeBatch(batch([], { createdAt: 'soon' }))).toThrow("createdAt 'soon' is not a date");
    expect(() => encodeBatch(batch([], { columns: [{ name: 'x', type: 'GEOMETRY' }] }))).toThrow(/column 'x'.*GEOMETRY/);
  });

  it('refuses stored values that are damaged or from another batch', async () => {
    const stored = encodeBatch(batch([{ model: 'a', batch_size: 1, latency_ms: 1, measured_at: null, 'odd name "quoted"': null }]));
    await expect(decodeBatch({ ...stored, rowCount: 2 })).rejects.toThrow('batch imp-1: 1 rows stored, 2 expected');
    await expect(decodeBatch({ ...stored, importId: 'imp-2' })).rejects.toThrow(/imp-2.*does not belong/);
    await expect(decodeBatch({ ...stored, parquetBytes: new ArrayBuffer(10) })).rejects.toThrow(/batch imp-1: cannot read its Parquet data/);
    await expect(decodeBatch({ ...stored, version: 9 })).rejects.toThrow('stored version 9 is not supported');
    await expect(decodeBatch({ nothing: true })).rejects.toThrow('not in the expected shape');
  });
});
