/**
 * The agent's run queue. A plan expands to configurations; for each, the current predictor's
 * answer is recorded first, the benchmark runs in a worker thread, and the measured record plus
 * a validation record (prediction vs measurement) are stored, then streamed.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { DEFAULT_PROTOCOL, validateProtocol, type ProtocolSettings } from '../../core/measure/protocol.ts';
import { newRunId } from '../../core/measure/record.ts';
import type { BenchmarkRecord, Precision } from '../../core/schema/record.ts';
import type { ValidationRecord as CoreValidationRecord } from '../../core/validation/summary.ts';
import type { BenchJob, BenchMessage } from './bench-worker.ts';
import type { EventStore, StoredEvent } from './event-store.ts';
import type { Predictions } from './predictions.ts';
import type { LatencyPrediction, RunPlanBody } from './schemas.ts';

export interface RunnableModel {
  readonly id: string;
  readonly defaultSeq: number;
  readonly seqVaries: boolean;
  readonly precisions: readonly string[];
}

export class PlanError extends Error {}

export interface LiveEvent {
  readonly kind: string;
  readonly plan_id: string;
  readonly data: unknown;
}

export type Listener = (event: StoredEvent | LiveEvent) => void;

interface Config {
  readonly model: string;
  readonly precision: Precision;
  readonly batch: number;
  readonly seq: number;
  readonly seqVaries: boolean;
  readonly threads: number;
}

interface QueuedPlan {
  readonly id: string;
  readonly configs: readonly Config[];
  readonly protocol: ProtocolSettings;
  readonly checkOutputs: boolean;
}

/** The core validation record, plus where the run came from and what the prediction was. */
export interface ValidationRecord extends CoreValidationRecord {
  readonly plan_id: string;
  readonly execution_provider: string;
  readonly threads: number;
  readonly prediction_note: string;
}

const MAX_CONFIGS = 200;

export function expand(plan: RunPlanBody, models: readonly RunnableModel[]): Config[] {
  const unknown = plan.models.filter((m) => !models.some((r) => r.id === m));
  if (unknown.length) throw new PlanError(`unknown model${unknown.length > 1 ? 's' : ''} ${unknown.map((m) => `'${m}'`).join(', ')}; runnable: ${models.map((m) => m.id).join(', ')}`);
  const configs: Config[] = [];
  for (const id of plan.models) {
    const model = models.find((m) => m.id === id)!;
    for (const precision of plan.precisions ?? ['fp32']) {
      if (!model.precisions.includes(precision)) throw new PlanError(`${id} cannot be built at ${precision}; it builds at ${model.precisions.join(', ')}`);
      for (const seq of model.seqVaries ? plan.seqs ?? [model.defaultSeq] : [model.defaultSeq]) {
        for (const batch of plan.batches ?? [1]) {
          for (const threads of plan.threads ?? [1]) configs.push({ model: id, precision, batch, seq, seqVaries: model.seqVaries, threads });
        }
      }
    }
  }
  if (configs.length > MAX_CONFIGS) throw new PlanError(`the plan expands to ${configs.length} configurations; the limit is ${MAX_CONFIGS}`);
  return configs;
}

function protocolOf(plan: RunPlanBody): ProtocolSettings {
  const p = plan.protocol ?? {};
  const minRuns = p.min_runs ?? DEFAULT_PROTOCOL.minRuns;
  try {
    return validateProtocol({
      warmupRuns: p.warmup_runs ?? DEFAULT_PROTOCOL.warmupRuns,
      minRuns,
      minSeconds: p.min_seconds ?? DEFAULT_PROTOCOL.minSeconds,
      maxRuns: p.max_runs ?? Math.max(DEFAULT_PROTOCOL.maxRuns, minRuns),
      maxSeconds: p.max_seconds ?? DEFAULT_PROTOCOL.maxSeconds,
    });
  } catch (error) {
    throw new PlanError(error instanceof Error ? error.message : String(error));
  }
}

export function validationRecord(record: BenchmarkRecord, planId: string, predicted: LatencyPrediction | null, note: string): ValidationRecord {
  const measured = record.latency_ms as number;
  const value = predicted?.predicted_latency_ms ?? null;
  return {
    run_id: String(record.run_id), plan_id: planId, model: record.model, hardware: record.hardware, batch_size: record.batch_size,
    seq_len: (record.seq_len as number | null | undefined) ?? null, precision: record.precision,
    execution_provider: String(record.execution_provider), threads: record.threads as number,
    predictor_id: predicted?.predictor.id ?? null,
    predicted_latency_ms: value,
    predicted_lo_ms: predicted?.interval.lower_ms ?? null,
    predicted_hi_ms: predicted?.interval.upper_ms ?? null,
    interval_level: predicted?.interval.level ?? null,
    measured_latency_ms: measured,
    error_pct: value === null ? null : ((measured - value) / measured) * 100,
    inside_interval: predicted ? measured >= predicted.interval.lower_ms && measured <= predicted.interval.upper_ms : null,
    prediction_note: note,
  };
}

