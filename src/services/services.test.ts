import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { simulatedTable } from '../../tests/predict/simulated.ts';
import { main } from '../agent/cli.ts';
import { checkQuery, ModelError, parseModel, predictWithModel, serializeModel, trainModel } from './model.ts';
import { memoryModelStore, modelFor } from './model-cache.ts';
import { trainAndPredict } from './predict.ts';
import { selectTrainingRows } from './training-rows.ts';

// SIMULATED data only: a known roofline law (tests/predict/simulated.ts). The rows say
// source = simulated; as training data they are relabelled imported, as a user's file would be.
const table = simulatedTable({ hardware: 6, models: 8, batches: [1, 4, 16], seed: 3 }).map((r): Record<string, string | number> => ({ ...r, source: 'imported' }));
const train = table.filter((_, i) => i % 5 !== 0);
const query = table.filter((_, i) => i % 5 === 0).map(({ latency_ms: _l, throughput_items_s: _t, ...rest }) => rest);

describe('training rows', () => {
  it('are measured and imported rows with a positive target, never predictions or simulations', () => {
    const rows = [
      { source: 'measured', latency_ms: 3 }, { source: 'imported', latency_ms: 2 }, { latency_ms: 4 },
      { source: 'predicted', latency_ms: 1 }, { source: 'simulated', latency_ms: 1 }, { source: 'measured', latency_ms: 0 },
    ];
    const picked = selectTrainingRows(rows, 'latency_ms');
    expect(picked.rows.map((r) => r.latency_ms)).toEqual([3, 2, 4]);
    expect(picked.notData).toBe(2);
    expect(picked.noTarget).toBe(1);
    expect(() => trainModel(rows.slice(3, 5), { target: 'latency_ms' })).toThrow(/predicted or simulated/);
  });
});

describe('a saved model', () => {
  const model = trainModel(train, { target: 'latency_ms' });

  it('reloads from JSON and predicts bit-identically', () => {
    const text = serializeModel(model.saved);
    const reloaded = parseModel(text);
    const a = predictWithModel(model, query).predictions;
    const b = predictWithModel(reloaded, query).predictions;
    expect(b.map((p) => [p.value, p.lo, p.hi, p.confidence])).toEqual(a.map((p) => [p.value, p.lo, p.hi, p.confidence]));
    expect(reloaded.saved.id).toBe(model.saved.id);
    expect(JSON.parse(text)).toMatchObject({ format: 'perfcast-model', formatVersion: 1, target: 'latency_ms', trainRows: train.length });
  });

  it('is the same model, predicting the same numbers, whatever the order of the rows and of their columns', () => {
    const shuffled = [...train].reverse().map((r) => Object.fromEntries(Object.entries(r).reverse()));
    const other = trainModel(shuffled, { target: 'latency_ms' });
    expect(other.saved.id).toBe(model.saved.id);
    const a = predictWithModel(model, query).predictions;
    expect(predictWithModel(other, query).predictions.map((p) => [p.value, p.lo, p.hi, p.confidence])).toEqual(a.map((p) => [p.value, p.lo, p.hi, p.confidence]));
  });

  it('names its data, its features and its own held-out figures', () => {
    expect(model.saved.dataHash).toMatch(/^[0-9a-f]{16}$/);
    expect(model.saved.requiredColumns).toContain('batch_size');
    expect(model.saved.evaluation.length).toBeGreaterThan(0);
    for (const e of model.saved.evaluation) expect(e.medianApe).toBeGreaterThanOrEqual(0);
  });

  it('refuses a query that lacks a feature column, naming it, and a query for another target', () => {
    const without = query.map(({ batch_size: _b, ...rest }) => rest);
    expect(() => predictWithModel(model, without)).toThrow(ModelError);
    expect(() => predictWithModel(model, without)).toThrow(/'batch_size'/);
    expect(() => checkQuery(model.saved, Object.keys(query[0]), 'memory_mb')).toThrow(/predicts 'latency_ms', not 'memory_mb'/);
  });

  it('refuses a damaged or foreign file with a message that says so', () => {
    expect(() => parseModel('{"format":"other"}', 'm.json')).toThrow(/m.json is not a Perfcast model/);
    expect(() => parseModel('{', 'm.json')).toThrow(/not valid JSON/);
    expect(() => parseModel(JSON.stringify({ ...model.saved, formatVersion: 99 }))).toThrow(/format version 99/);
  });
});

