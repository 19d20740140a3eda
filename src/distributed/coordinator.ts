/**
 * The sweep coordinator: enqueues one job per configuration (job id = hash of the configuration,
 * so BullMQ never holds two copies and a repeated sweep skips what the results file has), then
 * collects finished jobs into the DuckDB file until every job has a record or a final failure.
 * All state lives in Redis and the results file, so a restarted coordinator picks up where the
 * last one stopped.
 */
import { Job, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { RunPlan } from '../core/measure/plan.ts';
import type { BenchmarkRecord } from '../core/schema/record.ts';
import { buildSweep, describeConfig, protocolEstimateS, queueName, type SweepJob } from './jobs.ts';
import { redisOptions } from './redis.ts';
import { ResultsStore } from './results-store.ts';
import { PRESENCE_PREFIX } from './worker.ts';

export interface SweepOptions {
  readonly redisUrl: string;
  readonly plan: RunPlan;
  readonly outPath: string;
  readonly hardwareClass: string;
  readonly checkOutputs: boolean;
  /** Measure again configurations the results file already has (new job ids). */
  readonly remeasure?: boolean;
  /** Give jobs that failed every attempt in an earlier sweep another round of attempts. */
  readonly retryFailed?: boolean;
  readonly attempts?: number;
  readonly backoffMs?: number;
  /** BullMQ priority: 1 is taken first; absent means plain FIFO order. */
  readonly priority?: number;
  readonly timeoutS?: number;
  readonly parquetPath?: string;
  readonly pollMs?: number;
  /** Stop after enqueueing (another coordinator, or a later run of this one, collects). */
  readonly detach?: boolean;
  readonly log?: (line: string) => void;
  readonly onProgress?: (progress: SweepProgress) => void;
  readonly signal?: { readonly aborted: boolean };
}

export interface SweepProgress {
  readonly total: number;
  readonly done: number;
  readonly failed: number;
  readonly active: number;
  readonly workers: number;
  /** Estimated seconds left: remaining jobs x predicted seconds a job, over the workers alive. */
  readonly etaS: number | null;
  readonly secondsPerJob: number;
  readonly estimateBasis: 'protocol' | 'observed';
}

export interface SweepSummary {
  readonly sweepId: string;
  readonly total: number;
  /** Records already in the results file before this run (not measured again). */
  readonly alreadyStored: number;
  readonly enqueued: number;
  readonly enqueueMs: number;
  readonly added: number;
  readonly failed: Array<{ jobId: string; config: string; reason: string; attempts: number }>;
  readonly skipped: string[];
  /** Jobs that disappeared from Redis (flushed, or a Redis without persistence restarted) and were enqueued again. */
  readonly requeued: number;
  readonly duplicatesIgnored: number;
  readonly complete: boolean;
  readonly parquetRows: number | null;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The record a worker returned must describe the job's configuration; anything else is refused. */
export function checkReturnedRecord(job: SweepJob, value: unknown): BenchmarkRecord {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('the worker returned no record');
  const record = value as BenchmarkRecord & Record<string, unknown>;
  const c = job.config;
  const mismatch = [
    record.source !== 'measured' && `source ${String(record.source)}`,
    record.model !== c.model && `model ${String(record.model)}`,
    Number(record.batch_size) !== c.batch && `batch_size ${String(record.batch_size)}`,
    record.precision !== c.precision && `precision ${String(record.precision)}`,
    Number(record.threads) !== c.threads && `threads ${String(record.threads)}`,
    typeof record.latency_ms !== 'number' && 'no latency_ms',
  ].filter(Boolean);
  if (mismatch.length > 0) throw new Error(`the worker's record does not match the job (${mismatch.join(', ')})`);
  return record;
}

async function countWorkers(redis: Redis, hardwareClass: string): Promise<number> {
  let cursor = '0';
  let alive = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${PRESENCE_PREFIX}*`, 'COUNT', 200);
    cursor = next;
    if (keys.length > 0) {
      const values = await redis.mget(...keys);
      for (const v of values) {
        try {
          if (v && (JSON.parse(v) as { hardwareClass?: string }).hardwareClass === hardwareClass) alive++;
        } catch { /* a foreign key under our prefix */ }
      }
    }
  } while (cursor !== '0');
  return alive;
}

export async function runSweep(options: SweepOptions): Promise<SweepSummary> {
  const log = options.log ?? (() => {});
  const nonce = options.remeasure ? new Date().toISOString() : null;
  const built = buildSweep(options.plan, { hardwareClass: options.hardwareClass, checkOutputs: options.checkOutputs, nonce, timeoutS: options.timeoutS });
  const byId = new Map(built.jobs.map((j) => [j.jobId, j]));
  const store = await ResultsStore.open(options.outPath);
  const connection = { url: options.redisUrl, ...redisOptions() };
  const queue = new Queue<SweepJob, BenchmarkRecord>(queueName(options.hardwareClass), { connection });
  queue.on('error', (error) => log(`redis: ${error.message}`));
  const redis = new Redis(options.redisUrl, redisOptions());
  redis.on('error', () => { /* the queue's handler reports it */ });
  const failed = new Map<string, { jobId: string; config: string; reason: string; attempts: number }>();
  let added = 0;
  let duplicatesIgnored = 0;
  let requeued = 0;
  try {
    const stored = await store.jobIds();
    const alreadyStored = built.jobs.filter((j) => stored.has(j.jobId)).length;
    const todo = built.jobs.filter((j) => !stored.has(j.jobId));
    const attempts = options.attempts ?? 3;
    const jobOptions = (job: SweepJob) => ({
      jobId: job.jobId,
      attempts,
      backoff: { type: 'exponential' as const, delay: options.backoffMs ?? 2000 },
      ...(options.priority ? { priority: options.priority } : {}),
      removeOnComplete: false,
      removeOnFail: false,
    });
    const enqueueStart = performance.now();
    for (let i = 0; i < todo.length; i += 1000) {
      await queue.addBulk(todo.slice(i, i + 1000).map((job) => ({ name: job.config.model, data: job, opts: jobOptions(job) })));
    }
    const enqueueMs = performance.now() - enqueueStart;
    log(`sweep ${built.sweepId}: ${built.jobs.length} jobs on ${queue.name} (${alreadyStored} already in ${options.outPath}, ${todo.length} enqueued in ${enqueueMs.toFixed(0)} ms; a job already queued or finished in Redis is not added twice)`);
    if (built.skipped.length > 0) log(`skipped ${built.skipped.length} configurations whose provider needs a browser (plan says onUnavailable: skip)`);

    const pending = new Set(todo.map((j) => j.jobId));
    const storedFailures = await store.failedJobIds();
    const observed: number[] = [];
    const base = { sweepId: built.sweepId, total: built.jobs.length, alreadyStored, enqueued: todo.length, enqueueMs, skipped: built.skipped.map(describeConfig) };
    const finish = async (complete: boolean): Promise<SweepSummary> => {
      let parquetRows: number | null = null;
      if (options.parquetPath) parquetRows = await store.exportParquet(options.parquetPath);
      return { ...base, added, failed: [...failed.values()], requeued, duplicatesIgnored, complete, parquetRows };
    };
    if (options.detach) return await finish(false);

    const pollMs = options.pollMs ?? 250;
    let lastProgress = '';
    while (pending.size > 0) {
      if (options.signal?.aborted) return await finish(false);
      const ids = [...pending];
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        const jobs = await Promise.all(chunk.map((id) => Job.fromId<SweepJob, BenchmarkRecord>(queue, id)));
        const landed: Array<{ jobId: string; record: BenchmarkRecord }> = [];
        for (let k = 0; k < chunk.length; k++) {
          const id = chunk[k];
          const job = jobs[k];
          const spec = byId.get(id)!;
          if (!job) {
            await queue.add(spec.config.model, spec, jobOptions(spec));
            requeued++;
            log(`job ${id} (${describeConfig(spec.config)}) was missing from Redis: enqueued again`);
            continue;
          }
          if (!job.finishedOn) continue;
          if (job.returnvalue !== null && job.returnvalue !== undefined) {
            try {
              const record = checkReturnedRecord(spec, job.returnvalue);
              store.checkRecord(id, record);
              landed.push({ jobId: id, record });
              if (typeof record.job_ms === 'number') observed.push(record.job_ms / 1000);
              failed.delete(id);
            } catch (error) {
              const reason = error instanceof Error ? error.message : String(error);
              failed.set(id, { jobId: id, config: describeConfig(spec.config), reason, attempts: job.attemptsMade });
              await store.addFailure({ jobId: id, sweepId: built.sweepId, config: describeConfig(spec.config), attempts: job.attemptsMade, reason, failedAt: new Date().toISOString() });
            }
            pending.delete(id);
            continue;
          }
          const state = await job.getState();
          if (state !== 'failed') continue;
          if (options.retryFailed && storedFailures.has(id)) {
            storedFailures.delete(id);
            await store.removeFailure(id);
            await job.retry('failed');
            log(`job ${id} (${describeConfig(spec.config)}) failed before: retrying it`);
            continue;
          }
          const reason = job.failedReason || 'failed without a reason';
          failed.set(id, { jobId: id, config: describeConfig(spec.config), reason, attempts: job.attemptsMade });
          await store.addFailure({ jobId: id, sweepId: built.sweepId, config: describeConfig(spec.config), attempts: job.attemptsMade, reason, failedAt: new Date(job.finishedOn).toISOString() });
          log(`FAILED ${describeConfig(spec.config)} after ${job.attemptsMade} attempt(s): ${reason}`);
          pending.delete(id);
        }
        const stored = await store.addRecords(landed);
        added += stored;
        duplicatesIgnored += landed.length - stored;
      }
      if (options.onProgress) {
        const counts = await queue.getJobCounts('active');
        const workers = await countWorkers(redis, options.hardwareClass);
        const secondsPerJob = observed.length > 0 ? median(observed) : protocolEstimateS(options.plan.protocol);
        const progress: SweepProgress = {
          total: built.jobs.length, done: alreadyStored + added + duplicatesIgnored, failed: failed.size, active: counts.active ?? 0, workers,
          etaS: workers > 0 ? (pending.size * secondsPerJob) / workers : null, secondsPerJob, estimateBasis: observed.length > 0 ? 'observed' : 'protocol',
        };
        const key = JSON.stringify([progress.done, progress.failed, progress.active, progress.workers, Math.round(progress.etaS ?? -1)]);
        if (key !== lastProgress) options.onProgress(progress);
        lastProgress = key;
      }
      if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
    return await finish(true);
  } finally {
    await queue.close();
    redis.disconnect();
    await store.close();
  }
}
