/**
 * Figures for docs/distributed.md: queue throughput with 1, 2 and 4 workers on loopback and the
 * overhead per job against measuring the same configurations in one process; the success rate of
 * a 200-job sweep while a worker is killed (SIGKILL) and restarted twice; the enqueue time of a
 * 1,000-job sweep and a duplicate check of its results file. Everything runs for real: a
 * redis-server on a free loopback port, `perfcast worker` processes, the coordinator of
 * `perfcast sweep`, onnxruntime-node measurements.
 *
 *   npx tsx scripts/bench-distributed.ts [--jobs 200] [--fsync always|everysec] [--skip-kill] [--skip-1000]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { DEFAULT_PLAN, type RunPlan } from '../src/core/measure/plan.ts';
import { runSweep, type SweepProgress } from '../src/distributed/coordinator.ts';
import { ResultsStore } from '../src/distributed/results-store.ts';
import { TestRedis } from '../src/distributed/testing/redis-server.ts';
import { benchNode } from '../src/runtime/node/node-runner.ts';
import { zooWorkload } from '../src/runtime/zoo-workload.ts';

const { values: args } = parseArgs({ options: { jobs: { type: 'string' }, 'skip-kill': { type: 'boolean' }, 'skip-1000': { type: 'boolean' }, fsync: { type: 'string' } } });
const ROOT = join(import.meta.dirname, '..');
const MODEL = 'mobilenet-v2-tiny';
const JOBS = Number(args.jobs ?? 200);
const tmp = mkdtempSync(join(os.tmpdir(), 'perfcast-bench-dist-'));

/**
 * Distinct job ids for the same small workload: the image model ignores the sequence length, so
 * every job measures the same thing and the queue's own cost per job is what differs.
 */
function plan(jobs: number, minSeconds: number): RunPlan {
  return {
    ...DEFAULT_PLAN, models: [MODEL], eps: ['cpu'], seqs: Array.from({ length: jobs }, (_, i) => i + 1),
    protocol: { warmupRuns: 1, minRuns: 3, minSeconds, maxRuns: 100_000, maxSeconds: 30 },
  };
}

