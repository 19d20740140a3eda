import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { main } from '../agent/cli.ts';
import type { Row } from '../core/features/columns.ts';
import type { Prediction } from '../core/predict/predictor.ts';
import type { Connector } from '../data/connector.ts';
import { DataLibrary } from '../data/library.ts';
import { createNodeConnector } from '../data/node-connector.ts';
import { parseTable } from '../data/parse/parse-table.ts';
import { recordsFromTable } from '../data/parse/read-records.ts';
import { createMemoryBatchStore } from '../data/persist/store.ts';
import { memoryModelStore } from './model-cache.ts';
import { predictForPage } from './page-prediction.ts';
import { pageFileQuery, pageGridQuery, pageTrainingRows } from './page-rows.ts';

// The e2e Predict fixture: SIMULATED rows (a roofline-like law, e2e/fixtures/predict/generate-train.mjs) for
// a100-sxm4-80gb, t4 and l4. The file has no source column, so both the page's import and `perfcast predict`
// stamp its rows 'imported'. The page's data set also holds the shipped measurements (public/data, 415 rows on
// one CPU through onnxruntime-node, the page's wasm and WebGPU on SwiftShader), which it learns from as well.
const FIXTURE_NAME = 'simulated-roofline-train.csv';
const FIXTURE = new URL(`../../e2e/fixtures/predict/${FIXTURE_NAME}`, import.meta.url);
const DEFAULT_DATA = new URL('../../public/data/default.parquet', import.meta.url);
const TARGET = 'latency_ms';
const HARDWARE = ['a100-sxm4-80gb', 't4', 'h100-sxm5-80gb'];

let open: Connector[] = [];
afterEach(async () => {
  await Promise.all(open.map((db) => db.close()));
  open = [];
});

/** The page's data set after importing the fixture in the Data view (same parse, mapping and store), with or without the shipped data. */
async function pageDataSet(shipped: boolean): Promise<Connector> {
  const db = await createNodeConnector();
  open.push(db);
  const { library } = await DataLibrary.open(db, createMemoryBatchStore());
  if (shipped) await library.loadDefault('default.parquet', new Uint8Array(await readFile(DEFAULT_DATA)));
  const table = await parseTable(FIXTURE_NAME, new Uint8Array(await readFile(FIXTURE)));
  await library.commit(recordsFromTable(FIXTURE_NAME, table, {}), { skipInvalid: false });
  return db;
}

/** What the Predict view hands its worker for resnet-50 on HARDWARE at batches 1, 4, 64, fp16, and what the worker answers. */
async function pagePredicts(db: Connector): Promise<{ query: Row[]; predictions: Prediction[]; trainRows: number }> {
  const train = await pageTrainingRows(db, TARGET);
  const query = pageGridQuery(train, { model: 'resnet-50', hardware: HARDWARE, batches: [1, 4, 64], seqs: [], precisions: ['fp16'] });
  const run = await predictForPage(memoryModelStore(), { train, query, target: TARGET, level: 0.8, neighbours: 0 });
  return { query, predictions: run.predictions, trainRows: run.trainRows };
}

/** `perfcast predict --train TRAIN --query QUERY --target latency_ms --include-simulated`, its output rows. */
async function cliPredicts(trainPath: string, query: readonly Row[] | string): Promise<Record<string, string>[]> {
  const dir = await mkdtemp(join(tmpdir(), 'perfcast-parity-'));
  const queryPath = join(dir, 'query.csv');
  const out = join(dir, 'out.csv');
  await writeFile(queryPath, typeof query === 'string' ? query : Papa.unparse(query as Row[]));
  const errors: string[] = [];
  const code = await main(['predict', '--train', trainPath, '--query', queryPath, '--target', TARGET, '--out', out, '--include-simulated'], { out: () => {}, err: (t) => { errors.push(t); } });
  expect(code, errors.join('\n')).toBe(0);
  return Papa.parse<Record<string, string>>((await readFile(out, 'utf8')).trim(), { header: true }).data;
}

