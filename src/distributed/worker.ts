/**
 * A sweep worker: takes jobs from its hardware class's queue one at a time (measurements must not
 * overlap), measures each with the `perfcast bench` protocol on onnxruntime-node, and returns the
 * record with provenance naming this worker and host. BullMQ's job lock is the heartbeat: a
 * worker that dies stops renewing it, and after `lockMs` another worker's stalled check puts the
 * job back in the queue. A presence key (`perfcast:worker:<id>`, refreshed every few seconds)
 * lets the coordinator show how many workers are alive.
 */
import os from 'node:os';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { BenchmarkRecord, Precision } from '../core/schema/record.ts';
import { cpuModel, hardwareId } from '../runtime/node/node-env.ts';
import { benchNode } from '../runtime/node/node-runner.ts';
import type { Workload } from '../runtime/workload.ts';
import { WORKER_PROVIDERS, describeConfig, queueName, type SweepJob } from './jobs.ts';
import { redisOptions } from './redis.ts';

export interface ModelResolver {
  list(): string[];
  load(model: string, precision: Precision): Workload;
}

export interface WorkerOptions {
  readonly redisUrl: string;
  readonly hardwareClass: string;
  readonly resolver: () => Promise<ModelResolver>;
  readonly workerId?: string;
  /** How long a job stays locked without a renewal before it counts as stalled and is handed out again. */
  readonly lockMs?: number;
  readonly log?: (line: string) => void;
}

export interface RunningWorker {
  readonly id: string;
  readonly queue: string;
  /** Jobs finished (either way) by this worker. */
  readonly processed: () => number;
  /** Waits for the job in hand, then stops. */
  close(): Promise<void>;
}

export const PRESENCE_PREFIX = 'perfcast:worker:';
const PRESENCE_EVERY_MS = 3000;

export function defaultWorkerId(): string {
  return `${os.hostname()}-${process.pid}`;
}

export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const id = options.workerId ?? defaultWorkerId();
  const queue = queueName(options.hardwareClass);
  const log = options.log ?? (() => {});
  const resolver = await options.resolver();
  const known = new Set(resolver.list());
  const workloads = new Map<string, Workload>();
  const cpu = cpuModel();
  const host = os.hostname();
  const lockMs = options.lockMs ?? 30_000;
  let processed = 0;
  let current: string | null = null;

  const presence = new Redis(options.redisUrl, redisOptions());
  presence.on('error', () => { /* reconnects; the queue connection reports the outage */ });
  const announce = () => presence.set(`${PRESENCE_PREFIX}${id}`, JSON.stringify({
    id, host, pid: process.pid, cpu, hardwareClass: options.hardwareClass, queue, job: current, seenAt: new Date().toISOString(),
  }), 'PX', PRESENCE_EVERY_MS * 3).catch(() => {});
  await announce();
  const timer = setInterval(announce, PRESENCE_EVERY_MS);
  timer.unref();

  const processor = async (job: Job<SweepJob>): Promise<BenchmarkRecord> => {
    const data = job.data;
    const label = describeConfig(data.config);
    if (!WORKER_PROVIDERS.includes(data.config.ep) && !data.fallbackFrom) {
      throw new UnrecoverableError(`${label}: a Node worker runs ${WORKER_PROVIDERS.join(', ')} only`);
    }
    if (!known.has(data.config.model)) throw new Error(`unknown model '${data.config.model}' on worker ${id}`);
    const key = `${data.config.model}|${data.config.precision}`;
    let workload = workloads.get(key);
    if (!workload) {
      workload = resolver.load(data.config.model, data.config.precision);
      workloads.set(key, workload);
    }
    current = job.id ?? null;
    void announce();
    const startedAt = new Date();
    log(`job ${job.id} (attempt ${job.attemptsMade + 1}): measuring ${label}`);
    const signal = { aborted: false };
    let timeout: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timeout = setTimeout(() => {
        signal.aborted = true;
        reject(new Error(`timed out after ${data.timeoutS} s (job timeout)`));
      }, data.timeoutS * 1000);
    });
    try {
      const outcome = await Promise.race([
        benchNode(workload, { batch: data.config.batch, seq: data.config.seq, threads: data.config.threads }, {
          protocol: data.protocol, runId: data.runId, checkOutputs: data.checkOutputs, hardware: data.hardware ?? undefined, signal,
        }),
        timedOut,
      ]);
      if (!outcome.record) {
        const r = outcome.result;
        throw new Error(r.status === 'failed' ? `${r.phase}: ${r.error}` : `measurement ${r.status}`);
      }
      const finishedAt = new Date();
      const record: BenchmarkRecord = {
        ...outcome.record,
        origin: 'perfcast-worker',
        ...(data.fallbackFrom ? {
          ep_requested: data.fallbackFrom,
          ep_fallback: 'true',
          ep_fallback_reason: `${data.fallbackFrom} needs a browser; a Node worker measured onnxruntime-node cpu`,
        } : {}),
        sweep_id: data.sweepId,
        hardware_class: data.hardwareClass,
        worker_id: id,
        worker_host: host,
        worker_pid: process.pid,
        worker_cpu: cpu,
        job_attempt: job.attemptsMade + 1,
        job_enqueued_at: new Date(job.timestamp).toISOString(),
        job_started_at: startedAt.toISOString(),
        job_finished_at: finishedAt.toISOString(),
        job_ms: finishedAt.getTime() - startedAt.getTime(),
      };
      log(`job ${job.id}: p50 ${record.latency_ms} ms over ${record.runs} runs`);
      return record;
    } finally {
      clearTimeout(timeout);
      current = null;
    }
  };

  const worker = new Worker<SweepJob, BenchmarkRecord>(queue, processor, {
    connection: { url: options.redisUrl, ...redisOptions() },
    concurrency: 1,
    lockDuration: lockMs,
    stalledInterval: lockMs,
    maxStalledCount: 3,
    autorun: true,
  });
  worker.on('failed', (job, error) => {
    processed++;
    log(`job ${job?.id ?? '?'} failed: ${error.message}`);
  });
  worker.on('completed', () => { processed++; });
  worker.on('error', (error) => log(`queue connection: ${error.message}`));
  await worker.waitUntilReady();
  log(`worker ${id} on ${host} (${cpu}, hardware ${hardwareId(cpu)}) takes jobs from ${queue}`);

  return {
    id,
    queue,
    processed: () => processed,
    async close() {
      clearInterval(timer);
      await worker.close();
      await presence.del(`${PRESENCE_PREFIX}${id}`).catch(() => {});
      presence.disconnect();
    },
  };
}