describe('throughput', () => {
  it('is derived from predicted latency and batch when the training rows obey that law', () => {
    const out = trainAndPredict(train, query.slice(0, 30), ['latency_ms', 'throughput_items_s']).predictions;
    const lat = out.get('latency_ms')!.predictions;
    const thr = out.get('throughput_items_s')!;
    expect(thr.derivedFrom).toBe('latency_ms');
    query.slice(0, 30).forEach((q, i) => {
      expect(thr.predictions[i].value).toBeCloseTo(((q.batch_size as number) * 1000) / lat[i].value, 6);
      expect(thr.predictions[i].lo).toBeCloseTo(((q.batch_size as number) * 1000) / lat[i].hi, 6);
    });
  });
});

describe('one model for page and command line', () => {
  it('the page path (cached model) predicts what the command line predicts, and reuses its model', async () => {
    const store = memoryModelStore();
    const first = await modelFor(store, train, { target: 'latency_ms', query });
    const again = await modelFor(store, train, { target: 'latency_ms', query });
    expect(first.reused).toBe(false);
    expect(again.reused).toBe(true);
    expect(store.size).toBe(1);
    const page = predictWithModel(again, query).predictions.map((p) => p.value);
    const cli = trainAndPredict(train, query, ['latency_ms']).predictions.get('latency_ms')!;
    expect(cli.modelId).toBe(again.saved.id);
    expect(page).toEqual(cli.predictions.map((p) => p.value));
  });

  it('perfcast predict --model writes exactly what perfcast predict --train writes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'perfcast-model-'));
    const trainCsv = join(dir, 'train.csv');
    const queryCsv = join(dir, 'query.csv');
    await writeFile(trainCsv, Papa.unparse(train));
    await writeFile(queryCsv, Papa.unparse(query));
    const quiet = { out: () => {}, err: () => {} };
    expect(await main(['train', '--data', trainCsv, '--target', 'latency_ms', '--out', join(dir, 'model.json')], quiet)).toBe(0);
    expect(await main(['predict', '--model', join(dir, 'model.json'), '--query', queryCsv, '--out', join(dir, 'a.csv')], quiet)).toBe(0);
    expect(await main(['predict', '--train', trainCsv, '--query', queryCsv, '--target', 'latency_ms', '--out', join(dir, 'b.csv')], quiet)).toBe(0);
    const a = await readFile(join(dir, 'a.csv'), 'utf8');
    expect(a).toBe(await readFile(join(dir, 'b.csv'), 'utf8'));
    expect(a.split('\n')[0]).toContain('pred_latency_ms,pred_latency_ms_lo,pred_latency_ms_hi,confidence');
    expect(a.trim().split('\n')).toHaveLength(query.length + 1);
  });

  it('perfcast predict --model refuses a query without a feature column, naming the column', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'perfcast-model-'));
    const trainCsv = join(dir, 'train.csv');
    const queryCsv = join(dir, 'query.csv');
    await writeFile(trainCsv, Papa.unparse(train));
    await writeFile(queryCsv, Papa.unparse(query.map(({ precision: _p, ...rest }) => rest)));
    const errors: string[] = [];
    const io = { out: () => {}, err: (t: string) => { errors.push(t); } };
    expect(await main(['train', '--data', trainCsv, '--target', 'latency_ms', '--out', join(dir, 'model.json')], io)).toBe(0);
    expect(await main(['predict', '--model', join(dir, 'model.json'), '--query', queryCsv, '--out', join(dir, 'a.csv')], io)).toBe(1);
    expect(errors.join('\n')).toMatch(/lacks column 'precision'/);
  });
});
