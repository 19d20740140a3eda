/**
 * Speed of the predictor on SIMULATED tables (a known roofline law): fit + predict time for
 * growing training sizes, in-process and through the `perfcast predict` command line.
 * Prints figures; asserts nothing. Run: npx tsx scripts/eval-speed.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { fitPredictor } from '../src/core/predict/predictor.ts';
import { simulatedTable } from '../tests/predict/simulated.ts';
import { parseModel, predictWithModel, serializeModel, trainModel } from '../src/services/model.ts';

const sizes = [1000, 5000, 20000];
for (const size of sizes) {
  const models = Math.ceil(size / (12 * 7 * 2));
  const rows = simulatedTable({ hardware: 12, models, seed: 5 }).slice(0, size + 500);
  const train = rows.slice(0, size);
  const query = rows.slice(size);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const predictor = fitPredictor(train, { target: 'latency_ms' });
  const cpu = process.cpuUsage(cpu0);
  const t1 = performance.now();
  predictor.predict(query);
  const t2 = performance.now();
  // CPU time is what the fit costs on an idle core; wall time depends on what else runs.
  console.log(`in-process: ${train.length} training rows: fit ${((t1 - t0) / 1000).toFixed(2)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU; predict ${query.length} rows ${((t2 - t1) / 1000).toFixed(2)} s`);
}

// Simulated rows (the numbers timed here are times, not accuracy), learned from on request.
const dir = mkdtempSync(join(tmpdir(), 'perfcast-speed-'));
const rows = simulatedTable({ hardware: 12, models: 30, seed: 5 });
const train = rows.slice(0, 5000);
const query = rows.slice(5000).map(({ latency_ms: _l, throughput_items_s: _t, ...rest }) => rest);
writeFileSync(join(dir, 'train.csv'), Papa.unparse(train));
writeFileSync(join(dir, 'query.csv'), Papa.unparse(query));
const { loadavg } = await import('node:os');
console.log(`load average while measuring: ${loadavg().map((v) => v.toFixed(1)).join(' ')}`);
const start = performance.now();
execFileSync('npx', ['perfcast', 'predict', '--train', join(dir, 'train.csv'), '--query', join(dir, 'query.csv'), '--target', 'latency_ms', '--out', join(dir, 'out.csv'), '--include-simulated'], { stdio: 'inherit' });
console.log(`command line: perfcast predict, ${train.length} training rows, ${query.length} query rows: ${((performance.now() - start) / 1000).toFixed(1)} s wall (limit 60 s)`);

// A saved model: fit once, then 1,000 predictions from the reloaded file (what the page and the agent do).
{
  const model = trainModel(train, { target: 'latency_ms', includeSimulated: true });
  const text = serializeModel(model.saved);
  const t0 = performance.now();
  const reloaded = parseModel(text);
  const t1 = performance.now();
  const thousand = simulatedTable({ hardware: 12, models: 30, seed: 9 }).slice(0, 1000).map(({ latency_ms: _l, throughput_items_s: _t, ...rest }) => rest);
  predictWithModel(reloaded, thousand);
  const t2 = performance.now();
  predictWithModel(reloaded, thousand);
  const t3 = performance.now();
  console.log(`saved model (${(text.length / 1e6).toFixed(1)} MB JSON): load ${(t1 - t0).toFixed(0)} ms; 1,000 predictions ${(t2 - t1).toFixed(0)} ms (first), ${(t3 - t2).toFixed(0)} ms (again) (goal 200 ms)`);
  const modelPath = join(dir, 'model.json');
  writeFileSync(modelPath, text);
  const start = performance.now();
  execFileSync('npx', ['perfcast', 'predict', '--model', modelPath, '--query', join(dir, 'query.csv'), '--out', join(dir, 'out-model.csv')], { stdio: 'inherit' });
  console.log(`command line: perfcast predict --model, ${query.length} query rows: ${((performance.now() - start) / 1000).toFixed(1)} s wall including Node start-up`);
}
