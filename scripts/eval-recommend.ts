/**
 * The recommender against measured truth (Lambda's GPU training throughput, with prices): for
 * every workload (model x precision, one GPU) all its measurements are hidden, the hardware is
 * recommended from predictions learned from the other workloads, and the pick is scored on the
 * hidden measurements. Two questions: the highest throughput, and the lowest on-prem cost per
 * million items with throughput at least the workload's median measured one. Baselines on the
 * same queries: the device with the highest peak FLOP/s at the precision, and one scaling
 * factor per device (its geometric-mean throughput relative to the others on the other workloads).
 *
 *   npx tsx scripts/eval-recommend.ts [--seeds 1,2,3]
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { getHardware } from '../src/core/catalog/hardware.ts';
import { categoryValue, numericValue, type Row } from '../src/core/features/columns.ts';
import { hardwareNumbers } from '../src/core/features/roofline.ts';
import { findPreset } from '../src/core/presets/index.ts';
import { DEFAULT_COST, hourlyCost } from '../src/core/recommend/recommend.ts';
import { readRecords } from '../src/data/parse/read-records.ts';
import { recommendWorkloads } from '../src/services/recommend.ts';

const args = process.argv.slice(2);
const seedsAt = args.indexOf('--seeds');
const seeds = seedsAt >= 0 ? args[seedsAt + 1].split(',').map(Number) : [1, 2, 3];
const FILE = resolve(import.meta.dirname, '../../shared/datasets/lambdal_deeplearning_benchmark/lambdal_train_throughput_long.csv');
const read = await readRecords(FILE, new Uint8Array(await readFile(FILE)), { preset: findPreset('lambda')!, check: 'rows' });
const rows = (read.validation.records as unknown as Row[]).filter((r) => numericValue(r.num_devices) === 1 && numericValue(r.throughput_items_s) > 0);
const key = (r: Row) => `${categoryValue(r.model)}|${categoryValue(r.precision)}`;
const workloads = [...new Set(rows.map(key))].sort();

/** One measurement per device: the highest throughput (Lambda repeats a few). */
function truthOf(list: readonly Row[]): Map<string, Row> {
  const out = new Map<string, Row>();
  for (const r of list) {
    const h = String(r.hardware);
    if (!out.has(h) || numericValue(r.throughput_items_s) > numericValue(out.get(h)!.throughput_items_s)) out.set(h, r);
  }
  return out;
}

const costOf = (r: Row) => {
  const hourly = hourlyCost(r, numericValue(r.hw_price_usd) > 0 ? numericValue(r.hw_price_usd) : getHardware(String(r.hardware))?.priceUsd ?? null, DEFAULT_COST);
  return hourly ? (hourly.usdPerHour / (numericValue(r.throughput_items_s) * 3600)) * 1e6 : NaN;
};

interface Score { within10: boolean; regret: number; violated: boolean }
const scores = new Map<string, Score[]>();
const add = (name: string, s: Score) => scores.set(name, [...(scores.get(name) ?? []), s]);

function score(truth: Map<string, Row>, pick: string, question: 'throughput' | 'cost', minThroughput: number): Score {
  const t = (h: string) => numericValue(truth.get(h)!.throughput_items_s);
  if (question === 'throughput') {
    const best = Math.max(...[...truth.keys()].map(t));
    return { within10: t(pick) >= 0.9 * best, regret: 1 - t(pick) / best, violated: false };
  }
  const feasible = [...truth.keys()].filter((h) => t(h) >= minThroughput);
  const best = Math.min(...feasible.map((h) => costOf(truth.get(h)!)));
  const c = costOf(truth.get(pick)!);
  const violated = t(pick) < minThroughput;
  return { within10: !violated && c <= 1.1 * best, regret: violated ? 1 : c / best - 1, violated };
}

