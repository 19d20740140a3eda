/**
 * Fuzz suite (fast-check) over the import pipeline, the CSV writer, the share codec and stepfit:
 * 10,400 generated inputs per run (the RUNS counts below). For every input: no crash, only the
 * pipeline's own error types (which carry a one-line, positioned message, never a stack to the
 * user), and after every rejected import the stored data is unchanged. Seeded so a failure
 * reproduces; set FUZZ_SEED to explore other inputs.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeState } from '../../src/core/share/codec.ts';
import { fitStepTime, parseStepJsonl, StepDataError, StepFitError } from '../../src/core/stepfit/index.ts';
import { formatProblem } from '../../src/core/schema/validate.ts';
import { toCsv } from '../../src/data/export/csv.ts';
import { DataLibrary, ImportRefused } from '../../src/data/library.ts';
import { createNodeConnector } from '../../src/data/node-connector.ts';
import { parseTable, TableParseError } from '../../src/data/parse/parse-table.ts';
import { readRecords } from '../../src/data/parse/read-records.ts';
import { createMemoryBatchStore } from '../../src/data/persist/store.ts';
import { MappingError } from '../../src/core/schema/mapping.ts';
import type { Connector } from '../../src/data/connector.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 14);
export const RUNS = { csvText: 2500, jsonText: 1500, hostileRows: 2000, csvRoundTrip: 1500, shareCodec: 1500, stepfit: 1000, store: 400 };
const params = (numRuns: number) => ({ numRuns, seed: SEED });
const enc = (t: string) => new TextEncoder().encode(t);

const HEADER = 'model,hardware,batch_size,precision,latency_ms';
const csvChars = fc.constantFrom(...'ab1,2"\n\r\t =+-@\'.eE9;{}[]\\\u0000\uFEFFé'.split(''));
const csvText = fc.array(csvChars, { maxLength: 120 }).map((cs) => cs.join(''));
const prefixedCsv = fc.tuple(fc.boolean(), csvText).map(([header, body]) => (header ? `${HEADER}\n${body}` : body));

/** The only errors the pipeline may throw; anything else (TypeError, RangeError) is a crash. */
function expected(error: unknown): boolean {
  return error instanceof TableParseError || error instanceof MappingError;
}

async function tolerant(run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (!expected(error)) throw error;
    const message = (error as Error).message;
    expect(message).not.toMatch(/\n\s+at /);
    expect(message.length).toBeGreaterThan(0);
  }
}

const anyValue = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('NaN', 'inf', '-1', '1e308', '1e-320', '0', ' 3 ', '=1+1', '__proto__', 'constructor', ''),
  fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER, -0, 5e-324),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 }),
);
const keyArb = fc.constantFrom('model', 'hardware', 'batch_size', 'precision', 'latency_ms', 'Latency (s)', 'throughput_items_s', 'memory_mb',
  'seq_len', 'source', 'measured_at', 'threads', '__proto__', 'constructor', 'toString', 'extra', 'x y', '');
const hostileRow = fc.dictionary(keyArb, anyValue, { maxKeys: 8 });

describe('fuzz: the import pipeline never crashes', () => {
  it(`arbitrary CSV-like text (${RUNS.csvText} inputs) parses or gives a positioned TableParseError`, async () => {
    await fc.assert(fc.asyncProperty(prefixedCsv, fc.constantFrom('f.csv', 'f.tsv', 'f.txt'), async (text, name) => {
      await tolerant(() => readRecords(name, enc(text)));
    }), params(RUNS.csvText));
  });

  it(`arbitrary JSON and near-JSON text (${RUNS.jsonText} inputs), including deep nesting`, async () => {
    const deep = fc.integer({ min: 1, max: 5000 }).map((d) => `[{"model":"m","x":${'['.repeat(d)}${']'.repeat(d)}}]`);
    const mutated = fc.tuple(fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)), fc.nat(), fc.constantFrom('', '{', ']', '"', ',', '\n')).map(
      ([t, at, ins]) => t.slice(0, at % (t.length + 1)) + ins + t.slice(at % (t.length + 1)),
    );
    const rows = fc.array(hostileRow, { maxLength: 6 }).map((r) => JSON.stringify(r));
    await fc.assert(fc.asyncProperty(fc.oneof(deep, mutated, rows), fc.constantFrom('f.json', 'f.jsonl'), async (text, name) => {
      await tolerant(() => readRecords(name, enc(text)));
    }), params(RUNS.jsonText));
  });

  it(`hostile rows (${RUNS.hostileRows} inputs): every problem names its row and column, every value kept is finite and in range`, async () => {
    await fc.assert(fc.asyncProperty(fc.array(hostileRow, { minLength: 1, maxLength: 6 }), async (rows) => {
      const result = await readRecords('rows.json', enc(JSON.stringify(rows)));
      for (const p of result.validation.problems) {
        expect(p.row).toBeGreaterThanOrEqual(1);
        expect(formatProblem(p)).toMatch(/^rows\.json:\d+: /);
      }
      for (const r of result.validation.records) {
        for (const f of ['latency_ms', 'batch_size', 'memory_mb', 'throughput_items_s'] as const) {
          const v = r[f];
          if (v !== undefined && v !== null) expect(Number.isFinite(v) && (v as number) >= 0 && (v as number) <= 1e12).toBe(true);
        }
      }
      expect(result.validation.records.length + result.validation.invalidRows).toBe(rows.length);
    }), params(RUNS.hostileRows));
  });
});

