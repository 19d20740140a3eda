/**
 * The measurement campaign behind public/data/default.parquet: the model zoo across batch sizes,
 * sequence lengths, precisions and providers, in Node (onnxruntime-node, CPU) and in headless
 * Chromium (onnxruntime-web: wasm with 1 and 2 threads, WebGPU on SwiftShader for small models).
 *
 *   npx tsx scripts/campaign.ts --budget-minutes 20 [--fresh] [--node-only | --page-only] [--retry-failed]
 *
 * Resumable: configurations already in the output file are not measured again. Budgeted: no
 * configuration starts after the budget, or when its estimated time (from the same model's
 * smaller measured sizes) would not fit. Every row is a real run of this harness.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { getModelSpec } from '../src/core/catalog/models/index.ts';
import { configKey, type Provider, type RunConfig } from '../src/core/measure/plan.ts';
import { newRunId } from '../src/core/measure/record.ts';
import type { ProtocolSettings } from '../src/core/measure/protocol.ts';
import type { BenchmarkRecord, Precision } from '../src/core/schema/record.ts';
import { parseTable } from '../src/data/parse/parse-table.ts';
import { cpuModel, hardwareId, hostFacts } from '../src/runtime/node/node-env.ts';
import { nodeRuntimeVersion } from '../src/runtime/node/node-session.ts';
import { benchNode } from '../src/runtime/node/node-runner.ts';
import { appendRecordsToParquet } from '../src/runtime/node/parquet-append.ts';
import { runnableModels, zooWorkload, type ZooModelInfo } from '../src/runtime/zoo-workload.ts';
import type { Workload } from '../src/runtime/workload.ts';
import { PageDriver } from '../src/runtime/node/page-driver.ts';

type Runner = 'node' | 'page';

interface Job {
  readonly runner: Runner;
  readonly config: RunConfig;
  readonly phase: string;
}

interface Attempt {
  readonly key: string;
  readonly status: 'skipped' | 'failed' | 'timeout' | 'cancelled';
  readonly reason: string;
}

const { values: args } = parseArgs({
  options: {
    'budget-minutes': { type: 'string', default: '20' },
    out: { type: 'string', default: 'public/data/default.parquet' },
    manifest: { type: 'string', default: 'public/data/manifest.json' },
    fresh: { type: 'boolean', default: false },
    'node-only': { type: 'boolean', default: false },
    'page-only': { type: 'boolean', default: false },
    'max-config-seconds': { type: 'string', default: '25' },
    models: { type: 'string' },
    'retry-failed': { type: 'boolean', default: false },
  },
});

const budgetMs = Number(args['budget-minutes']) * 60_000;
const maxConfigMs = Number(args['max-config-seconds']) * 1000;
const outPath = resolve(args.out!);
const manifestPath = resolve(args.manifest!);
const workDir = resolve('.perfcast-tmp/campaign');

const NODE_PROTOCOL: ProtocolSettings = { warmupRuns: 3, minRuns: 10, minSeconds: 1, maxRuns: 500, maxSeconds: 10 };
const PAGE_PROTOCOL: ProtocolSettings = { warmupRuns: 3, minRuns: 10, minSeconds: 1, maxRuns: 500, maxSeconds: 10 };
// SwiftShader is a CPU rasterizer: these rows check the WebGPU code path, never GPU speed.
const WEBGPU_PROTOCOL: ProtocolSettings = { warmupRuns: 1, minRuns: 5, minSeconds: 0, maxRuns: 50, maxSeconds: 10 };

const BATCHES = [1, 2, 4, 8, 16, 32];

function seqsFor(model: ZooModelInfo): number[] {
  if (!model.seqVaries) return [model.defaultSeq];
  if (model.modality === 'audio') return [model.defaultSeq];
  const arch = getModelSpec(model.id).arch as { maxPositions?: number };
  const limit = arch.maxPositions ?? 512;
  return [...new Set([32, model.defaultSeq, 128, 512])].filter((s) => s <= limit).sort((a, b) => a - b);
}

function protocolFor(job: Job): ProtocolSettings {
  if (job.runner === 'node') return NODE_PROTOCOL;
  return job.config.ep === 'webgpu' ? WEBGPU_PROTOCOL : PAGE_PROTOCOL;
}

/** Breadth first: every model once, then batch sweeps, sequence sweeps, threads, precisions. */
function plan(models: ZooModelInfo[], runners: Runner[]): Job[] {
  const jobs: Job[] = [];
  const add = (runner: Runner, phase: string, model: ZooModelInfo, ep: Provider, precision: Precision, batch: number, seq: number, threads: number) => {
    if (!runners.includes(runner) || !model.precisions.includes(precision)) return;
    jobs.push({ runner, phase, config: { model: model.id, ep, precision, batch, seq, threads } });
  };
  const small = models.filter((m) => m.paramsM < 10);
  for (const m of models) add('node', 'A node batch 1', m, 'cpu', 'fp32', 1, m.defaultSeq, 1);
  for (const m of models) add('page', 'B page wasm batch 1', m, 'wasm', 'fp32', 1, m.defaultSeq, 1);
  for (const m of small.filter((s) => s.testVariant && s.defaultSeq <= 128)) add('page', 'C page webgpu', m, 'webgpu', 'fp32', 1, m.defaultSeq, 1);
  for (const m of models) for (const b of BATCHES.slice(1)) add('node', 'D node batch sweep', m, 'cpu', 'fp32', b, m.defaultSeq, 1);
  for (const m of models) for (const s of seqsFor(m)) for (const b of [1, 8]) add('node', 'E node seq sweep', m, 'cpu', 'fp32', b, s, 1);
  for (const m of models) for (const b of [2, 4, 8, 16, 32]) add('page', 'F page wasm batch sweep', m, 'wasm', 'fp32', b, m.defaultSeq, 1);
  for (const m of models) for (const b of [1, 8, 32]) add('page', 'G page wasm 2 threads', m, 'wasm', 'fp32', b, m.defaultSeq, 2);
  for (const m of models) for (const b of [1, 8, 32]) add('node', 'H node 2 threads', m, 'cpu', 'fp32', b, m.defaultSeq, 2);
  for (const p of ['int8', 'fp16', 'int4'] as Precision[]) for (const m of models) for (const b of [1, 8]) add('node', `I node ${p}`, m, 'cpu', p, b, m.defaultSeq, 1);
  for (const p of ['int8', 'fp16'] as Precision[]) for (const m of models) add('page', `J page wasm ${p}`, m, 'wasm', p, 1, m.defaultSeq, 1);
  for (const m of small.filter((s) => s.testVariant && s.defaultSeq <= 128)) for (const b of [2, 4]) add('page', 'K page webgpu batch', m, 'webgpu', 'fp32', b, m.defaultSeq, 1);
  for (const m of models) for (const s of seqsFor(m)) add('page', 'L page wasm seq sweep', m, 'wasm', 'fp32', 1, s, 1);
  return jobs;
}

