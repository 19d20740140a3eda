/**
 * Summary statistics shared by the predictor, regression detection, the step-time fit and the
 * measurement protocol. Empty input gives NaN and any NaN in the input gives NaN (a missing value
 * is never silently skipped); `quantileSorted` is the strict form for samples that must exist.
 */

function hasNaN(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i])) return true;
  return false;
}

/** Type-7 (numpy's default) interpolation between the order statistics around position q (n - 1). */
function interpolate(sorted: ArrayLike<number>, q: number): number {
  const position = q * (sorted.length - 1);
  const lo = Math.floor(position);
  const fraction = position - lo;
  if (fraction === 0) return sorted[lo];
  const a = sorted[lo];
  const b = sorted[lo + 1];
  return a === b ? a : a + (b - a) * fraction;
}

/**
 * Quantile of an ascending sample, linear interpolation between order statistics (type 7). Throws
 * on an empty sample or a level outside [0, 1].
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) throw new Error('quantile of an empty sample');
  if (!(q >= 0 && q <= 1)) throw new Error(`quantile level ${q} is outside [0, 1]`);
  return interpolate(sorted, q);
}

/** Type-7 quantile of unsorted values, q clamped to [0, 1]; NaN when empty or when any value is NaN. */
export function quantile(values: ArrayLike<number>, q: number): number {
  if (values.length === 0 || Number.isNaN(q) || hasNaN(values)) return Number.NaN;
  return interpolate(Float64Array.from(values).sort(), Math.min(Math.max(q, 0), 1));
}

/** Median: the midpoint of the two middle values for an even count (the 0.5 quantile). */
export function median(values: ArrayLike<number>): number {
  return quantile(values, 0.5);
}

/** Arithmetic mean, summed left to right; NaN when empty. */
export function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return values.length ? s / values.length : Number.NaN;
}

/** Sample variance (n - 1 denominator); 0 for fewer than two values. */
export function variance(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 2) return 0;
  const m = mean(values);
  let s = 0;
  for (let i = 0; i < n; i++) s += (values[i] - m) ** 2;
  return s / (n - 1);
}

/** Median absolute deviation from the median, unscaled (multiply by 1.4826 for a normal sigma). */
export function mad(values: ArrayLike<number>): number {
  const m = median(values);
  return median(Array.from(values, (x) => Math.abs(x - m)));
}
