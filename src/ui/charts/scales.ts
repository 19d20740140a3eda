import { format, scaleLinear, scaleLog, type ScaleContinuousNumeric } from 'd3';

export type ScaleKind = 'linear' | 'log';

/**
 * Log scales for quantities spanning orders of magnitude (batch size, latency, throughput)
 * when every value is positive and the spread is wide; linear otherwise.
 */
export function chooseScaleKind(values: readonly number[], minRatioForLog = 20): ScaleKind {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length < 2 || finite.some((v) => v <= 0)) return 'linear';
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  return hi / lo >= minRatioForLog ? 'log' : 'linear';
}

/** A domain that contains every value, padded; log domains stay positive, linear ones include 0 if asked. */
export function paddedDomain(values: readonly number[], kind: ScaleKind, includeZero = false): [number, number] {
  const finite = values.filter((v) => Number.isFinite(v) && (kind === 'linear' || v > 0));
  if (finite.length === 0) return kind === 'log' ? [1, 10] : [0, 1];
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (kind === 'log') {
    if (lo === hi) return [lo / 2, hi * 2];
    const pad = (Math.log10(hi) - Math.log10(lo)) * 0.06;
    return [lo / 10 ** pad, hi * 10 ** pad];
  }
  if (includeZero) { lo = Math.min(0, lo); hi = Math.max(0, hi); }
  if (lo === hi) return [lo - Math.abs(lo || 1) * 0.5, hi + Math.abs(hi || 1) * 0.5];
  const pad = (hi - lo) * 0.05;
  return [includeZero && lo === 0 ? 0 : lo - pad, hi + pad];
}

export function makeScale(kind: ScaleKind, domain: [number, number], range: [number, number]): ScaleContinuousNumeric<number, number> {
  return kind === 'log' ? scaleLog().domain(domain).range(range) : scaleLinear().domain(domain).range(range).nice();
}

const si = format('.3~s');
const fixed = (digits: number) => format(`.${digits}~f`);

/** Short, readable numbers: 0.0012 -> 1.2m is confusing for ms, so plain decimals below 1000. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a >= 10_000) return si(v).replace('G', 'B');
  if (a >= 100) return fixed(0)(v);
  if (a >= 10) return fixed(1)(v);
  if (a >= 1) return fixed(2)(v);
  return format('.2~r')(v);
}

export function formatWithUnit(v: number | null | undefined, unit: string): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '–' : `${formatNumber(v)} ${unit}`;
}

/**
 * Tick values that do not crowd: log scales keep powers of ten (plus 2 and 5 when there are few
 * decades), linear scales ask d3 for `count` nice ticks.
 */
export function tickValues(scale: ScaleContinuousNumeric<number, number>, kind: ScaleKind, count = 6): number[] {
  if (kind === 'linear') return scale.ticks(count);
  const [lo, hi] = scale.domain() as [number, number];
  const decades = Math.log10(hi) - Math.log10(lo);
  const all = scale.ticks();
  const keep = decades <= 1.5 ? [1, 2, 5] : decades <= 3 ? [1, 3] : [1];
  const picked = all.filter((t) => {
    const mantissa = Math.round(t / 10 ** Math.floor(Math.log10(t) + 1e-9));
    return keep.includes(mantissa);
  });
  return picked.length >= 2 ? picked : all.filter((_, i) => i % Math.ceil(all.length / count) === 0);
}

/** Powers of two for batch sizes on a log2 axis. */
export function powerOfTwoTicks(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log2(Math.max(lo, 1))); 2 ** e <= hi * 1.0001; e++) if (2 ** e >= lo * 0.9999) out.push(2 ** e);
  return out;
}
