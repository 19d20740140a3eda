import type { Command } from '../command.ts';

/** Each entry loads its module only when the command runs, so `--help` stays fast. */
export const COMMANDS: ReadonlyArray<{ name: string; summary: string; load: () => Promise<Command> }> = [
  { name: 'bench', summary: 'measure a model on onnxruntime-node with the measurement protocol', load: async () => (await import('./bench.ts')).default },
  { name: 'import', summary: 'validate and normalize a CSV, JSON or Parquet file of benchmark results into records', load: async () => (await import('./import.ts')).default },
  { name: 'query', summary: 'run SQL on a Parquet, CSV or JSON file loaded as the table records', load: async () => (await import('./query.ts')).default },
  { name: 'stepfit', summary: 'fit step_time = a*bs*seq + b*bs + c*seq + d to a JSONL step log (OLS, Huber, RANSAC, diagnostics)', load: async () => (await import('./stepfit.ts')).default },
  { name: 'train', summary: 'fit the predictor once and save it as a model file', load: async () => (await import('./train.ts')).default },
  { name: 'predict', summary: 'predict a metric with 80% intervals and confidence from benchmark records', load: async () => (await import('./predict.ts')).default },
  { name: 'recommend', summary: 'rank hardware for workloads under latency/throughput limits by latency, throughput, cost or energy (predicted)', load: async () => (await import('./recommend.ts')).default },
  { name: 'eval', summary: 'cross-validate the predictor against roofline and scaling baselines', load: async () => (await import('./eval.ts')).default },
  { name: 'sweep', summary: 'spread a benchmark plan over workers through BullMQ on Redis; results into a DuckDB file', load: async () => (await import('./sweep.ts')).default },
  { name: 'worker', summary: 'take sweep jobs from Redis and measure them on this machine', load: async () => (await import('./worker.ts')).default },
  { name: 'agent', summary: 'serve the prediction REST API and native measurement to the dashboard (localhost, token)', load: async () => (await import('./agent.ts')).default },
  { name: 'validate', summary: "compare the agent's measured runs with what was predicted before them (error, interval coverage)", load: async () => (await import('./validate.ts')).default },
];
