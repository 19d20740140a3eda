import { formatWithUnit } from './scales.ts';

export const INTERVAL_TEXT: Readonly<Record<string, string>> = {
  ci95: '95% CI of the median',
  'p50-p90': 'median to p90 (run-to-run tail; no CI stored)',
  range: 'min to max of the configurations aggregated',
  none: 'single row, no interval stored',
};

export interface MarkDescription {
  heading: string;
  values: readonly { label: string; value: number | null | undefined; unit: string }[];
  interval?: { lo: number | null | undefined; hi: number | null | undefined; kind: string; unit: string } | null;
  source: string;
  origins?: string | null;
  n?: number | null;
  notes?: readonly string[];
}

/** Tooltip text for any mark: what it is, its values with units, interval, and provenance with origin. */
export function describeMark(d: MarkDescription): string {
  const lines = [d.heading];
  for (const v of d.values) lines.push(`${v.label}: ${formatWithUnit(v.value, v.unit)}`);
  if (d.interval && d.interval.kind !== 'none' && d.interval.lo != null && d.interval.hi != null) {
    lines.push(`Interval: ${formatWithUnit(d.interval.lo, d.interval.unit)} – ${formatWithUnit(d.interval.hi, d.interval.unit)} (${INTERVAL_TEXT[d.interval.kind] ?? d.interval.kind})`);
  }
  lines.push(`Source: ${d.source}${d.origins ? ` — origin: ${d.origins}` : ''}`);
  if (d.n != null) lines.push(`${d.n} row${d.n === 1 ? '' : 's'} aggregated (median)`);
  for (const n of d.notes ?? []) lines.push(n);
  return lines.join('\n');
}
