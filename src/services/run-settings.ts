/**
 * Run settings: how a configuration was run besides the workload (which execution provider, how
 * many threads, inference or training). A query that does not say them (the page's hardware x
 * batch grid, an agent request) is predicted at the settings its hardware was most often measured
 * with, and says so: left out, they would not be features, and rows that differ only in them
 * (the same model on one CPU through onnxruntime-node and through the page's wasm, ten times apart)
 * would look alike to the model, their spread widening every interval, on every hardware.
 * Hardware whose rows have no run settings (a GPU table without those columns) gets null, the
 * value its rows have.
 */
import { categoryValue, type Row } from '../core/features/columns.ts';

export const RUN_SETTINGS = ['execution_provider', 'threads', 'mode'] as const;
export type RunSetting = (typeof RUN_SETTINGS)[number];
export type RunSettings = Record<RunSetting, unknown>;

/** The most common value (ties: the first in text order), or null where no row has one. */
function mostCommon(rows: readonly Row[], column: string): unknown {
  const counts = new Map<string, { value: unknown; n: number }>();
  for (const r of rows) {
    const key = categoryValue(r[column]);
    if (key === null) continue;
    const entry = counts.get(key);
    if (entry) entry.n++;
    else counts.set(key, { value: r[column], n: 1 });
  }
  let best: { key: string; value: unknown; n: number } | null = null;
  for (const [key, { value, n }] of counts) if (!best || n > best.n || (n === best.n && key < best.key)) best = { key, value, n };
  return best ? best.value : null;
}

/**
 * The run settings of one hardware in the training rows: each setting the query gives is kept,
 * each other one is the most common among that hardware's rows that match the settings already
 * chosen (execution_provider first, then threads, then mode).
 */
export function runSettingsIndex(train: readonly Row[]): (hardware: unknown, given?: Partial<RunSettings>) => RunSettings {
  const byHardware = new Map<string, Row[]>();
  for (const r of train) {
    const h = categoryValue(r.hardware);
    if (h === null) continue;
    const list = byHardware.get(h);
    if (list) list.push(r);
    else byHardware.set(h, [r]);
  }
  return (hardware, given = {}) => {
    const h = categoryValue(hardware);
    let rows = h === null ? [] : byHardware.get(h) ?? [];
    const out = {} as RunSettings;
    for (const s of RUN_SETTINGS) {
      const asked = given[s];
      const value = categoryValue(asked) !== null ? asked : mostCommon(rows, s);
      out[s] = value ?? null;
      const key = categoryValue(value);
      rows = rows.filter((r) => categoryValue(r[s]) === key);
    }
    return out;
  };
}

/** Query rows with the run settings they lack filled in from the training rows of their hardware. */
export function withRunSettings(train: readonly Row[], query: readonly Row[]): Row[] {
  const settingsOf = runSettingsIndex(train);
  return query.map((q) => ({ ...q, ...settingsOf(q.hardware, q as Partial<RunSettings>) }));
}

/** "intel-xeon: cpu, 1 thread, inference; ..." for the query's hardware that got run settings, or null where none did. */
export function describeRunSettings(query: readonly Row[]): string | null {
  const byHardware = new Map<string, string>();
  for (const q of query) {
    const h = categoryValue(q.hardware);
    if (h === null || byHardware.has(h)) continue;
    const threads = categoryValue(q.threads);
    const parts = [categoryValue(q.execution_provider), threads === null ? null : `${threads} thread${threads === '1' ? '' : 's'}`, categoryValue(q.mode)].filter((p) => p !== null);
    if (parts.length) byHardware.set(h, `${h}: ${parts.join(', ')}`);
  }
  return byHardware.size ? [...byHardware.values()].join('; ') : null;
}
