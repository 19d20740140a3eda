/** Small numeric helpers shared by the predictor and its evaluation. */
import { mean } from '../math/stats.ts';

/** The project's seeded PRNG: the same seed gives the same trees, splits and folds. */
export { mulberry32 as rng } from '../random.ts';

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Quantile, median and mean live in core/math/stats.ts; re-exported for the predictor's modules. */
export { mean, median, quantile } from '../math/stats.ts';

/**
 * The split-conformal quantile: the ceil((n+1)q)-th smallest of n scores, which guarantees
 * coverage >= q for exchangeable data. Beyond the sample it returns the largest score.
 */
export function conformalQuantile(scores: ArrayLike<number>, q: number): number {
  const n = scores.length;
  if (n === 0) return NaN;
  const sorted = Float64Array.from(scores).sort();
  const rank = Math.ceil((n + 1) * q);
  return sorted[Math.min(Math.max(rank, 1), n) - 1];
}

function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(values.length);
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    const r = (i + j) / 2;
    for (let k = i; k <= j; k++) out[order[k][1]] = r;
    i = j + 1;
  }
  return out;
}

export function pearson(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  if (n < 2) return NaN;
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}

export function spearman(x: readonly number[], y: readonly number[]): number {
  return pearson(ranks(x), ranks(y));
}
