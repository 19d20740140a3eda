/**
 * Runs `perfcast eval` on the shared public data sets (../shared/datasets) for every protocol
 * that the data set supports, and prints one markdown table row per run with the exact command
 * that reproduces it. Usage: npx tsx scripts/eval-datasets.ts [name-filter] > results.md
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { main } from '../src/agent/cli.ts';
import type { Metrics } from '../src/core/predict/evaluate/metrics.ts';

const DATASETS = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../../shared/datasets');
const REL = '../shared/datasets';

interface Run { name: string; preset: string; file: string; target: string; protocol: string; extra?: string[] }

const RUNS: Run[] = [
  ...['random', 'hardware', 'model'].map((protocol) => ({ name: 'MLPerf Tiny', preset: 'mlperf-tiny', file: 'mlperf_tiny/mlperf_tiny_results_v0.5-v1.3.csv', target: 'latency_ms', protocol })),
  ...['random', 'hardware', 'hardware-kshot', 'model'].map((protocol) => ({ name: 'Lambda (training)', preset: 'lambda', file: 'lambdal_deeplearning_benchmark/lambdal_train_throughput_long.csv', target: 'throughput_items_s', protocol })),
  ...['random', 'hardware', 'hardware-kshot', 'model'].map((protocol) => ({ name: 'ML.ENERGY LLM', preset: 'ml-energy', file: 'ml_energy_leaderboard/mlenergy_llm_inference.csv', target: 'latency_ms', protocol })),
  ...['random', 'hardware-kshot'].map((protocol) => ({ name: 'ML.ENERGY LLM power', preset: 'ml-energy', file: 'ml_energy_leaderboard/mlenergy_llm_inference.csv', target: 'power_w', protocol })),
  ...['random', 'hardware', 'hardware-kshot', 'model'].map((protocol) => ({ name: 'ML.ENERGY diffusion', preset: 'ml-energy', file: 'ml_energy_leaderboard/mlenergy_diffusion_inference.csv', target: 'latency_mean_ms', protocol })),
  ...['random', 'hardware', 'hardware-kshot', 'model'].map((protocol) => ({ name: 'Vidur operators', preset: 'vidur', file: 'vidur_profiling/vidur_mlp_op_medians_ms.csv', target: 'latency_ms', protocol, extra: protocol === 'model' ? ['--max-folds', '5'] : [] })),
  ...['hardware-kshot', 'hardware', 'random', 'model'].map((protocol) => ({ name: 'HELP NB201', preset: 'help', file: 'help/help_nasbench201_latency_ms_wide.csv', target: 'latency_ms', protocol, extra: [...(protocol === 'hardware-kshot' ? ['--shots', '10'] : []), ...(protocol === 'model' ? ['--max-folds', '5'] : [])] })),
];

const pct = (v: number | null) => (v === null || !Number.isFinite(v) ? 'n/a' : `${(v * 100).toFixed(1)}%`);
const num = (v: number | null) => (v === null || !Number.isFinite(v) ? 'n/a' : v.toFixed(3));
const cells = (m: Metrics) => `${pct(m.mape)} / ${pct(m.medianApe)} / ${pct(m.within10)} / ${pct(m.within25)} / ${num(m.spearman)} / ${num(m.r2Log)}`;

if (!existsSync(DATASETS)) {
  console.error(`skipped: ${DATASETS} is absent`);
  process.exit(0);
}
const filter = process.argv[2]?.toLowerCase();
console.log('| data set | protocol | target | rows / folds | Perfcast MAPE / medAPE / <=10% / <=25% / rho / R2log | 80% cover | roofline (same metrics) | scaling (same metrics) | Perfcast on the scaling rows | command |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const run of RUNS) {
  if (filter && !`${run.name} ${run.protocol}`.toLowerCase().includes(filter)) continue;
  const args = ['eval', '--preset', run.preset, '--data', `${REL}/${run.file}`, '--target', run.target, '--protocol', run.protocol, ...(run.extra ?? [])];
  let out = '';
  let err = '';
  const start = Date.now();
  const code = await main([...args.slice(0, 4), resolve(DATASETS, run.file), ...args.slice(5), '--json'], { out: (t) => { out += t; }, err: (t) => { err += t; } });
  const command = `\`npx perfcast ${args.join(' ')}\``;
  if (code !== 0) {
    console.log(`| ${run.name} | ${run.protocol} | ${run.target} | - | failed: ${err.split('\n')[0]} | | | | | ${command} |`);
    continue;
  }
  const r = JSON.parse(out);
  const o = r.overall;
  console.log(`| ${run.name} | ${run.protocol} | ${run.target} | ${r.rows} / ${r.folds.length} | ${cells(o.perfcast)} | ${pct(o.perfcast.coverage)} | ${cells(o.roofline)}${o.roofline.missing ? ` (${o.roofline.missing} n/a)` : ''} | ${cells(o.scaling)}${o.scaling.missing ? ` (${o.scaling.missing} n/a)` : ''} | ${o.scaling.missing ? cells(o.perfcastScalingRows) : 'same'} | ${command} |`);
  console.error(`${run.name} ${run.protocol}: ${((Date.now() - start) / 1000).toFixed(0)} s; folds: ${r.folds.map((f: { name: string; perfcast: Metrics }) => `${f.name} medAPE ${pct(f.perfcast.medianApe)} rho ${num(f.perfcast.spearman)} cover ${pct(f.perfcast.coverage)}`).join('; ')}`);
}
