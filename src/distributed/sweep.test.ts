/**
 * The sweep against a real redis-server (started here on a free loopback port) and real
 * measurements on onnxruntime-node: the faults of issue 13 each happen for real (a worker killed
 * with SIGKILL, Redis killed and restarted on its append-only file, a model that fails to load).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../agent/cli.ts';
import { DEFAULT_PLAN, type RunPlan } from '../core/measure/plan.ts';
import { tinyWorkload } from '../runtime/testing/tiny-workload.ts';
import type { Workload } from '../runtime/workload.ts';
import { runSweep, type SweepOptions } from './coordinator.ts';
import { queueName } from './jobs.ts';
import { redisOptions } from './redis.ts';
import { ResultsStore } from './results-store.ts';
import { TestRedis, redisServerAvailable } from './testing/redis-server.ts';
import { startWorker, type RunningWorker } from './worker.ts';

const ROOT = join(import.meta.dirname, '..', '..');

function broken(): Workload {
  return { ...tinyWorkload(), name: 'broken-model', bytes: new TextEncoder().encode('this is not an ONNX model') };
}

const resolver = async () => ({
  list: () => ['tiny-mlp', 'broken-model'],
  load: (model: string) => (model === 'broken-model' ? broken() : tinyWorkload()),
});

function plan(batches: number[], seconds = 0.05, models = ['tiny-mlp']): RunPlan {
  return { ...DEFAULT_PLAN, models, eps: ['cpu'], batches, protocol: { warmupRuns: 1, minRuns: 3, minSeconds: seconds, maxRuns: 1_000_000, maxSeconds: 30 } };
}

function tempFile(name: string): string {
  return join(mkdtempSync(join(tmpdir(), 'perfcast-sweep-')), name);
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function readRows(path: string) {
  const store = await ResultsStore.open(path);
  try {
    return await store.rows();
  } finally {
    await store.close();
  }
}

describe.skipIf(!redisServerAvailable())('perfcast sweep on BullMQ and a real redis-server', () => {
  let redis: TestRedis;
  const workers: RunningWorker[] = [];
  const children: ChildProcess[] = [];
  let classCounter = 0;
  const freshClass = () => `test-${process.pid}-${++classCounter}`;

  beforeAll(async () => { redis = await TestRedis.start(); });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.close()));
    await redis?.stop();
  });

  async function worker(hardwareClass: string, id: string, lockMs = 2000): Promise<RunningWorker> {
    const w = await startWorker({ redisUrl: redis.url, hardwareClass, resolver, workerId: id, lockMs });
    workers.push(w);
    return w;
  }

  function sweep(options: Partial<SweepOptions> & Pick<SweepOptions, 'plan' | 'outPath' | 'hardwareClass'>) {
    return runSweep({ redisUrl: redis.url, checkOutputs: true, pollMs: 100, backoffMs: 100, ...options });
  }

  it('lands every configuration once as a measured record naming its worker, and never measures a stored one again', async () => {
    const hardwareClass = freshClass();
    const w = await worker(hardwareClass, 'w-basic');
    const out = tempFile('r.duckdb');
    const parquet = tempFile('r.parquet');
    const first = await sweep({ plan: plan([1, 2, 3, 4]), outPath: out, hardwareClass, parquetPath: parquet });
    expect(first).toMatchObject({ total: 4, added: 4, alreadyStored: 0, failed: [], complete: true, parquetRows: 4 });
    const rows = await readRows(out);
    expect(rows.map((r) => r.batch_size).sort()).toEqual([1, 2, 3, 4]);
    for (const row of rows) {
      expect(row).toMatchObject({ source: 'measured', origin: 'perfcast-worker', runtime: 'onnxruntime-node', execution_provider: 'cpu', output_check: 'pass', worker_id: 'w-basic', hardware_class: hardwareClass, run_id: `sweep-${first.sweepId}` });
      expect(row.worker_host).toBeTruthy();
      expect(Number(row.latency_ms)).toBeGreaterThan(0);
      expect(Number(row.runs)).toBeGreaterThanOrEqual(3);
    }
    expect(w.processed()).toBe(4);

    const again = await sweep({ plan: plan([1, 2, 3, 4, 5]), outPath: out, hardwareClass });
    expect(again).toMatchObject({ total: 5, alreadyStored: 4, added: 1, complete: true });
    expect(w.processed()).toBe(5);

    // A new results file gets the finished jobs from Redis without measuring them again.
    const elsewhere = tempFile('copy.duckdb');
    expect(await sweep({ plan: plan([1, 2, 3, 4, 5]), outPath: elsewhere, hardwareClass })).toMatchObject({ added: 5, alreadyStored: 0 });
    expect(w.processed()).toBe(5);

    const remeasured = await sweep({ plan: plan([1, 2]), outPath: out, hardwareClass, remeasure: true });
    expect(remeasured).toMatchObject({ total: 2, alreadyStored: 0, added: 2 });
    expect(w.processed()).toBe(7);
    expect(await readRows(out)).toHaveLength(7);
  });

  it('marks a poison job failed with its reason after N attempts and goes on with the rest', async () => {
    const hardwareClass = freshClass();
    const w = await worker(hardwareClass, 'w-poison');
    const out = tempFile('r.duckdb');
    const summary = await sweep({ plan: plan([1, 2], 0.05, ['broken-model', 'tiny-mlp']), outPath: out, hardwareClass, attempts: 2 });
    expect(summary.complete).toBe(true);
    expect(summary.added).toBe(2);
    expect(summary.failed).toHaveLength(2);
    for (const f of summary.failed) {
      expect(f.config).toMatch(/^broken-model cpu fp32 batch [12] /);
      expect(f.attempts).toBe(2);
      expect(f.reason).toMatch(/Failed to load model because protobuf parsing failed/);
    }
    expect(w.processed()).toBe(2 * 2 + 2);
    const store = await ResultsStore.open(out);
    expect((await store.failures()).map((f) => f.attempts)).toEqual([2, 2]);
    expect((await store.rows()).every((r) => r.model === 'tiny-mlp')).toBe(true);
    await store.close();
  });

  it('fails a job that runs past its timeout, with the reason', async () => {
    const hardwareClass = freshClass();
    await worker(hardwareClass, 'w-timeout');
    const summary = await sweep({ plan: plan([1], 20), outPath: tempFile('r.duckdb'), hardwareClass, attempts: 1, timeoutS: 1 });
    expect(summary.added).toBe(0);
    expect(summary.failed).toHaveLength(1);
    expect(summary.failed[0].reason).toBe('timed out after 1 s (job timeout)');
  });

  it('never lets a worker of another hardware class take a job', async () => {
    const hardwareClass = freshClass();
    const wrong = await worker(`${hardwareClass}-other`, 'w-wrong');
    const out = tempFile('r.duckdb');
    const detached = await sweep({ plan: plan([1, 2, 3]), outPath: out, hardwareClass, detach: true });
    expect(detached).toMatchObject({ enqueued: 3, complete: false });
    const queue = new Queue(queueName(hardwareClass), { connection: { url: redis.url, ...redisOptions() } });
    await new Promise((r) => setTimeout(r, 1500));
    expect((await queue.getJobCounts('waiting')).waiting).toBe(3);
    expect(wrong.processed()).toBe(0);
    await worker(hardwareClass, 'w-right');
    expect(await sweep({ plan: plan([1, 2, 3]), outPath: out, hardwareClass })).toMatchObject({ added: 3, complete: true });
    expect(wrong.processed()).toBe(0);
    expect(new Set((await readRows(out)).map((r) => r.worker_id))).toEqual(new Set(['w-right']));
    await queue.close();
  });

  it('resumes a sweep whose coordinator stopped, measuring nothing twice', async () => {
    const hardwareClass = freshClass();
    const w = await worker(hardwareClass, 'w-resume');
    const out = tempFile('r.duckdb');
    const signal = { aborted: false };
    const first = await sweep({ plan: plan([1, 2, 3, 4, 5, 6], 0.2), outPath: out, hardwareClass, signal, onProgress: (p) => { if (p.done >= 2) signal.aborted = true; } });
    expect(first.complete).toBe(false);
    expect(first.added).toBeGreaterThanOrEqual(2);
    expect(first.added).toBeLessThan(6);
    const second = await sweep({ plan: plan([1, 2, 3, 4, 5, 6], 0.2), outPath: out, hardwareClass });
    expect(second.complete).toBe(true);
    expect(second.alreadyStored + second.added).toBe(6);
    expect(w.processed()).toBe(6);
    expect(await readRows(out)).toHaveLength(6);
  });

  it('loses and doubles nothing when Redis is killed and restarted on its append-only file mid-sweep', async () => {
    const hardwareClass = freshClass();
    await worker(hardwareClass, 'w-restart');
    const out = tempFile('r.duckdb');
    const batches = Array.from({ length: 12 }, (_, i) => i + 1);
    let restarted: Promise<void> | null = null;
    const summary = await sweep({
      plan: plan(batches, 0.15), outPath: out, hardwareClass,
      onProgress: (p) => { if (p.done >= 3 && !restarted) restarted = redis.restart(500); },
    });
    expect(restarted).not.toBeNull();
    await restarted;
    expect(summary).toMatchObject({ complete: true, added: 12, requeued: 0, failed: [] });
    const rows = await readRows(out);
    expect(rows).toHaveLength(12);
    expect(new Set(rows.map((r) => r.batch_size)).size).toBe(12);
    expect(new Set(rows.map((r) => r.job_id)).size).toBe(12);
  });

  it('gives the job of a worker killed mid-job to another worker, and exactly one record lands', async () => {
    const hardwareClass = freshClass();
    const out = tempFile('r.duckdb');
    const planFile = tempFile('plan.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(planFile, JSON.stringify({ models: ['mobilenet-v2-tiny'], eps: ['cpu'], batches: [1, 2], protocol: { minRuns: 3, minSeconds: 4, warmupRuns: 1 } }));
    const child = spawn(process.execPath, [join(ROOT, 'bin/perfcast.mjs'), 'worker', '--redis', redis.url, '--hardware-class', hardwareClass, '--id', 'w-doomed', '--lock-seconds', '2'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    children.push(child);
    let log = '';
    child.stderr!.on('data', (chunk: Buffer) => { log += chunk.toString(); });
    const captured = { out: [] as string[], err: [] as string[] };
    const io = { out: (t: string) => captured.out.push(t), err: (t: string) => captured.err.push(t) };
    const running = main(['sweep', '--redis', redis.url, '--plan', planFile, '--out', out, '--hardware-class', hardwareClass, '--backoff-ms', '100'], io);
    await waitFor('the doomed worker to start measuring', () => /measuring mobilenet-v2-tiny/.test(log), 45_000);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const { zooWorkload } = await import('../runtime/zoo-workload.ts');
    const survivor = await startWorker({ redisUrl: redis.url, hardwareClass, workerId: 'w-survivor', lockMs: 2000, resolver: async () => ({ list: () => ['mobilenet-v2-tiny'], load: zooWorkload }) });
    workers.push(survivor);
    expect(await running).toBe(0);
    const rows = await readRows(out);
    expect(rows.map((r) => r.batch_size).sort()).toEqual([1, 2]);
    expect(rows.map((r) => r.worker_id)).toEqual(['w-survivor', 'w-survivor']);
    expect(captured.out.join('\n')).toMatch(/2 measured records added/);
    rmSync(planFile);
  }, 90_000);

  it('explains a bad command line or plan', async () => {
    const captured: string[] = [];
    const io = { out: (t: string) => captured.push(t), err: (t: string) => captured.push(t) };
    expect(await main(['sweep', '--plan', 'p.json', '--out', 'r.duckdb'], io)).toBe(1);
    expect(captured.pop()).toMatch(/--redis URL is required/);
    expect(await main(['sweep', '--redis', 'http://x', '--plan', 'p.json', '--out', 'r.duckdb'], io)).toBe(1);
    expect(captured.pop()).toMatch(/redis:\/\/ or rediss:\/\//);
    const planFile = tempFile('plan.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(planFile, '{"models":["m"],"threads":[0]}');
    expect(await main(['sweep', '--redis', redis.url, '--plan', planFile, '--out', tempFile('r.duckdb')], io)).toBe(1);
    expect(captured.pop()).toMatch(/plan.json: "threads"\[0\] = 0/);
    expect(await main(['worker'], io)).toBe(1);
    expect(captured.pop()).toMatch(/--redis URL is required/);
  });
});
