/**
 * A run plan: the cross product of models, execution providers, batch sizes, sequence lengths,
 * precisions and thread counts, plus protocol settings. It travels in the URL
 * (`#/run?plan=<encoded>`), so the codec is pure and tolerant of old or foreign links.
 */
import { PRECISIONS, type Precision } from '../schema/record.ts';
import { DEFAULT_PROTOCOL, type ProtocolSettings } from './protocol.ts';

export const PAGE_PROVIDERS = ['wasm', 'webgpu', 'webnn'] as const;
export const NODE_PROVIDERS = ['cpu'] as const;
export type PageProvider = (typeof PAGE_PROVIDERS)[number];
export type Provider = PageProvider | (typeof NODE_PROVIDERS)[number];

export interface RunPlan {
  readonly models: readonly string[];
  readonly eps: readonly Provider[];
  readonly batches: readonly number[];
  readonly seqs: readonly number[];
  readonly precisions: readonly Precision[];
  readonly threads: readonly number[];
  readonly protocol: ProtocolSettings;
  /** When the requested provider cannot run: measure on wasm and label it a fallback, or skip. */
  readonly onUnavailable: 'fallback' | 'skip';
  /** Hardware id written into the records (the browser cannot name its CPU). */
  readonly hardware?: string;
}

export const DEFAULT_PLAN: RunPlan = {
  models: [],
  eps: ['wasm'],
  batches: [1],
  seqs: [128],
  precisions: ['fp32'],
  threads: [1],
  protocol: DEFAULT_PROTOCOL,
  onUnavailable: 'fallback',
};

export interface RunConfig {
  readonly model: string;
  readonly ep: Provider;
  readonly batch: number;
  readonly seq: number;
  readonly precision: Precision;
  readonly threads: number;
}

export function configKey(config: RunConfig): string {
  return `${config.model}|${config.ep}|${config.precision}|b${config.batch}|s${config.seq}|t${config.threads}`;
}

/** Models outermost so each model is built once; GPU providers ignore the wasm thread count. */
export function expandPlan(plan: RunPlan): RunConfig[] {
  const configs: RunConfig[] = [];
  for (const model of plan.models) {
    for (const precision of plan.precisions) {
      for (const seq of plan.seqs) {
        for (const batch of plan.batches) {
          for (const ep of plan.eps) {
            const threadChoices = ep === 'wasm' || ep === 'cpu' ? plan.threads : [Math.min(...plan.threads)];
            for (const threads of threadChoices) configs.push({ model, ep, batch, seq, precision, threads });
          }
        }
      }
    }
  }
  return configs;
}

interface EncodedPlan {
  v?: number;
  models?: unknown;
  eps?: unknown;
  batches?: unknown;
  seqs?: unknown;
  precisions?: unknown;
  threads?: unknown;
  runs?: unknown;
  seconds?: unknown;
  warmup?: unknown;
  maxRuns?: unknown;
  maxSeconds?: unknown;
  onUnavailable?: unknown;
  hardware?: unknown;
}

const PLAN_VERSION = 1;

/** Only values that differ from the defaults are written. */
export function encodePlan(plan: RunPlan): string {
  const out: Record<string, unknown> = { v: PLAN_VERSION, models: plan.models };
  const same = (a: readonly unknown[], b: readonly unknown[]) => a.join(',') === b.join(',');
  if (!same(plan.eps, DEFAULT_PLAN.eps)) out.eps = plan.eps;
  if (!same(plan.batches, DEFAULT_PLAN.batches)) out.batches = plan.batches;
  if (!same(plan.seqs, DEFAULT_PLAN.seqs)) out.seqs = plan.seqs;
  if (!same(plan.precisions, DEFAULT_PLAN.precisions)) out.precisions = plan.precisions;
  if (!same(plan.threads, DEFAULT_PLAN.threads)) out.threads = plan.threads;
  if (plan.protocol.minRuns !== DEFAULT_PROTOCOL.minRuns) out.runs = plan.protocol.minRuns;
  if (plan.protocol.minSeconds !== DEFAULT_PROTOCOL.minSeconds) out.seconds = plan.protocol.minSeconds;
  if (plan.protocol.warmupRuns !== DEFAULT_PROTOCOL.warmupRuns) out.warmup = plan.protocol.warmupRuns;
  if (plan.protocol.maxRuns !== DEFAULT_PROTOCOL.maxRuns) out.maxRuns = plan.protocol.maxRuns;
  if (plan.protocol.maxSeconds !== DEFAULT_PROTOCOL.maxSeconds) out.maxSeconds = plan.protocol.maxSeconds;
  if (plan.onUnavailable !== DEFAULT_PLAN.onUnavailable) out.onUnavailable = plan.onUnavailable;
  if (plan.hardware) out.hardware = plan.hardware;
  return encodeURIComponent(JSON.stringify(out));
}