function jobKey(job: Job, seqVaries: boolean): string {
  return `${job.runner}|${configKey({ ...job.config, seq: seqVaries ? job.config.seq : 0 })}`;
}

function recordKey(record: Record<string, unknown>): string {
  const runner = record.origin === 'perfcast-node' ? 'node' : 'page';
  const ep = String(record.ep_requested ?? record.execution_provider);
  const seq = record.seq_len === null || record.seq_len === undefined ? 0 : Number(record.seq_len);
  return `${runner}|${record.model}|${ep}|${record.precision}|b${Number(record.batch_size)}|s${seq}|t${Number(record.threads)}`;
}

/** ms per item-token of the same model/provider/precision/threads, from what was measured so far. */
class Estimator {
  private readonly rates = new Map<string, number>();
  private family(job: Job): string {
    return `${job.runner}|${job.config.model}|${job.config.ep}|${job.config.precision}|t${job.config.threads}`;
  }
  learn(job: Job, firstRunMs: number, p50Ms: number, loadMs: number): void {
    const size = job.config.batch * job.config.seq;
    const rate = Math.max(p50Ms, firstRunMs / 3) / size;
    this.rates.set(this.family(job), Math.max(this.rates.get(this.family(job)) ?? 0, rate));
    this.rates.set(`${this.family(job)}|load`, loadMs);
  }
  /** Estimated wall time of the whole protocol for this job, or null before any measurement. */
  estimateMs(job: Job, protocol: ProtocolSettings): number | null {
    const rate = this.rates.get(this.family(job));
    if (rate === undefined) return null;
    const run = rate * job.config.batch * job.config.seq;
    const runs = protocol.warmupRuns + 2 + Math.max(protocol.minRuns, (protocol.minSeconds * 1000) / Math.max(run, 1e-3));
    return (this.rates.get(`${this.family(job)}|load`) ?? 0) * 2 + run * Math.min(runs, protocol.maxRuns);
  }
}

