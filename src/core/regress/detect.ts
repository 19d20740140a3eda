/**
 * Regression detection on one metric's time series: PELT steps (changepoint.ts) confirmed by a
 * Mann-Whitney test between the segments on either side, and a per-point threshold test of each
 * new value against its trailing window. Both work on log values, so sizes are ratios and a 10 ms
 * to 11 ms step weighs the same as 100 ms to 110 ms.
 */
import { CHANGEPOINT_DEFAULTS, pelt, type ChangePointOptions } from './changepoint.ts';
import { mean, median } from '../math/stats.ts';
import { mannWhitney, newValueTTest } from './stats.ts';

export type Better = 'lower' | 'higher';

export interface SeriesPoint {
  /** Time, epoch milliseconds. */
  t: number;
  value: number;
}

/** A point after cleaning: one per distinct time (duplicates merged by median). */
export interface CleanPoint {
  t: number;
  value: number;
  /** How many input points share this time. */
  count: number;
  /** Indices of the input points merged here. */
  inputs: number[];
}

export interface StepOptions extends ChangePointOptions {
  /** Largest Mann-Whitney p-value between the two segments for a step to be flagged. */
  alpha?: number;
  /** Smallest |after / before - 1| for a step to be flagged. */
  minRelativeChange?: number;
}

export interface ThresholdOptions {
  /** Trailing values a new value is compared with. */
  window?: number;
  /** Fewest trailing values before the test runs. */
  minWindow?: number;
  /** Smallest |value / trailing geometric mean - 1| to flag. */
  minRelativeChange?: number;
  /** Largest p-value (new-value t-test on logs) to flag. */
  alpha?: number;
  /** This many flagged values in a row in one direction mean a new level: the window restarts there. */
  persist?: number;
}

export interface RegressionOptions {
  /** Whether lower values (latency, memory, power) or higher values (throughput) are better. */
  better: Better;
  step?: StepOptions;
  threshold?: ThresholdOptions;
}

export const STEP_DEFAULTS: Required<StepOptions> = { ...CHANGEPOINT_DEFAULTS, alpha: 0.01, minRelativeChange: 0.02 };
export const THRESHOLD_DEFAULTS: Required<ThresholdOptions> = { window: 20, minWindow: 8, minRelativeChange: 0.1, alpha: 1e-4, persist: 3 };

export type Method = 'step' | 'threshold';

export interface Flag {
  method: Method;
  /** Index into DetectionResult.points of the first point at the new level / the flagged point. */
  index: number;
  /** Time of that point, epoch milliseconds. */
  t: number;
  /** Level before (segment median for steps, trailing-window geometric mean for thresholds). */
  before: number;
  /** Level after (segment median for steps, the flagged value for thresholds). */
  after: number;
  /** after - before, in the metric's unit. */
  absoluteChange: number;
  /** after / before - 1. */
  relativeChange: number;
  direction: 'regression' | 'improvement';
  /** Two-sided p-value of the test named in `test`. */
  pValue: number;
  test: 'mann-whitney' | 'new-value-t';
  /** Points on each side the test used (steps), or window size and flagged run length (threshold). */
  nBefore: number;
  nAfter: number;
}

export interface DetectionResult {
  points: CleanPoint[];
  flags: Flag[];
  /** Input points left out: value or time not finite, or value <= 0 (no logarithm). */
  dropped: number;
}

/** Sorts by time, drops unusable values, merges equal times by their median. */
export function cleanSeries(series: readonly SeriesPoint[]): { points: CleanPoint[]; dropped: number } {
  const usable = series
    .map((p, i) => ({ ...p, i }))
    .filter((p) => Number.isFinite(p.t) && Number.isFinite(p.value) && p.value > 0)
    .sort((a, b) => a.t - b.t || a.i - b.i);
  const points: CleanPoint[] = [];
  for (let i = 0; i < usable.length;) {
    let j = i;
    while (j + 1 < usable.length && usable[j + 1].t === usable[i].t) j++;
    const group = usable.slice(i, j + 1);
    points.push({ t: usable[i].t, value: median(group.map((g) => g.value)), count: group.length, inputs: group.map((g) => g.i) });
    i = j + 1;
  }
  return { points, dropped: series.length - usable.length };
}

function direction(relativeChange: number, better: Better): Flag['direction'] {
  return (relativeChange > 0) === (better === 'lower') ? 'regression' : 'improvement';
}

export function detectSteps(points: readonly CleanPoint[], better: Better, options: StepOptions = {}): Flag[] {
  const o = { ...STEP_DEFAULTS, ...options };
  const logs = points.map((p) => Math.log(p.value));
  const changes = pelt(logs, o);
  const bounds = [0, ...changes, points.length];
  const flags: Flag[] = [];
  for (let k = 1; k < bounds.length - 1; k++) {
    const [a, c, b] = [bounds[k - 1], bounds[k], bounds[k + 1]];
    const beforeValues = points.slice(a, c).map((p) => p.value);
    const afterValues = points.slice(c, b).map((p) => p.value);
    const before = median(beforeValues);
    const after = median(afterValues);
    const relativeChange = after / before - 1;
    const test = mannWhitney(logs.slice(a, c), logs.slice(c, b));
    if (test.pValue > o.alpha || Math.abs(relativeChange) < o.minRelativeChange) continue;
    flags.push({
      method: 'step', index: c, t: points[c].t, before, after,
      absoluteChange: after - before, relativeChange, direction: direction(relativeChange, better),
      pValue: test.pValue, test: 'mann-whitney', nBefore: beforeValues.length, nAfter: afterValues.length,
    });
  }
  return flags;
}

export function detectThresholds(points: readonly CleanPoint[], better: Better, options: ThresholdOptions = {}): Flag[] {
  const o = { ...THRESHOLD_DEFAULTS, ...options };
  const logs = points.map((p) => Math.log(p.value));
  const flags: Flag[] = [];
  let history: number[] = [];
  let run: { sign: number; indices: number[]; flag: Flag } | null = null;
  for (let i = 0; i < points.length; i++) {
    const window = history.slice(-o.window).map((h) => logs[h]);
    if (window.length >= o.minWindow) {
      const reference = mean(window);
      const relativeChange = Math.exp(logs[i] - reference) - 1;
      const test = newValueTTest(window, logs[i]);
      if (Math.abs(relativeChange) >= o.minRelativeChange && test.pValue <= o.alpha) {
        const sign = Math.sign(relativeChange);
        if (run && run.sign === sign) {
          run.indices.push(i);
          run.flag.nAfter = run.indices.length;
        } else {
          const before = Math.exp(reference);
          const flag: Flag = {
            method: 'threshold', index: i, t: points[i].t, before, after: points[i].value,
            absoluteChange: points[i].value - before, relativeChange, direction: direction(relativeChange, better),
            pValue: test.pValue, test: 'new-value-t', nBefore: window.length, nAfter: 1,
          };
          flags.push(flag);
          run = { sign, indices: [i], flag };
        }
        if (run.indices.length >= o.persist) {
          history = [...run.indices];
          run = null;
        }
        continue;
      }
    }
    run = null;
    history.push(i);
  }
  return flags;
}

/** Both methods on one series; flags sorted by index, steps first at equal index. */
export function detectRegressions(series: readonly SeriesPoint[], options: RegressionOptions): DetectionResult {
  const { points, dropped } = cleanSeries(series);
  const flags = [
    ...detectSteps(points, options.better, options.step),
    ...detectThresholds(points, options.better, options.threshold),
  ].sort((a, b) => a.index - b.index || (a.method === 'step' ? -1 : 1));
  return { points, flags, dropped };
}