export interface DecodedPlan {
  readonly plan: RunPlan;
  readonly warnings: string[];
}

function positiveIntegers(value: unknown, name: string, warnings: string[], fallback: readonly number[]): number[] {
  if (value === undefined) return [...fallback];
  const list = Array.isArray(value) ? value : String(value).split(',');
  const numbers = list.map(Number).filter((n) => Number.isInteger(n) && n > 0);
  if (numbers.length !== list.length) warnings.push(`plan: ignored invalid ${name} in [${list.join(', ')}]`);
  return numbers.length > 0 ? [...new Set(numbers)] : [...fallback];
}

function strings(value: unknown): string[] {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : String(value).split(',');
  return list.map((s) => String(s).trim()).filter((s) => s.length > 0);
}

function settingNumber(value: unknown, name: string, warnings: string[], fallback: number, integer: boolean): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) {
    warnings.push(`plan: ignored invalid ${name} ${String(value)}`);
    return fallback;
  }
  return n;
}

/** Accepts the JSON written by encodePlan (URI-encoded or not); unknown values become warnings. */
export function decodePlan(encoded: string, knownModels?: readonly string[]): DecodedPlan {
  const warnings: string[] = [];
  let raw: EncodedPlan;
  try {
    let text = encoded;
    try { text = decodeURIComponent(encoded); } catch { /* already decoded */ }
    raw = JSON.parse(text) as EncodedPlan;
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('not an object');
  } catch (error) {
    return { plan: DEFAULT_PLAN, warnings: [`plan: could not read the plan in the link (${error instanceof Error ? error.message : String(error)})`] };
  }
  if (raw.v !== undefined && raw.v !== PLAN_VERSION) warnings.push(`plan: link version ${String(raw.v)} is newer than this app's ${PLAN_VERSION}; read what is understood`);
  let models = strings(raw.models);
  if (knownModels) {
    const unknown = models.filter((m) => !knownModels.includes(m));
    if (unknown.length > 0) warnings.push(`plan: unknown model(s) ${unknown.join(', ')} left out`);
    models = models.filter((m) => knownModels.includes(m));
  }
  const allProviders: readonly string[] = [...PAGE_PROVIDERS, ...NODE_PROVIDERS];
  const epList = strings(raw.eps);
  const eps = epList.filter((e): e is Provider => allProviders.includes(e));
  if (eps.length !== epList.length) warnings.push(`plan: unknown execution provider(s) ${epList.filter((e) => !allProviders.includes(e)).join(', ')} left out`);
  const precisionList = strings(raw.precisions);
  const precisions = precisionList.filter((p): p is Precision => (PRECISIONS as readonly string[]).includes(p));
  if (precisions.length !== precisionList.length) warnings.push(`plan: unknown precision(s) ${precisionList.filter((p) => !(PRECISIONS as readonly string[]).includes(p)).join(', ')} left out`);
  const minRuns = Math.max(1, settingNumber(raw.runs, 'runs', warnings, DEFAULT_PROTOCOL.minRuns, true));
  const protocol: ProtocolSettings = {
    minRuns,
    minSeconds: settingNumber(raw.seconds, 'seconds', warnings, DEFAULT_PROTOCOL.minSeconds, false),
    warmupRuns: settingNumber(raw.warmup, 'warmup', warnings, DEFAULT_PROTOCOL.warmupRuns, true),
    maxRuns: Math.max(minRuns, settingNumber(raw.maxRuns, 'maxRuns', warnings, DEFAULT_PROTOCOL.maxRuns, true)),
    maxSeconds: Math.max(0.001, settingNumber(raw.maxSeconds, 'maxSeconds', warnings, DEFAULT_PROTOCOL.maxSeconds, false)),
  };
  const onUnavailable = raw.onUnavailable === 'skip' ? 'skip' : 'fallback';
  return {
    plan: {
      models,
      eps: eps.length > 0 ? eps : DEFAULT_PLAN.eps,
      batches: positiveIntegers(raw.batches, 'batch sizes', warnings, DEFAULT_PLAN.batches),
      seqs: positiveIntegers(raw.seqs, 'sequence lengths', warnings, DEFAULT_PLAN.seqs),
      precisions: precisions.length > 0 ? precisions : DEFAULT_PLAN.precisions,
      threads: positiveIntegers(raw.threads, 'thread counts', warnings, DEFAULT_PLAN.threads),
      protocol,
      onUnavailable,
      ...(typeof raw.hardware === 'string' && raw.hardware.length > 0 ? { hardware: raw.hardware } : {}),
    },
    warnings,
  };
}