/** The CLI writes six significant digits and a confidence with three decimals. */
function expectSameNumbers(page: readonly Prediction[], cli: readonly Record<string, string>[], query: readonly Row[]): void {
  expect(cli).toHaveLength(page.length);
  page.forEach((p, i) => {
    for (const [value, column] of [[p.value, `pred_${TARGET}`], [p.lo, `pred_${TARGET}_lo`], [p.hi, `pred_${TARGET}_hi`]] as const) {
      expect(Math.abs(Number(cli[i][column]) - value), `${where(query[i])} ${column}: page ${value}, CLI ${cli[i][column]}`).toBeLessThanOrEqual(1e-5 * value);
    }
    expect(cli[i].confidence, `${where(query[i])} confidence`).toBe(p.confidence.toFixed(3));
  });
}

const where = (q: Row): string => `${String(q.hardware)} batch ${String(q.batch_size)}`;

describe('the Predict view and perfcast predict', () => {
  it('predict the same numbers from the same imported table, with narrow intervals on the hardware it covers', async () => {
    const page = await pagePredicts(await pageDataSet(false));
    expect(page.trainRows).toBe(54);
    const cli = await cliPredicts(FIXTURE.pathname, page.query);
    expectSameNumbers(page.predictions, cli, page.query);
    page.predictions.forEach((p, i) => {
      if (page.query[i].hardware === 'h100-sxm5-80gb') return;
      expect(p.unknown).toBe(false);
      // The table's law holds within 2 %: the interval of seen hardware stays within about 25 % of the value.
      expect(p.hi / p.lo, where(page.query[i])).toBeLessThan(1.6);
    });
  });

  it('predict the same numbers from the shipped data plus the imported table, and know the hardware the table covers', async () => {
    const page = await pagePredicts(await pageDataSet(true));
    expect(page.trainRows).toBe(415 + 54);
    // The same rows as one file for the command line.
    const dir = await mkdtemp(join(tmpdir(), 'perfcast-parity-'));
    const trainPath = join(dir, 'train.json');
    const shipped = await parseTable('default.parquet', new Uint8Array(await readFile(DEFAULT_DATA)));
    const imported = await parseTable(FIXTURE_NAME, new Uint8Array(await readFile(FIXTURE)));
    await writeFile(trainPath, JSON.stringify([...shipped.rows, ...imported.rows]));
    const cli = await cliPredicts(trainPath, page.query);
    expectSameNumbers(page.predictions, cli, page.query);
    // The CPU rows' run settings are features (the grid's rows carry them, null for these GPUs, as their rows have),
    // so the CPU rows' spread between onnxruntime-node and wasm no longer makes every interval wider than 10x.
    for (const c of ['execution_provider', 'threads', 'mode']) expect(page.query.every((q) => c in q && q[c] === null)).toBe(true);
    const cell = new Map(page.query.map((q, i) => [where(q), page.predictions[i]]));
    for (const [name, p] of cell) expect(p.unknown, `${name}: ${p.lo}-${p.hi}`).toBe(false);
    for (const b of [1, 4, 64]) expect(cell.get(`h100-sxm5-80gb batch ${b}`)!.confidence).toBeLessThan(cell.get(`a100-sxm4-80gb batch ${b}`)!.confidence);
    expect(cell.get('a100-sxm4-80gb batch 1')!.value).toBeCloseTo(0.869, 3);
  });

  it('predict the same numbers for a file of configurations, read the same way (column names mapped)', async () => {
    const db = await pageDataSet(true);
    const dir = await mkdtemp(join(tmpdir(), 'perfcast-parity-'));
    const trainPath = join(dir, 'train.json');
    const shipped = await parseTable('default.parquet', new Uint8Array(await readFile(DEFAULT_DATA)));
    const imported = await parseTable(FIXTURE_NAME, new Uint8Array(await readFile(FIXTURE)));
    await writeFile(trainPath, JSON.stringify([...shipped.rows, ...imported.rows]));
    // The e2e configurations, with two columns under names the import maps (batch, dtype).
    const text = (await readFile(new URL('../../e2e/fixtures/predict/configs.csv', import.meta.url), 'utf8'))
      .replace(/^model,hardware,batch_size,seq_len,precision/, 'model,hardware,batch,seq_len,dtype');
    const table = await parseTable('configs.csv', new TextEncoder().encode(text));
    const query = pageFileQuery('configs.csv', table);
    expect(query.every((q) => typeof q.batch_size === 'number' && typeof q.precision === 'string')).toBe(true);
    const train = await pageTrainingRows(db, TARGET);
    const run = await predictForPage(memoryModelStore(), { train, query, target: TARGET, level: 0.8, neighbours: 0 });
    expectSameNumbers(run.predictions, await cliPredicts(trainPath, text), query);
  });
});
