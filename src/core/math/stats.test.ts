import { describe, expect, it } from 'vitest';
import { mad, mean, median, quantile, quantileSorted, variance } from './stats.ts';

// Expected values from numpy 2 (np.quantile default "linear", np.var ddof=1).
const sample = [7.5, -2, 3.25, 10, 0.5, 4, 4, 9];

describe('quantile and median', () => {
  it('interpolates like numpy (type 7)', () => {
    const expected: [number, number][] = [[0, -2], [0.1, -0.25], [0.25, 2.5625], [0.5, 4], [0.9, 9.3], [1, 10]];
    for (const [q, v] of expected) expect(quantile(sample, q)).toBeCloseTo(v, 14);
    expect(quantile(Float64Array.from(sample), 0.25)).toBeCloseTo(2.5625, 14);
  });

  it('takes the middle value, or the midpoint of the two middle values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5])).toBe(5);
    expect(median([-1, -1, 8, 8])).toBe(3.5);
    expect(median([Infinity, Infinity, 1])).toBe(Infinity);
    expect(median([Infinity, Infinity])).toBe(Infinity);
  });

  it('does not reorder its input', () => {
    const xs = [3, 1, 2];
    median(xs);
    expect(xs).toEqual([3, 1, 2]);
  });

  it('gives NaN for an empty sample or any NaN, and clamps the level', () => {
    expect(median([])).toBeNaN();
    expect(median([1, Number.NaN, 3])).toBeNaN();
    expect(quantile([1, 2, 3], Number.NaN)).toBeNaN();
    expect(quantile([1, 2, 3], -0.5)).toBe(1);
    expect(quantile([1, 2, 3], 7)).toBe(3);
  });

  it('quantileSorted refuses an empty sample or a level outside [0, 1]', () => {
    expect(quantileSorted([1, 2, 4], 0.75)).toBe(3);
    expect(() => quantileSorted([], 0.5)).toThrow(/empty/);
    expect(() => quantileSorted([1], 1.5)).toThrow(/outside/);
  });
});

describe('mean, variance, mad', () => {
  it('match numpy on a sample', () => {
    expect(mean(sample)).toBe(36.25 / 8);
    expect(variance(sample)).toBeCloseTo(17.114955357142858, 12);
    expect(mad(sample)).toBe(3.5);
  });

  it('handle small samples', () => {
    expect(mean([])).toBeNaN();
    expect(mean([2])).toBe(2);
    expect(variance([])).toBe(0);
    expect(variance([5])).toBe(0);
    expect(variance([1, 3])).toBe(2);
    expect(mad([])).toBeNaN();
  });
});