class WorkerProcess {
  child: ChildProcess;
  log = '';
  constructor(redisUrl: string, hardwareClass: string, readonly id: string) {
    this.child = spawn(process.execPath, [join(ROOT, 'bin/perfcast.mjs'), 'worker', '--redis', redisUrl, '--hardware-class', hardwareClass, '--id', id, '--lock-seconds', '2'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    this.child.stderr!.on('data', (c: Buffer) => { this.log += c.toString(); });
  }
  async ready(): Promise<void> {
    const start = Date.now();
    while (!this.log.includes('takes jobs from')) {
      if (this.child.exitCode !== null) throw new Error(`worker ${this.id} exited: ${this.log}`);
      if (Date.now() - start > 60_000) throw new Error(`worker ${this.id} did not start: ${this.log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  async kill(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGKILL');
    await exited;
  }
}

async function startWorkers(redisUrl: string, hardwareClass: string, n: number): Promise<WorkerProcess[]> {
  const workers = Array.from({ length: n }, (_, i) => new WorkerProcess(redisUrl, hardwareClass, `bench-${hardwareClass}-${i + 1}`));
  await Promise.all(workers.map((w) => w.ready()));
  return workers;
}

async function verify(path: string): Promise<{ rows: number; distinctJobs: number }> {
  const store = await ResultsStore.open(path);
  const rows = await store.rows();
  await store.close();
  return { rows: rows.length, distinctJobs: new Set(rows.map((r) => r.job_id)).size };
}

const fsync = args.fsync === 'everysec' ? 'everysec' : 'always';
const redis = await TestRedis.start({ fsync });
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`machine: ${os.cpus()[0]?.model} x${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, load average at start ${load()}`);
console.log(`redis-server on ${redis.url} (appendonly yes, appendfsync ${fsync}); workload ${MODEL}, protocol 1 warm-up + 3 measured runs, output check on`);

// Local baseline: the same configurations measured one after another in this process.
const local = plan(JOBS, 0);
const workload = zooWorkload(MODEL, 'fp32');
await benchNode(workload, { batch: 1, seq: 1, threads: 1 }, { protocol: local.protocol, runId: 'warm', checkOutputs: true });
const localStart = performance.now();
for (const seq of local.seqs) await benchNode(workload, { batch: 1, seq, threads: 1 }, { protocol: local.protocol, runId: 'local', checkOutputs: true });
const localMsPerJob = (performance.now() - localStart) / JOBS;
console.log(`\nlocal, one process (benchNode as in perfcast bench): ${localMsPerJob.toFixed(1)} ms a configuration over ${JOBS}`);

console.log('\n| workers | jobs | wall s | jobs/s | ms a job | overhead a job vs local | load avg after |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const n of [1, 2, 4]) {
  const hardwareClass = `throughput-${n}`;
  const workers = await startWorkers(redis.url, hardwareClass, n);
  const warm = await runSweep({ redisUrl: redis.url, plan: plan(n, 0), outPath: join(tmp, `warm-${n}.duckdb`), hardwareClass, checkOutputs: true, pollMs: 50 });
  if (!warm.complete) throw new Error('warm-up sweep did not finish');
  const p = { ...plan(JOBS, 0), seqs: plan(JOBS, 0).seqs.map((s) => s + 1000) };
  const start = performance.now();
  const summary = await runSweep({ redisUrl: redis.url, plan: p, outPath: join(tmp, `throughput-${n}.duckdb`), hardwareClass, checkOutputs: true, pollMs: 50 });
  const wallS = (performance.now() - start) / 1000;
  const msPerJob = (wallS * 1000) / JOBS;
  if (summary.added !== JOBS) throw new Error(`only ${summary.added} of ${JOBS} records landed`);
  console.log(`| ${n} | ${JOBS} | ${wallS.toFixed(2)} | ${(JOBS / wallS).toFixed(1)} | ${msPerJob.toFixed(1)} | ${(msPerJob * n - localMsPerJob).toFixed(1)} ms (per worker) | ${load()} |`);
  await Promise.all(workers.map((w) => w.kill()));
}

if (!args['skip-kill']) {
  const hardwareClass = 'kill-test';
  const total = 200;
  const workers = await startWorkers(redis.url, hardwareClass, 2);
  const out = join(tmp, 'kill.duckdb');
  let kills = 0;
  let busy: Promise<void> | null = null;
  const thresholds = [0.25, 0.6];
  const start = performance.now();
  const summary = await runSweep({
    redisUrl: redis.url, plan: plan(total, 0.05), outPath: out, hardwareClass, checkOutputs: true, backoffMs: 200,
    onProgress: (p: SweepProgress) => {
      if (busy || kills >= thresholds.length || p.done < thresholds[kills] * total) return;
      const victim = workers[0];
      busy = (async () => {
        await victim.kill();
        kills++;
        workers[0] = new WorkerProcess(redis.url, hardwareClass, `${victim.id}-r${kills}`);
        await workers[0].ready();
        busy = null;
      })();
    },
  });
  const wallS = (performance.now() - start) / 1000;
  const check = await verify(out);
  console.log(`\n200-job sweep, 2 workers, one killed with SIGKILL and restarted ${kills} times: ${summary.added}/${total} records ` +
    `(${((summary.added / total) * 100).toFixed(1)} % success), ${summary.failed.length} failed, ${check.rows} rows / ${check.distinctJobs} distinct job ids, ${wallS.toFixed(1)} s, load avg ${load()}`);
  await Promise.all(workers.map((w) => w.kill()));
}

if (!args['skip-1000']) {
  const hardwareClass = 'thousand';
  const out = join(tmp, 'thousand.duckdb');
  const p = plan(1000, 0);
  const enq = await runSweep({ redisUrl: redis.url, plan: p, outPath: out, hardwareClass, checkOutputs: false, detach: true });
  const workers = await startWorkers(redis.url, hardwareClass, 2);
  const start = performance.now();
  const summary = await runSweep({ redisUrl: redis.url, plan: p, outPath: out, hardwareClass, checkOutputs: false });
  const check = await verify(out);
  console.log(`\n1,000-job sweep: enqueued in ${enq.enqueueMs.toFixed(0)} ms (addBulk of 1,000 jobs); 2 workers finished it in ${((performance.now() - start) / 1000).toFixed(1)} s; ` +
    `${check.rows} rows, ${check.distinctJobs} distinct job ids, ${summary.failed.length} failed, load avg ${load()}`);
  await Promise.all(workers.map((w) => w.kill()));
}

await redis.stop();
