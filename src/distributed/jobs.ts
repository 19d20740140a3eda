/**
 * What a distributed sweep sends through the queue: a plan read from plan.json, one job per
 * configuration, the job id (a hash of everything that changes the measurement), and the queue a
 * hardware class reads. Pure, so the coordinator, the workers and the tests share one definition.
 */
import { createHash } from 'node:crypto';
import { DEFAULT_PLAN, NODE_PROVIDERS, PAGE_PROVIDERS, configKey, decodePlan, expandPlan, type Provider, type RunConfig, type RunPlan } from '../core/measure/plan.ts';
import { validateProtocol, type ProtocolSettings } from '../core/measure/protocol.ts';
import { PRECISIONS, type Precision } from '../core/schema/record.ts';

/** The class a worker announces with --hardware-class and a sweep targets; any CPU worker by default. */
export const DEFAULT_HARDWARE_CLASS = 'cpu';

/** Node workers run onnxruntime-node's CPU provider; page providers need a browser. */
export const WORKER_PROVIDERS: readonly Provider[] = NODE_PROVIDERS;

export interface SweepJob {
  readonly jobId: string;
  readonly sweepId: string;
  readonly runId: string;
  readonly hardwareClass: string;
  readonly config: RunConfig;
  readonly protocol: ProtocolSettings;
  readonly checkOutputs: boolean;
  /** Hardware id written into the records; the worker's detected CPU when absent. */
  readonly hardware: string | null;
  /** Set when the plan asked for a provider a Node worker cannot run and allowed a fallback. */
  readonly fallbackFrom: Provider | null;
  /** Seconds a worker may spend on the job before it is failed (and retried). */
  readonly timeoutS: number;
  readonly enqueuedAt: string;
}

export class PlanError extends Error {}

const PLAN_KEYS = ['models', 'eps', 'batches', 'seqs', 'precisions', 'threads', 'protocol', 'onUnavailable', 'hardware'] as const;
const PROTOCOL_KEYS = ['warmupRuns', 'minRuns', 'minSeconds', 'maxRuns', 'maxSeconds'] as const;

function list<T>(raw: Record<string, unknown>, key: string, check: (v: unknown) => v is T, what: string, fallback: readonly T[]): T[] {
  const value = raw[key];
  if (value === undefined) return [...fallback];
  if (!Array.isArray(value) || value.length === 0) throw new PlanError(`plan.json: "${key}" must be a non-empty array of ${what}, got ${JSON.stringify(value)}`);
  value.forEach((v, i) => {
    if (!check(v)) throw new PlanError(`plan.json: "${key}"[${i}] = ${JSON.stringify(v)} is not ${what}`);
  });
  return [...new Set(value as T[])];
}

const positiveInteger = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;
const nonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;

/**
 * Reads plan.json: a RunPlan as JSON (missing fields take DEFAULT_PLAN's values), or the compact
 * form the Run view puts in its link (it has "v"). Wrong fields are errors naming the field:
 * a sweep over many machines should not start from a half-understood plan.
 */