describe('fuzz: CSV export', () => {
  it(`a guarded CSV export re-imports to identical cells, and no cell starts a formula (${RUNS.csvRoundTrip} inputs)`, async () => {
    const cell = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('=1+1', "'=x", "''@y", '+1', '-5', '-a', '@', '\tz', ' =x '))
      .map((s) => s.replace(/\r/g, ''));
    await fc.assert(fc.asyncProperty(fc.array(cell, { minLength: 1, maxLength: 5 }), async (cells) => {
      const rows = cells.map((v) => ({ k: 'row', v }));
      const csv = toCsv(['k', 'v'], rows);
      // Rows are 'row,<cell>': a written cell may start like a formula only when it is a plain number.
      for (const line of csv.split('\r\n').slice(1, -1)) {
        const written = line.slice(4);
        if (/^[=+\-@\t\r]/.test(written)) expect(written).toMatch(/^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i);
      }
      const table = await parseTable('x.csv', enc(csv));
      expect(table.rows.map((r) => r.v)).toEqual(cells);
    }), params(RUNS.csvRoundTrip));
  });
});

describe('fuzz: share links', () => {
  it(`any query string decodes to a state with warnings, never a throw (${RUNS.shareCodec} inputs)`, () => {
    const part = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('v=', 'z=', 'z=eJw', 'f=', '%', '%ZZ', '&&', '=', 'v=predict', '__proto__=1'));
    fc.assert(fc.property(fc.array(part, { maxLength: 8 }).map((ps) => ps.join('&')), (query) => {
      const result = decodeState(query);
      expect(result.state).toBeTypeOf('object');
      expect(Array.isArray(result.warnings)).toBe(true);
    }), params(RUNS.shareCodec));
  });
});

describe('fuzz: stepfit', () => {
  it(`any step log fits or gives StepDataError/StepFitError naming the problem (${RUNS.stepfit} inputs)`, () => {
    const num = fc.oneof(fc.double(), fc.integer({ min: -3, max: 64 }), fc.constantFrom(1e308, 1e-308, 0, 1, 2, 128), fc.string({ maxLength: 3 }));
    const row = fc.record({ batch_size: num, avg_seq_len: num, step_time: num }, { requiredKeys: [] });
    const line = fc.oneof({ weight: 8, arbitrary: row.map((r) => JSON.stringify(r)) }, { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
      { weight: 1, arbitrary: fc.integer({ min: 9, max: 3000 }).map((d) => `{"batch_size":${'['.repeat(d)}${']'.repeat(d)}}`) });
    fc.assert(fc.property(fc.array(line, { maxLength: 12 }), (lines) => {
      try {
        const report = fitStepTime(parseStepJsonl(lines.join('\n'), 'log.jsonl'), { ransacIterations: 50 });
        expect(Number.isFinite(report.ols.coefficients.d)).toBe(true);
      } catch (error) {
        if (!(error instanceof StepDataError || error instanceof StepFitError)) throw error;
        expect((error as Error).message).toMatch(/log\.jsonl|need at least|cannot separate/);
      }
    }), params(RUNS.stepfit));
  });
});

describe('fuzz: stored data is unchanged after every rejected import', () => {
  let db: Connector;
  let library: DataLibrary;
  const batches = createMemoryBatchStore();
  const snapshot = async () => JSON.stringify((await db.query('SELECT * FROM records ORDER BY model, batch_size, import_id')).rows);
  beforeAll(async () => {
    db = await createNodeConnector();
    ({ library } = await DataLibrary.open(db, batches));
    await library.commit(await readRecords('base.csv', enc(`${HEADER}\nbert,a100,1,fp16,2.5\nbert,a100,8,fp16,6.5\n`)), { skipInvalid: false });
  });
  afterAll(async () => db.close());

  it(`${RUNS.store} hostile files leave the table and the batch store exactly as they were`, async () => {
    const before = await snapshot();
    const storedBefore = (await batches.list()).map((b) => b.importId);
    await fc.assert(fc.asyncProperty(fc.oneof(prefixedCsv, fc.array(hostileRow, { maxLength: 4 }).map((r) => JSON.stringify(r))), async (text) => {
      const name = text.startsWith('[') ? 'f.json' : 'f.csv';
      let prepared;
      try {
        prepared = await readRecords(name, enc(text));
      } catch (error) {
        if (!expected(error)) throw error;
        return;
      }
      if (prepared.validation.problems.length === 0 && prepared.validation.records.length > 0) return;
      await expect(library.commit(prepared, { skipInvalid: false })).rejects.toThrow(ImportRefused);
    }), params(RUNS.store));
    expect(await snapshot()).toBe(before);
    expect((await batches.list()).map((b) => b.importId)).toEqual(storedBefore);
  });
});

it('the suite generates at least 10,000 inputs per run', () => {
  expect(Object.values(RUNS).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(10_000);
});
