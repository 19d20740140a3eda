import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PRECISIONS, SOURCES, PLATFORMS, type BenchmarkRecord } from '../../core/schema/record.ts';
import { validateRows } from '../../core/schema/validate.ts';
import { parseTable } from '../parse/parse-table.ts';
import { columnsForRecords } from './columns.ts';
import { toCsv } from './csv.ts';
import { toParquet } from './parquet.ts';

// Text as validation leaves it: known fields trimmed and non-empty. CSV turns CR LF inside a
// quoted value into LF (docs/data-format.md), so generated text has no CR.
const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).map((s) => s.replace(/\r/g, '').trim()).filter((s) => s !== '');
// Extra text must not look like a number, or the column would be typed numeric on the way back.
const extraText = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).map((s) => `t${s.replace(/\r/g, '')}`);
const metric = fc.double({ min: 0, max: 1e9, noNaN: true, noDefaultInfinity: true });
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const recordArb = fc.record({
  source: fc.constantFrom(...SOURCES),
  origin: text,
  model: text,
  hardware: text,
  batch_size: fc.integer({ min: 1, max: 4096 }),
  precision: fc.constantFrom(...PRECISIONS),
  platform: optional(fc.constantFrom(...PLATFORMS)),
  seq_len: optional(fc.integer({ min: 1, max: 1 << 20 })),
  measured_at: optional(fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString())),
  latency_ms: metric,
  memory_mb: optional(metric),
  note: optional(extraText),
  clock_mhz: optional(fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true })),
}, { requiredKeys: ['source', 'origin', 'model', 'hardware', 'batch_size', 'precision', 'latency_ms'] });

/** Records as validation returns them: absent instead of undefined, no duplicate configurations. */
function normalize(records: Record<string, unknown>[]): BenchmarkRecord[] {
  const seen = new Set<string>();
  const out: BenchmarkRecord[] = [];
  for (const r of records) {
    const clean = Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as BenchmarkRecord;
    if (Object.is(clean.clock_mhz, -0)) clean.clock_mhz = 0;
    const key = JSON.stringify([clean.source, clean.origin, clean.model, clean.hardware, clean.platform, clean.batch_size, clean.seq_len, clean.precision, clean.measured_at]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(clean);
  }
  return out;
}

describe('round trip over generated records', () => {
  it('CSV and Parquet export, parse and validate back to the same records', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(recordArb, { minLength: 1, maxLength: 20 }), async (generated) => {
        const records = normalize(generated);
        const columns = columnsForRecords(records);
        const fromParquet = validateRows((await parseTable('p.parquet', toParquet(columns, records))).rows);
        expect(fromParquet.problems).toEqual([]);
        expect(fromParquet.records).toEqual(records);
        const csv = new TextEncoder().encode(toCsv(columns.map((c) => c.name), records));
        const fromCsv = validateRows((await parseTable('p.csv', csv)).rows);
        expect(fromCsv.problems).toEqual([]);
        expect(fromCsv.records).toEqual(records);
      }),
      { numRuns: 150, seed: 20251123 },
    );
  });
});
