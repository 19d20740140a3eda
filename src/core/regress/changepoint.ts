/**
 * Step detection by PELT (Killick, Fearnhead & Eckley 2012): the exact minimum of
 * sum of segment costs + penalty x (number of changes), with pruning. The cost is the Gaussian
 * mean-shift cost on the given values (callers pass log values so a step is a ratio), scaled by a
 * robust noise estimate so the penalty reads in BIC units.
 */
import { mad } from '../math/stats.ts';

export interface ChangePointOptions {
  /** Penalty per change, in multiples of log(n): 2 is BIC for (location, new mean); the default 4 trades little power for far fewer false steps (docs/regressions.md). */
  penaltyFactor?: number;
  /** Fewest points in a segment. */
  minSegment?: number;
  /** Floor on the noise standard deviation, so exactly constant data does not make every wiggle a step. */
  minSigma?: number;
}

export const CHANGEPOINT_DEFAULTS: Required<ChangePointOptions> = { penaltyFactor: 4, minSegment: 3, minSigma: 0.005 };

/**
 * Noise standard deviation from first differences: MAD(diff) / (0.6745 * sqrt 2). Differences
 * cancel the level, so the estimate is not inflated by the very steps being looked for.
 */
export function robustSigma(values: readonly number[]): number {
  if (values.length < 3) return 0;
  const diffs: number[] = [];
  for (let i = 1; i < values.length; i++) diffs.push(values[i] - values[i - 1]);
  return mad(diffs) / (0.6744897501960817 * Math.SQRT2);
}

/** Indices where a new segment starts (each in [minSegment, n - minSegment]), ascending. */
export function pelt(values: readonly number[], options: ChangePointOptions = {}): number[] {
  const { penaltyFactor, minSegment, minSigma } = { ...CHANGEPOINT_DEFAULTS, ...options };
  const n = values.length;
  if (n < 2 * minSegment) return [];
  const sigma = Math.max(robustSigma(values), minSigma);
  const scaled = values.map((v) => v / sigma);
  const s1 = new Float64Array(n + 1);
  const s2 = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    s1[i + 1] = s1[i] + scaled[i];
    s2[i + 1] = s2[i] + scaled[i] * scaled[i];
  }
  // Cost of values[a..b) : sum of squared deviations from the segment mean.
  const cost = (a: number, b: number) => {
    const len = b - a;
    const sum = s1[b] - s1[a];
    return s2[b] - s2[a] - (sum * sum) / len;
  };
  const beta = penaltyFactor * Math.log(n);
  const best = new Float64Array(n + 1);
  const last = new Int32Array(n + 1);
  best[0] = -beta;
  let candidates: number[] = [0];
  for (let t = minSegment; t <= n; t++) {
    let bestValue = Infinity;
    let bestStart = 0;
    const values: number[] = [];
    for (const s of candidates) {
      if (t - s < minSegment) { values.push(Infinity); continue; }
      const v = best[s] + cost(s, t) + beta;
      values.push(v);
      if (v < bestValue) { bestValue = v; bestStart = s; }
    }
    best[t] = bestValue;
    last[t] = bestStart;
    // Prune starts that can never be optimal again; keep those too young to have been scored.
    candidates = candidates.filter((s, i) => values[i] === Infinity || values[i] - beta <= bestValue);
    candidates.push(t);
  }
  const changes: number[] = [];
  for (let t = n; t > 0; t = last[t]) if (last[t] > 0) changes.push(last[t]);
  return changes.reverse();
}