async function existingRecords(): Promise<Record<string, unknown>[]> {
  if (!existsSync(outPath)) return [];
  const table = await parseTable(outPath, new Uint8Array(readFileSync(outPath)));
  return table.rows;
}

async function writeJson(path: string, value: unknown): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(value, null, 2)}\n`);
  await rename(temporary, path);
}

async function main(): Promise<void> {
  if (args.fresh) {
    rmSync(outPath, { force: true });
    rmSync(manifestPath, { force: true });
  }
  const started = new Date();
  const startedAt = performance.now();
  const runners: Runner[] = args['node-only'] ? ['node'] : args['page-only'] ? ['page'] : ['node', 'page'];
  const modelFilter = args.models?.split(',').map((s) => s.trim());
  const models = runnableModels().filter((m) => !modelFilter || modelFilter.includes(m.id));
  const jobs = plan(models, runners);
  const seqVaries = new Map(models.map((m) => [m.id, m.seqVaries]));
  const previous = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) : null;
  const attempts = new Map<string, Attempt>((previous?.not_measured ?? [])
    .filter((a: Attempt) => !(args['retry-failed'] && a.status !== 'skipped'))
    .map((a: Attempt) => [a.key, a]));
  const done = new Set((await existingRecords()).map(recordKey));
  const sessions: Array<Record<string, unknown>> = previous?.sessions ?? [];
  const hardware = hardwareId();
  const runId = newRunId('campaign', started, Math.random);
  const estimator = new Estimator();
  const page = runners.includes('page') ? new PageDriver(join(workDir, 'dist')) : null;
  const loads: number[] = [];
  let pageStarted = false;
  let measured = 0;
  let workload: Workload | null = null;
  const session = {
    run_id: runId,
    started_at: started.toISOString(),
    finished_at: null as string | null,
    command: `npx tsx scripts/campaign.ts ${process.argv.slice(2).join(' ')}`.trim(),
    budget_minutes: Number(args['budget-minutes']),
    measured: 0,
    load_average_1m: { min: null as number | null, max: null as number | null, mean: null as number | null },
  };
  sessions.push(session);

  const writeManifest = async () => {
    const rows = await existingRecords();
    const count = (f: (r: Record<string, unknown>) => boolean) => rows.filter(f).length;
    const host = hostFacts();
    session.measured = measured;
    if (loads.length > 0) {
      session.load_average_1m = { min: Math.min(...loads), max: Math.max(...loads), mean: Math.round((loads.reduce((a, b) => a + b, 0) / loads.length) * 100) / 100 };
    }
    await writeJson(manifestPath, {
      description: 'Measurements taken by Perfcast itself with scripts/campaign.ts on the machine below. Every row of default.parquet is a real run; nothing is synthetic.',
      data_file: 'default.parquet',
      rows: rows.length,
      rows_by_runner: {
        'perfcast-node (onnxruntime-node, cpu)': count((r) => r.origin === 'perfcast-node'),
        'perfcast-page wasm': count((r) => r.origin === 'perfcast-page' && r.execution_provider === 'wasm'),
        'perfcast-page webgpu (SwiftShader)': count((r) => r.origin === 'perfcast-page' && r.execution_provider === 'webgpu'),
      },
      machine: {
        cpu_model: cpuModel(), hardware_id: hardware, logical_cores: host.cores, memory_gb: host.memoryGb, os: host.os, gpu: 'none (WebGPU rows use SwiftShader, a CPU rasterizer)',
      },
      software: {
        node: host.node,
        onnxruntime_node: nodeRuntimeVersion(),
        onnxruntime_web: String(rows.find((r) => r.runtime === 'onnxruntime-web')?.runtime_version ?? 'not run yet'),
        browser: page?.browserVersion ? `Chromium ${page.browserVersion} (headless)` : previous?.software?.browser ?? null,
        browser_flags: '--no-sandbox --disable-background-networking --disable-component-update --disable-sync --no-first-run --disable-quic --enable-unsafe-webgpu',
        page_providers: page && pageStarted ? page.providerStatus : previous?.software?.page_providers ?? null,
      },
      protocol: {
        node: NODE_PROTOCOL, page_wasm: PAGE_PROTOCOL, page_webgpu: WEBGPU_PROTOCOL,
        output_check: 'every run is compared with an unoptimized session of the same model (onnxruntime-node CPU / onnxruntime-web wasm); runs that disagree are not stored',
        skip_rule: `a configuration is not started when its estimate from smaller measured sizes exceeds ${args['max-config-seconds']} s or the remaining budget`,
      },
      load_conditions: 'Measured on a shared 2-core machine while other processes (other build and test jobs) were running; the 1-minute load average was sampled before every configuration and is stored per row as host_load_1m. Expect noisier and slower figures than on an idle machine, especially for 2-thread runs.',
      sessions,
      not_measured: [...attempts.values()],
    });
  };

  const remaining = () => budgetMs - (performance.now() - startedAt);
  const note = (key: string, status: Attempt['status'], reason: string) => attempts.set(key, { key, status, reason });
  process.on('SIGINT', () => { void page?.stop().finally(() => process.exit(130)); });

  try {
    for (const job of jobs) {
      const key = jobKey(job, seqVaries.get(job.config.model) ?? true);
      if (done.has(key) || attempts.has(key)) continue;
      if (remaining() <= 0) break;
      const protocol = protocolFor(job);
      const estimate = estimator.estimateMs(job, protocol);
      if (estimate !== null && estimate > maxConfigMs) {
        note(key, 'skipped', `estimated ${(estimate / 1000).toFixed(0)} s > ${args['max-config-seconds']} s per configuration`);
        continue;
      }
      if (estimate !== null && estimate > remaining()) continue;
      const load = os.loadavg()[0];
      loads.push(load);
      const label = `[${job.phase}] ${job.runner} ${key}`;
      process.stderr.write(`${label} (load ${load.toFixed(1)}, ${(remaining() / 60000).toFixed(1)} min left) ... `);
      let record: BenchmarkRecord | null = null;
      if (job.runner === 'node') {
        if (!workload || workload.name !== job.config.model || workload.precision !== job.config.precision) {
          workload = null;
          workload = zooWorkload(job.config.model, job.config.precision);
        }
        const outcome = await benchNode(workload, { batch: job.config.batch, seq: job.config.seq, threads: job.config.threads }, { protocol, runId, checkOutputs: true, hardware });
        if (outcome.record) record = outcome.record;
        else note(key, 'failed', outcome.result.status === 'failed' ? `${outcome.result.phase}: ${outcome.result.error}` : outcome.result.status);
      } else {
        if (!pageStarted) {
          process.stderr.write('starting the page ... ');
          await page!.start();
          pageStarted = true;
        }
        const timeout = Math.max(120_000, (estimate ?? 60_000) * 3);
        const outcome = await page!.run(job.config, protocol, hardware, timeout);
        if (outcome.record) record = outcome.record;
        else note(key, outcome.status === 'measured' ? 'failed' : outcome.status, outcome.message);
      }
      if (record) {
        record = { ...record, host_load_1m: Math.round(load * 100) / 100, campaign_run_id: runId };
        await appendRecordsToParquet(outPath, [record]);
        done.add(key);
        measured++;
        estimator.learn(job, Number(record.first_run_ms), Number(record.latency_ms), Number(record.load_ms));
        process.stderr.write(`p50 ${Number(record.latency_ms).toFixed(2)} ms (${record.execution_provider}${record.ep_fallback === 'true' ? ', FALLBACK' : ''})\n`);
      } else {
        process.stderr.write(`${attempts.get(key)?.status}: ${attempts.get(key)?.reason}\n`);
      }
      await writeManifest();
    }
  } finally {
    session.finished_at = new Date().toISOString();
    await writeManifest();
    await page?.stop();
  }
  const left = jobs.filter((j) => !done.has(jobKey(j, seqVaries.get(j.config.model) ?? true)) && !attempts.has(jobKey(j, seqVaries.get(j.config.model) ?? true))).length;
  process.stderr.write(`measured ${measured} configurations this session; ${left} planned configurations remain (run again to resume)\n`);
}

await main();