export function parsePlanJson(text: string): { plan: RunPlan; warnings: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new PlanError(`plan.json is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new PlanError('plan.json must hold a JSON object (a RunPlan)');
  const object = raw as Record<string, unknown>;
  if ('v' in object) {
    const decoded = decodePlan(text);
    if (decoded.plan.models.length === 0) throw new PlanError('plan.json: the plan names no models');
    return decoded;
  }
  const warnings = Object.keys(object).filter((k) => !(PLAN_KEYS as readonly string[]).includes(k)).map((k) => `plan.json: ignored unknown field "${k}"`);
  const models = list(object, 'models', nonEmptyString, 'model names', DEFAULT_PLAN.models).map((m) => m.trim());
  if (models.length === 0) throw new PlanError('plan.json: "models" is required (model ids from the zoo)');
  const allProviders: readonly string[] = [...PAGE_PROVIDERS, ...NODE_PROVIDERS];
  const eps = list(object, 'eps', (v): v is Provider => typeof v === 'string' && allProviders.includes(v), `one of ${allProviders.join(', ')}`, DEFAULT_PLAN.eps);
  const precisions = list(object, 'precisions', (v): v is Precision => typeof v === 'string' && (PRECISIONS as readonly string[]).includes(v), `one of ${PRECISIONS.join(', ')}`, DEFAULT_PLAN.precisions);
  const protocolRaw = object.protocol ?? {};
  if (protocolRaw === null || typeof protocolRaw !== 'object' || Array.isArray(protocolRaw)) throw new PlanError('plan.json: "protocol" must be an object');
  const p = protocolRaw as Record<string, unknown>;
  for (const key of Object.keys(p)) if (!(PROTOCOL_KEYS as readonly string[]).includes(key)) warnings.push(`plan.json: ignored unknown field "protocol.${key}"`);
  for (const key of PROTOCOL_KEYS) {
    if (p[key] !== undefined && (typeof p[key] !== 'number' || !Number.isFinite(p[key]))) throw new PlanError(`plan.json: "protocol.${key}" must be a number, got ${JSON.stringify(p[key])}`);
  }
  let protocol: ProtocolSettings;
  try {
    protocol = validateProtocol({ ...DEFAULT_PLAN.protocol, ...(p as Partial<ProtocolSettings>) });
  } catch (error) {
    throw new PlanError(`plan.json: ${error instanceof Error ? error.message : String(error)}`);
  }
  const onUnavailable = object.onUnavailable ?? DEFAULT_PLAN.onUnavailable;
  if (onUnavailable !== 'fallback' && onUnavailable !== 'skip') throw new PlanError(`plan.json: "onUnavailable" must be "fallback" or "skip", got ${JSON.stringify(onUnavailable)}`);
  if (object.hardware !== undefined && !nonEmptyString(object.hardware)) throw new PlanError('plan.json: "hardware" must be a non-empty string');
  return {
    plan: {
      models,
      eps,
      batches: list(object, 'batches', positiveInteger, 'positive integers', DEFAULT_PLAN.batches),
      seqs: list(object, 'seqs', positiveInteger, 'positive integers', DEFAULT_PLAN.seqs),
      precisions,
      threads: list(object, 'threads', positiveInteger, 'positive integers', DEFAULT_PLAN.threads),
      protocol,
      onUnavailable,
      ...(typeof object.hardware === 'string' ? { hardware: object.hardware.trim() } : {}),
    },
    warnings,
  };
}

/** Queue names may not hold ':' (BullMQ's key separator); a class is free text for people. */
export function queueName(hardwareClass: string): string {
  const safe = hardwareClass.trim().toLowerCase().replace(/[^a-z0-9._-]+/g, '-');
  if (!safe) throw new PlanError(`hardware class '${hardwareClass}' has no usable characters`);
  return `perfcast-bench-${safe}`;
}

function hash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);
}

/** Everything that changes what gets measured; the same inputs give the same id on every machine. */
export function jobIdFor(parts: { config: RunConfig; protocol: ProtocolSettings; checkOutputs: boolean; hardwareClass: string; hardware: string | null; nonce?: string | null }): string {
  const { config, protocol } = parts;
  return hash([
    configKey(config),
    [protocol.warmupRuns, protocol.minRuns, protocol.minSeconds, protocol.maxRuns, protocol.maxSeconds],
    parts.checkOutputs, parts.hardwareClass, parts.hardware, parts.nonce ?? null,
  ]);
}

export interface BuildOptions {
  readonly hardwareClass: string;
  readonly checkOutputs: boolean;
  /** A fresh value makes new job ids: the way to measure again what is already stored. */
  readonly nonce?: string | null;
  readonly timeoutS?: number;
  readonly now?: Date;
}

export interface BuiltSweep {
  readonly sweepId: string;
  readonly jobs: SweepJob[];
  /** Configurations left out because no Node worker can run their provider and the plan said skip. */
  readonly skipped: RunConfig[];
}

/** A timeout generous enough for the protocol's caps plus loading, building and the output check. */
export function defaultTimeoutS(protocol: ProtocolSettings): number {
  return Math.ceil(protocol.maxSeconds * 2 + 120);
}

export function buildSweep(plan: RunPlan, options: BuildOptions): BuiltSweep {
  const hardware = plan.hardware ?? null;
  const sweepId = hash([plan, options.hardwareClass, options.checkOutputs, options.nonce ?? null]).slice(0, 16);
  const enqueuedAt = (options.now ?? new Date()).toISOString();
  const timeoutS = options.timeoutS ?? defaultTimeoutS(plan.protocol);
  const jobs: SweepJob[] = [];
  const skipped: RunConfig[] = [];
  const seen = new Set<string>();
  for (const config of expandPlan(plan)) {
    const runnable = WORKER_PROVIDERS.includes(config.ep);
    if (!runnable && plan.onUnavailable === 'skip') {
      skipped.push(config);
      continue;
    }
    const jobId = jobIdFor({ config, protocol: plan.protocol, checkOutputs: options.checkOutputs, hardwareClass: options.hardwareClass, hardware, nonce: options.nonce });
    if (seen.has(jobId)) continue;
    seen.add(jobId);
    jobs.push({
      jobId, sweepId, runId: `sweep-${sweepId}`, hardwareClass: options.hardwareClass, config, protocol: plan.protocol,
      checkOutputs: options.checkOutputs, hardware, fallbackFrom: runnable ? null : config.ep, timeoutS, enqueuedAt,
    });
  }
  return { sweepId, jobs, skipped };
}

export function describeConfig(config: RunConfig): string {
  return `${config.model} ${config.ep} ${config.precision} batch ${config.batch} seq ${config.seq} threads ${config.threads}`;
}

/**
 * Seconds one job should take before any has finished: load and check (about a second on the
 * zoo's small models), warm-up, then the protocol's floor of minSeconds. Replaced by the median
 * of observed job times as soon as jobs finish.
 */
export function protocolEstimateS(protocol: ProtocolSettings): number {
  return 1 + protocol.minSeconds + protocol.warmupRuns * 0.01;
}