export class RunQueue {
  private readonly plans: QueuedPlan[] = [];
  private readonly listeners = new Set<Listener>();
  private worker: Worker | null = null;
  private running = false;
  private jobId = 0;
  private idle: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly store: EventStore,
    private readonly predictions: Predictions,
    private readonly models: readonly RunnableModel[],
    private readonly hardwareId: string,
  ) {}

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: StoredEvent | LiveEvent): void {
    for (const l of this.listeners) l(event);
  }

  /** Stores an event and sends it to every stream (the refinement's 'refined' event). */
  async publish(kind: string, planId: string, data: unknown): Promise<StoredEvent> {
    const event = await this.store.append(kind, planId, data);
    this.emit(event);
    return event;
  }

  get pending(): number {
    return this.plans.length + (this.running ? 1 : 0);
  }

  /** Validates and queues a plan; throws PlanError for a plan that cannot run. */
  enqueue(body: RunPlanBody): { plan_id: string; configurations: number; queued_behind: number } {
    const configs = expand(body, this.models);
    const protocol = protocolOf(body);
    const id = newRunId('agent', new Date(), Math.random);
    const queuedBehind = this.pending;
    this.plans.push({ id, configs, protocol, checkOutputs: body.check_outputs ?? true });
    this.emit({ kind: 'plan-queued', plan_id: id, data: { configurations: configs.length, queued_behind: queuedBehind } });
    if (!this.running) this.idle = this.drain();
    return { plan_id: id, configurations: configs.length, queued_behind: queuedBehind };
  }

  /** Resolves when every queued plan has finished. */
  settled(): Promise<void> {
    return this.idle;
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      for (let plan = this.plans.shift(); plan && !this.closed; plan = this.plans.shift()) await this.runPlan(plan);
    } finally {
      this.running = false;
    }
  }

  private async predictFor(config: Config): Promise<{ prediction: LatencyPrediction | null; note: string }> {
    try {
      const [prediction] = await this.predictions.latency([{
        model_name: config.model, hardware_type: this.hardwareId, batch_size: config.batch, precision: config.precision,
        execution_provider: 'cpu', threads: config.threads, ...(config.seqVaries ? { sequence_length: config.seq } : {}),
      }]);
      return { prediction, note: 'predicted before the run' };
    } catch (error) {
      return { prediction: null, note: `no prediction: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  private async runPlan(plan: QueuedPlan): Promise<void> {
    let done = 0;
    let failed = 0;
    this.emit({ kind: 'plan-started', plan_id: plan.id, data: { configurations: plan.configs.length } });
    for (const [index, config] of plan.configs.entries()) {
      if (this.closed) return;
      const { prediction, note } = await this.predictFor(config);
      this.emit({ kind: 'config-started', plan_id: plan.id, data: { index, ...config, predicted: prediction ? { latency_ms: prediction.predicted_latency_ms, interval: prediction.interval, predictor_id: prediction.predictor.id } : null } });
      const outcome = await this.bench({
        id: ++this.jobId, model: config.model, precision: config.precision, batch: config.batch, seq: config.seq, threads: config.threads,
        protocol: plan.protocol, runId: `${plan.id}-${index + 1}`, checkOutputs: plan.checkOutputs,
      }, (p) => this.emit({ kind: 'progress', plan_id: plan.id, data: { index, ...p } }));
      if (this.closed) return;
      if (outcome.type === 'done') {
        const record: BenchmarkRecord = { ...outcome.record, origin: `perfcast-agent@${os.hostname()}` };
        this.emit(await this.store.append('record', plan.id, record));
        this.emit(await this.store.append('validation', plan.id, validationRecord(record, plan.id, prediction, note)));
        done++;
      } else {
        failed++;
        this.emit(await this.store.append('config-failed', plan.id, { index, ...config, error: outcome.error }));
      }
    }
    this.emit(await this.store.append('plan-finished', plan.id, { configurations: plan.configs.length, measured: done, failed }));
  }

  private bench(job: BenchJob, onProgress: (p: Omit<Extract<BenchMessage, { type: 'progress' }>, 'type' | 'id'>) => void): Promise<Extract<BenchMessage, { type: 'done' | 'failed' }>> {
    const worker = (this.worker ??= this.spawn());
    return new Promise((resolve) => {
      const onMessage = (m: BenchMessage) => {
        if (m.id !== job.id) return;
        if (m.type === 'progress') { onProgress({ phase: m.phase, runs: m.runs, fraction: m.fraction, lastMs: m.lastMs }); return; }
        cleanup();
        resolve(m);
      };
      const onExit = (code: number) => { cleanup(); this.worker = null; resolve({ type: 'failed', id: job.id, error: `benchmark worker exited with code ${code}` }); };
      const onError = (error: Error) => { cleanup(); this.worker = null; resolve({ type: 'failed', id: job.id, error: `benchmark worker crashed: ${error.message}` }); };
      const cleanup = () => { worker.off('message', onMessage); worker.off('exit', onExit); worker.off('error', onError); };
      worker.on('message', onMessage);
      worker.on('exit', onExit);
      worker.on('error', onError);
      worker.postMessage(job);
    });
  }

  private spawn(): Worker {
    const worker = new Worker(new URL('./bench-worker.mjs', import.meta.url));
    worker.unref();
    return worker;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.plans.length = 0;
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
    await this.idle.catch(() => undefined);
  }
}