const t0 = Date.now();
let queries = 0;
for (const w of workloads) {
  const hidden = rows.filter((r) => key(r) === w);
  const truth = truthOf(hidden);
  const priced = [...truth.keys()].filter((h) => Number.isFinite(costOf(truth.get(h)!)));
  if (truth.size < 3) continue;
  const train = rows.filter((r) => key(r) !== w);
  const medianThroughput = [...truth.values()].map((r) => numericValue(r.throughput_items_s)).sort((a, b) => a - b)[truth.size >> 1];
  const [model, precision] = w.split('|');
  const workload = { model, precision, mode: 'training', num_devices: 1 };
  const rowFor = (row: Row, h: string) => ({ ...row, batch_size: truth.get(h)!.batch_size });
  queries++;
  // Baselines: peak FLOP/s at the precision; one scaling factor per device from the other workloads.
  const peak = (h: string) => hardwareNumbers({ hardware: h, precision, ...Object.fromEntries(Object.entries(truth.get(h)!).filter(([k]) => k.startsWith('hw_'))) }).peakTflops;
  const others = workloads.filter((x) => x !== w).map((x) => truthOf(rows.filter((r) => key(r) === x)));
  const factor = (h: string) => {
    const logs: number[] = [];
    for (const o of others) {
      if (!o.has(h)) continue;
      const all = [...o.values()].map((r) => Math.log(numericValue(r.throughput_items_s)));
      logs.push(Math.log(numericValue(o.get(h)!.throughput_items_s)) - all.reduce((a, b) => a + b, 0) / all.length);
    }
    return logs.length ? logs.reduce((a, b) => a + b, 0) / logs.length : -Infinity;
  };
  const byMax = (list: string[], f: (h: string) => number) => list.reduce((a, b) => (f(b) > f(a) ? b : a));
  const cands = [...truth.keys()];
  add('peak FLOP/s: throughput', score(truth, byMax(cands, peak), 'throughput', 0));
  add('scaling factor: throughput', score(truth, byMax(cands, factor), 'throughput', 0));
  // Cost baselines: cheapest hourly device the baseline believes meets the limit (its throughput estimate scaled from the others).
  const hourly = (h: string) => costOf({ ...truth.get(h)!, throughput_items_s: 1 });
  const scaleEstimate = (h: string) => Math.exp(factor(h)) * Math.exp([...truth.keys()].filter((x) => x !== h).map((x) => Math.log(numericValue(truth.get(x)!.throughput_items_s))).reduce((a, b) => a + b, 0) / (truth.size - 1));
  if (priced.length >= 3) {
    const ok = priced.filter((h) => scaleEstimate(h) >= medianThroughput);
    add('scaling factor: cost under a throughput floor', score(truth, (ok.length ? ok : priced).reduce((a, b) => (hourly(b) / scaleEstimate(b) < hourly(a) / scaleEstimate(a) ? b : a)), 'cost', medianThroughput));
  }
  for (const seed of seeds) {
    const [thr] = recommendWorkloads(train, [workload], { objective: 'max:throughput_items_s', constraints: {}, hardware: cands, seed, rowFor });
    add('Perfcast: throughput', score(truth, thr.ranking.ranked[0].candidate.hardware, 'throughput', 0));
    if (priced.length >= 3) {
      for (const minProbability of [0.8, 0.5]) {
        const [cost] = recommendWorkloads(train, [workload], { objective: 'min:cost_usd_per_million', constraints: { minThroughput: medianThroughput }, hardware: priced, seed, rowFor, minProbability });
        const pick = cost.ranking.ranked[0]?.candidate.hardware;
        if (pick) add(`Perfcast: cost under a throughput floor (--min-probability ${minProbability})`, score(truth, pick, 'cost', medianThroughput));
      }
    }
  }
}
console.log(`Lambda GPU training throughput, one GPU: ${queries} workloads (model x precision), each hidden in turn; seeds ${seeds.join(',')}; ${((Date.now() - t0) / 1000).toFixed(0)} s`);
console.log('| method | queries | pick within 10 % of the measured optimum | median regret | constraint violations |');
console.log('| --- | --- | --- | --- | --- |');
for (const [name, list] of scores) {
  const regrets = list.map((s) => s.regret).sort((a, b) => a - b);
  const within = list.filter((s) => s.within10).length / list.length;
  const violations = list.filter((s) => s.violated).length / list.length;
  console.log(`| ${name} | ${list.length} | ${(within * 100).toFixed(1)} % | ${(regrets[regrets.length >> 1] * 100).toFixed(1)} % | ${name.includes('cost') ? `${(violations * 100).toFixed(1)} %` : '-'} |`);
}
