/** The Run view's form as strings (what the inputs hold) and its conversion to a run plan. */
import { DEFAULT_PLAN, type Provider, type RunPlan } from '../../core/measure/plan.ts';
import type { Precision } from '../../core/schema/record.ts';

export interface RunForm {
  models: string[];
  eps: Provider[];
  batches: string;
  seqs: string;
  precisions: Precision[];
  threads: string;
  minRuns: string;
  minSeconds: string;
  warmup: string;
  maxSeconds: string;
  onUnavailable: 'fallback' | 'skip';
  hardware: string;
}

export function formFromPlan(plan: RunPlan): RunForm {
  return {
    models: [...plan.models],
    eps: [...plan.eps],
    batches: plan.batches.join(', '),
    seqs: plan.seqs.join(', '),
    precisions: [...plan.precisions],
    threads: plan.threads.join(', '),
    minRuns: String(plan.protocol.minRuns),
    minSeconds: String(plan.protocol.minSeconds),
    warmup: String(plan.protocol.warmupRuns),
    maxSeconds: String(plan.protocol.maxSeconds),
    onUnavailable: plan.onUnavailable,
    hardware: plan.hardware ?? '',
  };
}

function list(text: string, label: string, errors: string[], max?: number): number[] {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  const values = parts.map(Number);
  if (parts.length === 0 || values.some((v) => !Number.isInteger(v) || v < 1 || (max !== undefined && v > max))) {
    errors.push(`${label}: positive whole numbers${max !== undefined ? ` up to ${max}` : ''}, separated by commas`);
    return [];
  }
  return [...new Set(values)];
}

function num(text: string, label: string, errors: string[], integer: boolean, min: number): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    errors.push(`${label}: ${integer ? 'a whole number' : 'a number'} of at least ${min}`);
    return min;
  }
  return value;
}

export function planFromForm(form: RunForm, maxThreads: number): { plan: RunPlan | null; errors: string[] } {
  const errors: string[] = [];
  if (form.models.length === 0) errors.push('Models: pick at least one');
  if (form.eps.length === 0) errors.push('Execution providers: pick at least one');
  if (form.precisions.length === 0) errors.push('Precisions: pick at least one');
  const batches = list(form.batches, 'Batch sizes', errors, 256);
  const seqs = list(form.seqs, 'Sequence lengths', errors, 8192);
  const threads = list(form.threads, 'Threads', errors, maxThreads);
  const minRuns = num(form.minRuns, 'Min runs', errors, true, 1);
  const minSeconds = num(form.minSeconds, 'Min seconds', errors, false, 0);
  const warmupRuns = num(form.warmup, 'Warm-up runs', errors, true, 0);
  const maxSeconds = num(form.maxSeconds, 'Max seconds', errors, false, 0.1);
  if (errors.length > 0) return { plan: null, errors };
  return {
    plan: {
      models: form.models,
      eps: form.eps,
      batches,
      seqs,
      precisions: form.precisions,
      threads,
      protocol: { warmupRuns, minRuns, minSeconds, maxRuns: Math.max(DEFAULT_PLAN.protocol.maxRuns, minRuns), maxSeconds: Math.max(maxSeconds, minSeconds) },
      onUnavailable: form.onUnavailable,
      ...(form.hardware.trim() ? { hardware: form.hardware.trim() } : {}),
    },
    errors,
  };
}

/** `#/run?plan=...&autostart=1` -> its parameters. */
export function hashParams(hash: string): URLSearchParams {
  const query = hash.indexOf('?');
  return new URLSearchParams(query >= 0 ? hash.slice(query + 1) : '');
}
