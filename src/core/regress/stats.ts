/** The tests regression detection runs: Welch's t, the new-value t test, Mann-Whitney U. */
import { mean, variance } from '../math/stats.ts';
import { normalUpperTail, studentTTwoSided } from '../math/special.ts';

export interface TestResult {
  statistic: number;
  pValue: number;
}

/** Welch's unequal-variance t-test, two-sided. Needs two values on each side. */
export function welchTTest(a: readonly number[], b: readonly number[]): TestResult {
  if (a.length < 2 || b.length < 2) return { statistic: Number.NaN, pValue: 1 };
  const va = variance(a) / a.length;
  const vb = variance(b) / b.length;
  const diff = mean(b) - mean(a);
  const se = Math.sqrt(va + vb);
  if (se === 0) return { statistic: diff === 0 ? 0 : Math.sign(diff) * Infinity, pValue: diff === 0 ? 1 : 0 };
  const t = diff / se;
  const df = (va + vb) ** 2 / ((va * va) / (a.length - 1) + (vb * vb) / (b.length - 1));
  return { statistic: t, pValue: studentTTwoSided(t, df) };
}

/**
 * Whether one new value belongs to the population `window` came from: t = (x - mean) / (s sqrt(1 + 1/n)),
 * n - 1 degrees of freedom (the prediction-interval test; a two-sample test cannot use one value).
 */
export function newValueTTest(window: readonly number[], x: number): TestResult {
  const n = window.length;
  if (n < 2) return { statistic: Number.NaN, pValue: 1 };
  const s = Math.sqrt(variance(window));
  const diff = x - mean(window);
  if (s === 0) return { statistic: diff === 0 ? 0 : Math.sign(diff) * Infinity, pValue: diff === 0 ? 1 : 0 };
  const t = diff / (s * Math.sqrt(1 + 1 / n));
  return { statistic: t, pValue: studentTTwoSided(t, n - 1) };
}

/**
 * Mann-Whitney U test, two-sided. Exact null distribution when there are no ties and both samples
 * are small; otherwise the normal approximation with tie and continuity corrections.
 */
export function mannWhitney(a: readonly number[], b: readonly number[]): TestResult {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) return { statistic: Number.NaN, pValue: 1 };
  const all = [...a.map((v) => ({ v, g: 0 })), ...b.map((v) => ({ v, g: 1 }))].sort((p, q) => p.v - q.v);
  const ranks = new Array<number>(all.length);
  let tieTerm = 0;
  for (let i = 0; i < all.length;) {
    let j = i;
    while (j + 1 < all.length && all[j + 1].v === all[i].v) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[k] = rank;
    const t = j - i + 1;
    tieTerm += t ** 3 - t;
    i = j + 1;
  }
  let r1 = 0;
  all.forEach((p, i) => { if (p.g === 0) r1 += ranks[i]; });
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const u = Math.min(u1, n1 * n2 - u1);
  if (tieTerm === 0 && n1 + n2 <= 40) return { statistic: u1, pValue: Math.min(1, 2 * exactUCdf(Math.round(u), n1, n2)) };
  const n = n1 + n2;
  const mu = (n1 * n2) / 2;
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  if (sigma === 0) return { statistic: u1, pValue: 1 };
  const z = (Math.abs(u1 - mu) - 0.5) / sigma;
  return { statistic: u1, pValue: Math.min(1, 2 * normalUpperTail(Math.max(0, z))) };
}

/** P(U <= u) under the null, by counting rank arrangements (n1 + n2 small). */
function exactUCdf(u: number, n1: number, n2: number): number {
  // counts[i][j][k]: arrangements of i values from a and j from b with U = k, built up row by row.
  const max = n1 * n2;
  let prev: number[][] = Array.from({ length: n2 + 1 }, () => new Array<number>(max + 1).fill(0));
  for (let j = 0; j <= n2; j++) prev[j][0] = 1;
  for (let i = 1; i <= n1; i++) {
    const cur: number[][] = Array.from({ length: n2 + 1 }, () => new Array<number>(max + 1).fill(0));
    cur[0][0] = 1;
    for (let j = 1; j <= n2; j++) {
      for (let k = 0; k <= i * j; k++) {
        // The largest value is either from a (it beats all j values of b) or from b.
        cur[j][k] = (k >= j ? prev[j][k - j] : 0) + cur[j - 1][k];
      }
    }
    prev = cur;
  }
  const counts = prev[n2];
  let below = 0;
  let total = 0;
  for (let k = 0; k <= max; k++) {
    total += counts[k];
    if (k <= u) below += counts[k];
  }
  return below / total;
}
