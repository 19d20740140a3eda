/** Splits records into one time series per configuration, ready for detectRegressions. */
import type { Scalar } from '../schema/record.ts';
import type { SeriesPoint } from './detect.ts';

/** What makes two records the same configuration over time. Source is part of it: a measured and an imported series of one configuration come from different harnesses. */
export const CONFIGURATION_FIELDS = ['model', 'hardware', 'precision', 'batch_size', 'execution_provider', 'source'] as const;

/** Sources that are observations; predictions are not a history and are never tested for regressions. */
export const OBSERVED_SOURCES: readonly string[] = ['measured', 'imported', 'simulated'];

export interface ConfigurationSeries<R> {
  key: string;
  config: Record<(typeof CONFIGURATION_FIELDS)[number], Scalar>;
  /** Time-ordered; `row` is the record each point came from. */
  points: (SeriesPoint & { row: R })[];
}

export function configurationKey(row: Record<string, Scalar | undefined>): string {
  return JSON.stringify(CONFIGURATION_FIELDS.map((f) => row[f] ?? null));
}

/** Time of a record in epoch milliseconds, or NaN when it has none. */
export function recordTime(value: Scalar | undefined): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || value === '') return Number.NaN;
  // DuckDB prints TIMESTAMP as 'YYYY-MM-DD HH:MM:SS[.fff]' (no zone): read it as UTC.
  const iso = /^\d{4}-\d\d-\d\d \d/.test(value) ? `${value.replace(' ', 'T')}${/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? '' : 'Z'}` : value;
  return Date.parse(iso);
}

export function seriesByConfiguration<R extends Record<string, Scalar | undefined>>(
  rows: readonly R[], metric: string, timeField = 'measured_at',
): ConfigurationSeries<R>[] {
  const groups = new Map<string, ConfigurationSeries<R>>();
  for (const row of rows) {
    if (typeof row.source === 'string' && !OBSERVED_SOURCES.includes(row.source)) continue;
    const value = row[metric];
    const t = recordTime(row[timeField]);
    if (typeof value !== 'number' || !Number.isFinite(t)) continue;
    const key = configurationKey(row);
    let group = groups.get(key);
    if (!group) {
      const config = Object.fromEntries(CONFIGURATION_FIELDS.map((f) => [f, row[f] ?? null])) as ConfigurationSeries<R>['config'];
      group = { key, config, points: [] };
      groups.set(key, group);
    }
    group.points.push({ t, value, row });
  }
  for (const g of groups.values()) g.points.sort((a, b) => a.t - b.t);
  return [...groups.values()];
}
