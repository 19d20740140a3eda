/** Arithmetic on a predicted value with its interval ends (value, lo, hi), keeping every other field. */

export interface Ends {
  readonly value: number;
  readonly lo: number;
  readonly hi: number;
}

/** n / x for a value and its interval: the ends swap (throughput from latency, latency from throughput, cost from throughput). */
export function reciprocal<T extends Ends>(x: T, n: number): T {
  return { ...x, value: n / x.value, lo: n / x.hi, hi: n / x.lo };
}

/** k x x for a value and its interval (k > 0). */
export function scaledBy<T extends Ends>(x: T, k: number): T {
  return { ...x, value: k * x.value, lo: k * x.lo, hi: k * x.hi };
}
