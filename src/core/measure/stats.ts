/**
 * Summary statistics of a sequence of run times. Quantiles interpolate linearly between order
 * statistics (numpy's default, "type 7"); the confidence interval of the median is distribution
 * free: a pair of order statistics chosen from the Binomial(n, 1/2) distribution.
 */
import { mean, quantileSorted, variance } from '../math/stats.ts';

export interface TimingStats {
  readonly n: number;
  readonly min: number;
  readonly max: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly mean: number;
  /** Sample standard deviation (n - 1 in the denominator); 0 for a single run. */
  readonly std: number;
  /** Coefficient of variation, std / mean. */
  readonly cv: number;
  readonly medianCi: MedianInterval;
}

export interface MedianInterval {
  readonly lo: number;
  readonly hi: number;
  /** The coverage the chosen order statistics actually give; below the target when n < 6. */
  readonly level: number;
  /** 1-based ranks of the order statistics used. */
  readonly loRank: number;
  readonly hiRank: number;
}

export { quantileSorted } from '../math/stats.ts';

/** P(B <= k) for B ~ Binomial(n, 1/2), computed in log space so large n stays exact enough. */
export function binomialHalfCdf(n: number, k: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  let logTerm = -n * Math.LN2; // log C(n,0) / 2^n
  let total = Math.exp(logTerm);
  for (let i = 1; i <= k; i++) {
    logTerm += Math.log((n - i + 1) / i);
    total += Math.exp(logTerm);
  }
  return Math.min(1, total);
}

/**
 * The narrowest symmetric pair of order statistics (x_(l), x_(n+1-l)) whose coverage of the true
 * median is at least `level`: coverage = P(l <= B <= n - l) = 1 - 2 P(B <= l - 1).
 * With fewer than 6 runs no pair reaches 95 %; the full range is returned with its real coverage.
 */
export function medianConfidenceInterval(sorted: readonly number[], level = 0.95): MedianInterval {
  const n = sorted.length;
  if (n === 0) throw new Error('confidence interval of an empty sample');
  let rank = 1;
  while (rank + 1 <= n + 1 - (rank + 1) && 1 - 2 * binomialHalfCdf(n, rank) >= level) rank++;
  const hiRank = n + 1 - rank;
  const coverage = n === 1 ? 0 : 1 - 2 * binomialHalfCdf(n, rank - 1);
  return { lo: sorted[rank - 1], hi: sorted[hiRank - 1], level: coverage, loRank: rank, hiRank };
}

export function summarize(samples: readonly number[]): TimingStats {
  if (samples.length === 0) throw new Error('no measured runs to summarize');
  for (const [i, value] of samples.entries()) {
    if (!Number.isFinite(value) || value < 0) throw new Error(`run ${i + 1} has an invalid time ${value}`);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  const m = mean(sorted);
  const std = Math.sqrt(variance(sorted));
  return {
    n,
    min: sorted[0],
    max: sorted[n - 1],
    p50: quantileSorted(sorted, 0.5),
    p90: quantileSorted(sorted, 0.9),
    p99: quantileSorted(sorted, 0.99),
    mean: m,
    std,
    cv: m > 0 ? std / m : 0,
    medianCi: medianConfidenceInterval(sorted),
  };
}
