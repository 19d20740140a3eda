import { describe, expect, it } from 'vitest';
import { pelt } from './changepoint.ts';
import { cleanSeries, detectRegressions, detectSteps, detectThresholds, type SeriesPoint } from './detect.ts';
import { recordTime, seriesByConfiguration } from './series.ts';
import { studentTTwoSided } from '../math/special.ts';
import { mannWhitney, newValueTTest, welchTTest } from './stats.ts';
import { mulberry32 as rng } from '../random.ts';

function gaussian(random: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** Log-normal noise of relative size `cv` around the given levels, one point per hour. */
function series(levels: readonly number[], cv: number, seed: number): SeriesPoint[] {
  const z = gaussian(rng(seed));
  return levels.map((level, i) => ({ t: Date.UTC(2025, 0, 1) + i * 3_600_000, value: level * Math.exp(cv * z()) }));
}

const repeat = (value: number, n: number) => new Array<number>(n).fill(value);

describe('statistics', () => {
  it('matches reference p-values', () => {
    // t = 2.228, df = 10 is the 97.5% quantile.
    expect(studentTTwoSided(2.228138852, 10)).toBeCloseTo(0.05, 6);
    expect(studentTTwoSided(0, 5)).toBeCloseTo(1, 10);
    // Exact Mann-Whitney: complete separation of 5 vs 5 gives 2 / C(10, 5).
    expect(mannWhitney([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]).pValue).toBeCloseTo(2 / 252, 10);
    expect(mannWhitney([1, 2, 3], [1, 2, 3]).pValue).toBe(1);
    // scipy.stats.ttest_ind([1,2,3,4], [2,4,6,8,10], equal_var=False): t = -2.25144, p = 0.069134.
    const w = welchTTest([1, 2, 3, 4], [2, 4, 6, 8, 10]);
    expect(w.statistic).toBeCloseTo(2.25144, 4);
    expect(w.pValue).toBeCloseTo(0.069134, 5);
    // scipy.stats.t.sf(3, 4) * 2 = 0.0399420.
    expect(studentTTwoSided(3, 4)).toBeCloseTo(0.039942, 5);
    // scipy.stats.mannwhitneyu (exact) agrees: 0.0079365.
    expect(mannWhitney([6, 7, 8, 9, 10], [1, 2, 3, 4, 5]).pValue).toBeCloseTo(0.0079365, 6);
    expect(newValueTTest([1, 1, 1], 1).pValue).toBe(1);
  });
});

describe('step detection', () => {
  it('finds a known step at its exact index', () => {
    const points = series([...repeat(10, 30), ...repeat(12, 30)], 0.02, 1);
    const result = detectRegressions(points, { better: 'lower' });
    const steps = result.flags.filter((f) => f.method === 'step');
    expect(steps.map((f) => f.index)).toEqual([30]);
    expect(steps[0].direction).toBe('regression');
    expect(steps[0].relativeChange).toBeGreaterThan(0.15);
    expect(steps[0].relativeChange).toBeLessThan(0.25);
    expect(steps[0].absoluteChange).toBeCloseTo(steps[0].after - steps[0].before, 10);
    expect(steps[0].pValue).toBeLessThan(1e-6);
    expect(steps[0].t).toBe(points[30].t);
  });

  it('finds several steps and calls them by the metric direction', () => {
    const levels = [...repeat(100, 25), ...repeat(80, 25), ...repeat(95, 25)];
    const points = series(levels, 0.015, 7);
    const asLatency = detectSteps(cleanSeries(points).points, 'lower');
    expect(asLatency.map((f) => [f.index, f.direction])).toEqual([[25, 'improvement'], [50, 'regression']]);
    const asThroughput = detectSteps(cleanSeries(points).points, 'higher');
    expect(asThroughput.map((f) => f.direction)).toEqual(['regression', 'improvement']);
  });

  it('pelt places the change exactly on noise-free data', () => {
    expect(pelt([...repeat(1, 8), ...repeat(2, 8)].map(Math.log))).toEqual([8]);
    expect(pelt(repeat(3, 40))).toEqual([]);
  });
});

describe('threshold test', () => {
  it('flags a single spike once, not the points after it', () => {
    const levels = repeat(50, 40);
    levels[25] = 80;
    const points = series(levels, 0.02, 3);
    const flags = detectThresholds(cleanSeries(points).points, 'lower');
    expect(flags.map((f) => f.index)).toEqual([25]);
    expect(flags[0].direction).toBe('regression');
    expect(flags[0].relativeChange).toBeGreaterThan(0.5);
    expect(flags[0].pValue).toBeLessThan(0.01);
  });

  it('flags a level shift at its first point and then adapts to the new level', () => {
    const points = series([...repeat(20, 20), ...repeat(30, 30)], 0.02, 11);
    const flags = detectThresholds(cleanSeries(points).points, 'higher');
    expect(flags.map((f) => [f.index, f.direction])).toEqual([[20, 'improvement']]);
    expect(flags[0].nAfter).toBe(3);
  });
});

describe('quiet on noise', () => {
  it('raises (almost) no flag on fixed seeded noise series', () => {
    const flagsByNoise = new Map<number, number>();
    for (const cv of [0.01, 0.05, 0.1]) {
      let flags = 0;
      for (let seed = 100; seed < 140; seed++) {
        flags += detectRegressions(series(repeat(10, 100), cv, seed * 7 + Math.round(cv * 100)), { better: 'lower' }).flags.length;
      }
      flagsByNoise.set(cv, flags);
    }
    // 40 series of 100 points per noise level (12,000 points). At these seeds the defaults raise
    // 0, 0 and 1 flags; the bound allows one more (fewer than 1 false flag per 6,000 points).
    expect(flagsByNoise.get(0.01)).toBe(0);
    expect([...flagsByNoise.values()].reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(2);
  });
});

describe('awkward input', () => {
  it('handles empty, short, NaN, non-positive and duplicate-time series', () => {
    expect(detectRegressions([], { better: 'lower' })).toEqual({ points: [], flags: [], dropped: 0 });
    const short = series([10, 20, 10], 0.01, 5);
    expect(detectRegressions(short, { better: 'lower' }).flags).toEqual([]);
    const messy: SeriesPoint[] = [
      { t: 3, value: Number.NaN }, { t: Number.NaN, value: 1 }, { t: 2, value: 0 }, { t: 1, value: -4 },
      { t: 5, value: 10 }, { t: 5, value: 14 }, { t: 5, value: 12 }, { t: 4, value: 11 },
    ];
    const r = detectRegressions(messy, { better: 'lower' });
    expect(r.dropped).toBe(4);
    expect(r.points).toEqual([
      { t: 4, value: 11, count: 1, inputs: [7] },
      { t: 5, value: 12, count: 3, inputs: [4, 5, 6] },
    ]);
    expect(r.flags).toEqual([]);
  });

  it('treats duplicates in time as one observation when finding a step', () => {
    const base = series([...repeat(10, 20), ...repeat(13, 20)], 0.01, 21);
    const doubled = base.flatMap((p) => [p, { t: p.t, value: p.value * 1.001 }]);
    const steps = detectRegressions(doubled, { better: 'lower' }).flags.filter((f) => f.method === 'step');
    expect(steps.map((f) => f.index)).toEqual([20]);
  });

  it('copes with exactly constant data and a step in it', () => {
    const flags = detectRegressions([...repeat(5, 12), ...repeat(6, 12)].map((value, t) => ({ t, value })), { better: 'lower' }).flags;
    expect(flags.filter((f) => f.method === 'step').map((f) => f.index)).toEqual([12]);
    expect(flags.filter((f) => f.method === 'threshold').map((f) => f.index)).toEqual([12]);
  });
});

describe('series by configuration', () => {
  it('groups observed records per configuration, ordered by time, without predictions', () => {
    const base = { model: 'bert', hardware: 'cpu', precision: 'fp32', batch_size: 1, execution_provider: 'wasm' };
    const rows = [
      { ...base, source: 'measured', measured_at: '2025-01-02 00:00:00', latency_ms: 2 },
      { ...base, source: 'measured', measured_at: '2025-01-01T00:00:00Z', latency_ms: 1 },
      { ...base, source: 'predicted', measured_at: '2025-01-03 00:00:00', latency_ms: 9 },
      { ...base, source: 'imported', measured_at: '2025-01-03 00:00:00', latency_ms: 3 },
      { ...base, source: 'measured', measured_at: null, latency_ms: 4 },
      { ...base, source: 'measured', measured_at: '2025-01-05 00:00:00', latency_ms: null },
    ];
    const groups = seriesByConfiguration(rows, 'latency_ms');
    expect(groups.map((g) => [g.config.source, g.points.map((p) => p.value)])).toEqual([['measured', [1, 2]], ['imported', [3]]]);
    expect(recordTime('2025-01-02 00:00:00')).toBe(Date.UTC(2025, 0, 2));
    expect(recordTime('2025-01-02 01:00:00+01:00')).toBe(Date.UTC(2025, 0, 2));
  });
});
