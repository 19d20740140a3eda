import { describe, expect, it } from 'vitest';
import { binomialHalfCdf, medianConfidenceInterval, quantileSorted, summarize } from './stats.ts';

describe('summarize', () => {
  it('computes quantiles, mean, std and CV of a fixed sequence by hand', () => {
    // sorted: 10 11 12 13 14 15 16 17 18 100 (one outlier)
    const s = summarize([13, 100, 10, 15, 11, 18, 12, 17, 14, 16]);
    expect(s.n).toBe(10);
    expect(s.min).toBe(10);
    expect(s.max).toBe(100);
    // p50 at position 4.5: (14 + 15) / 2
    expect(s.p50).toBe(14.5);
    // p90 at position 8.1: 18 + 0.1 * (100 - 18)
    expect(s.p90).toBeCloseTo(26.2, 10);
    // p99 at position 8.91: 18 + 0.91 * 82
    expect(s.p99).toBeCloseTo(92.62, 10);
    // mean = 226 / 10
    expect(s.mean).toBeCloseTo(22.6, 10);
    // sum of squares about the mean: sum(x^2) - n*mean^2 = (1824 + 10000) - 5107.6 = 6716.4; / 9
    expect(s.std).toBeCloseTo(Math.sqrt(6716.4 / 9), 10);
    expect(s.cv).toBeCloseTo(Math.sqrt(6716.4 / 9) / 22.6, 10);
  });

  it('gives zero spread for a single run', () => {
    const s = summarize([5]);
    expect(s.p50).toBe(5);
    expect(s.p99).toBe(5);
    expect(s.std).toBe(0);
    expect(s.cv).toBe(0);
  });

  it('rejects empty, negative and non-finite samples', () => {
    expect(() => summarize([])).toThrow(/no measured runs/);
    expect(() => summarize([1, -2])).toThrow(/run 2 has an invalid time -2/);
    expect(() => summarize([1, Number.NaN])).toThrow(/run 2/);
  });
});

describe('quantileSorted', () => {
  it('interpolates linearly and hits the ends', () => {
    expect(quantileSorted([1, 2, 3, 4], 0)).toBe(1);
    expect(quantileSorted([1, 2, 3, 4], 1)).toBe(4);
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBe(1.75);
  });
});

describe('binomialHalfCdf', () => {
  it('matches exact binomial sums', () => {
    expect(binomialHalfCdf(10, 1)).toBeCloseTo(11 / 1024, 12);
    expect(binomialHalfCdf(10, 2)).toBeCloseTo(56 / 1024, 12);
    expect(binomialHalfCdf(20, 5)).toBeCloseTo(21700 / 1048576, 12);
    expect(binomialHalfCdf(4, 4)).toBe(1);
    expect(binomialHalfCdf(4, -1)).toBe(0);
  });
});

describe('medianConfidenceInterval', () => {
  const ascending = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

  it('uses x(2) and x(9) for n = 10 (coverage 1 - 22/1024)', () => {
    const ci = medianConfidenceInterval(ascending(10).map((x) => x * 10));
    expect([ci.loRank, ci.hiRank]).toEqual([2, 9]);
    expect([ci.lo, ci.hi]).toEqual([20, 90]);
    expect(ci.level).toBeCloseTo(1 - 22 / 1024, 12);
  });

  it('uses x(6) and x(15) for n = 20 (coverage 1 - 2 * 21700/2^20)', () => {
    const ci = medianConfidenceInterval(ascending(20));
    expect([ci.loRank, ci.hiRank]).toEqual([6, 15]);
    expect(ci.level).toBeCloseTo(1 - (2 * 21700) / 1048576, 12);
    expect(ci.level).toBeGreaterThanOrEqual(0.95);
  });

  it('uses x(1) and x(6) for n = 6, the smallest n that reaches 95 %', () => {
    const ci = medianConfidenceInterval(ascending(6));
    expect([ci.loRank, ci.hiRank]).toEqual([1, 6]);
    expect(ci.level).toBeCloseTo(1 - 2 / 64, 12);
  });

  it('reports the lower real coverage when n = 5 cannot reach 95 %', () => {
    const ci = medianConfidenceInterval(ascending(5));
    expect([ci.lo, ci.hi]).toEqual([1, 5]);
    expect(ci.level).toBeCloseTo(1 - 2 / 32, 12);
    expect(ci.level).toBeLessThan(0.95);
  });

  it('always brackets the sample median', () => {
    for (let n = 1; n <= 200; n++) {
      const values = ascending(n);
      const ci = medianConfidenceInterval(values);
      const median = quantileSorted(values, 0.5);
      expect(ci.lo).toBeLessThanOrEqual(median);
      expect(ci.hi).toBeGreaterThanOrEqual(median);
      if (n >= 6) expect(ci.level).toBeGreaterThanOrEqual(0.95);
    }
  });
});
