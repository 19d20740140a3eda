import type { Better } from '../../core/query/metrics.ts';

export interface FrontierPoint {
  readonly latency: number;
  readonly throughput: number;
}

/**
 * Indices of the throughput-latency Pareto frontier: points no other point beats on both lower
 * latency and higher throughput. Sorted by latency; ties keep the highest throughput.
 */
export function paretoFrontier(points: readonly FrontierPoint[]): number[] {
  const order = points
    .map((p, i) => i)
    .filter((i) => Number.isFinite(points[i].latency) && Number.isFinite(points[i].throughput))
    .sort((a, b) => points[a].latency - points[b].latency || points[b].throughput - points[a].throughput);
  const frontier: number[] = [];
  let best = -Infinity;
  for (const i of order) {
    if (points[i].throughput > best) {
      frontier.push(i);
      best = points[i].throughput;
    }
  }
  return frontier;
}

/** How many times better `value` is than `baseline` (>1 = better), respecting the metric's direction. */
export function speedup(value: number, baseline: number, better: Better): number | null {
  if (!(value > 0) || !(baseline > 0) || !Number.isFinite(value) || !Number.isFinite(baseline)) return null;
  return better === 'lower' ? baseline / value : value / baseline;
}

export interface CompareRow {
  readonly hardware: string;
  readonly execution_provider: string;
  readonly precision: string;
  readonly source: string;
  readonly value: number;
}

/**
 * Speed-up of each row against the baseline hardware. Rows are matched like for like: the
 * baseline is the baseline hardware's best value at the same precision and source; when that
 * does not exist, at the same precision of any source; otherwise there is no speed-up.
 */
export function speedupsAgainst<T extends CompareRow>(rows: readonly T[], baselineHardware: string, better: Better): (number | null)[] {
  const pick = (a: number, b: number) => (better === 'lower' ? Math.min(a, b) : Math.max(a, b));
  const exact = new Map<string, number>();
  const byPrecision = new Map<string, number>();
  for (const r of rows) {
    if (r.hardware !== baselineHardware || !Number.isFinite(r.value)) continue;
    const k = `${r.precision}\u0000${r.source}`;
    exact.set(k, exact.has(k) ? pick(exact.get(k)!, r.value) : r.value);
    byPrecision.set(r.precision, byPrecision.has(r.precision) ? pick(byPrecision.get(r.precision)!, r.value) : r.value);
  }
  return rows.map((r) => {
    const base = exact.get(`${r.precision}\u0000${r.source}`) ?? byPrecision.get(r.precision);
    return base === undefined ? null : speedup(r.value, base, better);
  });
}

export function formatSpeedup(x: number | null): string {
  if (x === null) return '–';
  return x >= 10 ? `${x.toFixed(0)}×` : `${x.toFixed(2)}×`;
}
