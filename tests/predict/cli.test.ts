import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Papa from 'papaparse';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/agent/cli.ts';

// Fixtures are SIMULATED (scripts/eval-fixtures.ts): a known roofline law, never measured data.
const FIX = resolve(__dirname, '../fixtures/predict');
const TRAIN = join(FIX, 'simulated-train.csv');
const QUERY = join(FIX, 'simulated-query.csv');

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => { out += `${t}\n`; }, err: (t) => { err += `${t}\n`; } });
  return { code, out, err };
}

const tmp = mkdtempSync(join(tmpdir(), 'perfcast-predict-'));

describe('perfcast predict', () => {
  it('learns from simulated rows only when asked to, and says so', async () => {
    const out = join(tmp, 'refused.csv');
    const refused = await cli(['predict', '--train', TRAIN, '--query', QUERY, '--target', 'latency_ms', '--out', out]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('all 144 rows are predicted or simulated');
    expect(refused.err).toContain('--include-simulated');
    const allowed = await cli(['predict', '--train', TRAIN, '--query', QUERY, '--target', 'latency_ms', '--out', out, '--include-simulated']);
    expect(allowed.code, allowed.err).toBe(0);
    expect(allowed.err).toContain('learned from 144 SIMULATED rows');
  });

  it('writes every query row in order with the prediction, interval and confidence columns', async () => {
    const out = join(tmp, 'out.csv');
    const r = await cli(['predict', '--train', TRAIN, '--query', QUERY, '--target', 'latency_ms', '--out', out, '--include-simulated']);
    expect(r.code, r.err).toBe(0);
    const query = Papa.parse<Record<string, string>>(readFileSync(QUERY, 'utf8'), { header: true, skipEmptyLines: true });
    const result = Papa.parse<Record<string, string>>(readFileSync(out, 'utf8'), { header: true, skipEmptyLines: true });
    expect(result.meta.fields).toEqual([...query.meta.fields!, 'pred_latency_ms', 'pred_latency_ms_lo', 'pred_latency_ms_hi', 'confidence']);
    expect(result.data).toHaveLength(query.data.length);
    result.data.forEach((row, i) => {
      for (const c of query.meta.fields!) expect(row[c]).toBe(query.data[i][c]);
      const [p, lo, hi, conf] = ['pred_latency_ms', 'pred_latency_ms_lo', 'pred_latency_ms_hi', 'confidence'].map((c) => Number(row[c]));
      expect(lo).toBeLessThanOrEqual(p);
      expect(p).toBeLessThanOrEqual(hi);
      expect(conf).toBeGreaterThanOrEqual(0);
      expect(conf).toBeLessThanOrEqual(1);
    });
  });

  it('reads Parquet training and query files', async () => {
    const toParquet = (path: string, out: string) => {
      const parsed = Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true });
      const columnData = parsed.meta.fields!.map((name) => {
        const numeric = parsed.data.every((r) => r[name] !== '' && Number.isFinite(Number(r[name])));
        return numeric
          ? { name, data: parsed.data.map((r) => Number(r[name])), type: 'DOUBLE' as const }
          : { name, data: parsed.data.map((r) => r[name]), type: 'STRING' as const };
      });
      writeFileSync(out, new Uint8Array(parquetWriteBuffer({ columnData })));
    };
    const train = join(tmp, 'train.parquet');
    const query = join(tmp, 'query.parquet');
    toParquet(TRAIN, train);
    toParquet(QUERY, query);
    const out = join(tmp, 'from-parquet.csv');
    const r = await cli(['predict', '--train', train, '--query', query, '--target', 'latency_ms', '--out', out, '--include-simulated']);
    expect(r.code, r.err).toBe(0);
    const result = Papa.parse<Record<string, string>>(readFileSync(out, 'utf8'), { header: true, skipEmptyLines: true });
    const fromCsv = Papa.parse<Record<string, string>>(readFileSync(join(tmp, 'out.csv'), 'utf8'), { header: true, skipEmptyLines: true });
    expect(result.data.map((d) => d.model)).toEqual(fromCsv.data.map((d) => d.model));
    expect(result.data.every((d) => Number(d.pred_latency_ms) > 0)).toBe(true);
  });

  it('names any numeric target in its columns', async () => {
    const out = join(tmp, 'thr.csv');
    const r = await cli(['predict', '--train', TRAIN, '--query', QUERY, '--target', 'throughput_items_s', '--out', out, '--include-simulated']);
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(out, 'utf8').split('\n')[0]).toMatch(/,pred_throughput_items_s,pred_throughput_items_s_lo,pred_throughput_items_s_hi,confidence$/);
  });

  it('exits 1 naming the file and column when the target is missing', async () => {
    const r = await cli(['predict', '--train', TRAIN, '--query', QUERY, '--target', 'power_w', '--out', join(tmp, 'x.csv')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('simulated-train.csv');
    expect(r.err).toContain("'power_w'");
  });

  it('exits 1 on an empty training file', async () => {
    const empty = join(tmp, 'empty.csv');
    writeFileSync(empty, 'model,hardware,batch_size,precision,latency_ms\n');
    const r = await cli(['predict', '--train', empty, '--query', QUERY, '--target', 'latency_ms', '--out', join(tmp, 'x.csv')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('empty.csv');
  });

  it('exits 1 naming unreadable and unparsable files', async () => {
    const missing = await cli(['predict', '--train', join(tmp, 'nope.csv'), '--query', QUERY, '--target', 'latency_ms', '--out', join(tmp, 'x.csv')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('nope.csv');
    const zip = join(tmp, 'book.parquet');
    writeFileSync(zip, Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]));
    const bad = await cli(['predict', '--train', TRAIN, '--query', zip, '--target', 'latency_ms', '--out', join(tmp, 'x.csv')]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('book.parquet');
  });

  it('exits 1 when a required option is missing', async () => {
    const r = await cli(['predict', '--train', TRAIN, '--target', 'latency_ms', '--out', join(tmp, 'x.csv')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('--query');
  });
});

describe('perfcast eval', () => {
  it('prints per-fold and overall metrics beside both baselines, as JSON too', async () => {
    const r = await cli(['eval', '--data', TRAIN, '--target', 'latency_ms', '--protocol', 'hardware-kshot', '--shots', '5', '--json']);
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.protocol).toBe('hardware-kshot');
    expect(report.folds.length).toBe(4);
    for (const key of ['perfcast', 'roofline', 'scaling']) {
      for (const m of ['mape', 'medianApe', 'within10', 'within25', 'spearman', 'r2Log', 'coverage']) expect(report.overall[key]).toHaveProperty(m);
    }
    const text = await cli(['eval', '--data', TRAIN, '--target', 'latency_ms', '--protocol', 'random']);
    expect(text.code, text.err).toBe(0);
    expect(text.out).toMatch(/overall \(random, latency_ms/);
    expect(text.out).toMatch(/scaling/);
  });

  it('refuses an unknown protocol', async () => {
    const r = await cli(['eval', '--data', TRAIN, '--target', 'latency_ms', '--protocol', 'zeroshot']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('--protocol');
  });
});
