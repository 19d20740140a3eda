/**
 * Drives a run plan through the bench workers: configurations in order (grouped by thread count,
 * since a worker's wasm thread count is fixed), each finished run stored at once.
 */
import { configKey, expandPlan, type RunConfig, type RunPlan } from '../../core/measure/plan.ts';
import { newRunId } from '../../core/measure/record.ts';
import type { BenchmarkRecord } from '../../core/schema/record.ts';
import { CancelledError, type BenchClient } from '../../runtime/web/bench-client.ts';
import type { BenchProgress, ModelSource } from '../../workers/bench-protocol.ts';

export type ItemStatus = 'pending' | 'running' | 'measured' | 'failed' | 'skipped' | 'cancelled';

export interface RunItem {
  readonly key: string;
  readonly config: RunConfig;
  readonly status: ItemStatus;
  readonly progress: BenchProgress | null;
  readonly record: BenchmarkRecord | null;
  readonly message: string | null;
}

export interface PlanCallbacks {
  onItems(items: RunItem[]): void;
  /** Called for each measured record; must resolve once the record is stored. */
  store(record: BenchmarkRecord, importId: string): Promise<string[]>;
}

/** Models named 'file:<name>' come from files the user picked; the rest from the zoo. */
export function modelSource(model: string, files: ReadonlyMap<string, ArrayBuffer>): ModelSource {
  if (model.startsWith('file:')) {
    const bytes = files.get(model);
    if (!bytes) throw new Error(`the file ${model.slice(5)} is no longer loaded; pick it again`);
    return { kind: 'file', name: model.slice(5), bytes: bytes.slice(0) };
  }
  return { kind: 'zoo', id: model };
}

export function orderForWorkers(configs: readonly RunConfig[]): RunConfig[] {
  return configs.map((c, i) => ({ c, i })).sort((a, b) => a.c.threads - b.c.threads || a.i - b.i).map(({ c }) => c);
}

export async function runPlan(plan: RunPlan, files: ReadonlyMap<string, ArrayBuffer>, client: BenchClient, callbacks: PlanCallbacks, signal: { aborted: boolean }): Promise<RunItem[]> {
  const runId = newRunId('page', new Date(), Math.random);
  let items: RunItem[] = orderForWorkers(expandPlan(plan)).map((config) => ({ key: configKey(config), config, status: 'pending', progress: null, record: null, message: null }));
  const update = (index: number, patch: Partial<RunItem>) => {
    items = items.map((item, i) => (i === index ? { ...item, ...patch } : item));
    callbacks.onItems(items);
  };
  callbacks.onItems(items);
  for (let index = 0; index < items.length; index++) {
    if (signal.aborted) {
      items = items.map((item) => (item.status === 'pending' ? { ...item, status: 'cancelled' } : item));
      callbacks.onItems(items);
      break;
    }
    const { config } = items[index];
    update(index, { status: 'running' });
    try {
      const outcome = await client.measure(config.threads, {
        config,
        model: modelSource(config.model, files),
        precision: config.precision,
        protocol: plan.protocol,
        onUnavailable: plan.onUnavailable,
        runId,
        hardware: plan.hardware,
      }, (progress) => update(index, { progress }));
      if (outcome.status === 'measured') {
        const problems = await callbacks.store(outcome.record, `${runId}-${String(index + 1).padStart(3, '0')}`);
        update(index, { status: 'measured', record: outcome.record, message: [outcome.fallback ? `fallback: ${String(outcome.record.ep_fallback_reason)}` : null, ...problems].filter(Boolean).join('; ') || null });
      } else if (outcome.status === 'failed') {
        update(index, { status: 'failed', message: `${outcome.ep} ${outcome.phase}: ${outcome.error}` });
      } else {
        update(index, { status: 'skipped', message: outcome.reason });
      }
    } catch (error) {
      if (error instanceof CancelledError || signal.aborted) {
        update(index, { status: 'cancelled', message: 'cancelled; this configuration was not stored' });
      } else {
        update(index, { status: 'failed', message: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  return items;
}
