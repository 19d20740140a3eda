import { describe, expect, it } from 'vitest';
import { simulatedTable } from '../../../../tests/predict/simulated.ts';
import { makeFolds, unitKey } from './splits.ts';
import { computeMetrics } from './metrics.ts';
import { evaluate } from './run.ts';
import { rooflineBaseline, scalingBaseline } from './baselines.ts';

// SIMULATED data only (tests/predict/simulated.ts).
const rows = simulatedTable({ hardware: 6, models: 8, batches: [1, 8, 32], seed: 4 });

describe('evaluation splits never leak', () => {
  it('random: folds are disjoint, cover every row once, and train excludes test', () => {
    const folds = makeFolds(rows, { protocol: 'random' });
    const seen = new Set<number>();
    for (const f of folds) {
      const train = new Set(f.train);
      for (const i of f.test) {
        expect(train.has(i)).toBe(false);
        expect(seen.has(i)).toBe(false);
        seen.add(i);
      }
      expect(f.train.length + f.test.length).toBe(rows.length);
    }
    expect(seen.size).toBe(rows.length);
  });

  it('hardware: a held-out hardware never appears in its fold\'s training rows', () => {
    const folds = makeFolds(rows, { protocol: 'hardware' });
    expect(folds).toHaveLength(6);
    for (const f of folds) {
      const held = new Set(f.heldOut);
      expect(f.train.some((i) => held.has(rows[i].hardware as string))).toBe(false);
      expect(f.test.every((i) => held.has(rows[i].hardware as string))).toBe(true);
    }
  });

  it('hardware-kshot: exactly k rows of the held-out hardware train, none of them tested', () => {
    const folds = makeFolds(rows, { protocol: 'hardware-kshot', shots: 5 });
    for (const f of folds) {
      const held = new Set(f.heldOut);
      const fromHeld = f.train.filter((i) => held.has(rows[i].hardware as string));
      expect(fromHeld.sort()).toEqual([...f.shots].sort());
      expect(f.shots).toHaveLength(5);
      const test = new Set(f.test);
      expect(f.shots.some((i) => test.has(i))).toBe(false);
    }
    const again = makeFolds(rows, { protocol: 'hardware-kshot', shots: 5 });
    expect(again.map((f) => f.shots)).toEqual(folds.map((f) => f.shots));
  });

  it('takes the named shot models first', () => {
    const [fold] = makeFolds(rows, { protocol: 'hardware-kshot', shots: 2, holdout: ['simgpu-1'], shotModels: ['simnet-3', 'simnet-5'] });
    expect(fold.shots.map((i) => rows[i].model)).toEqual(['simnet-3', 'simnet-5']);
  });

  it('a unit of hardware+batch keeps every batch of that hardware out of training', () => {
    const folds = makeFolds(rows, { protocol: 'hardware', unit: ['hardware', 'batch_size'], holdout: ['simgpu-2|8'] });
    expect(folds).toHaveLength(1);
    expect(folds[0].train.some((i) => rows[i].hardware === 'simgpu-2')).toBe(false);
    expect(folds[0].test.every((i) => unitKey(rows[i], ['hardware', 'batch_size']) === 'simgpu-2|8')).toBe(true);
  });

  it('model: held-out models never appear in training, also when units are grouped', () => {
    const folds = makeFolds(rows, { protocol: 'model', maxFolds: 3 });
    expect(folds).toHaveLength(3);
    for (const f of folds) {
      const held = new Set(f.heldOut);
      expect(f.train.some((i) => held.has(rows[i].model as string))).toBe(false);
    }
  });
});

describe('metrics', () => {
  it('scores perfect predictions as perfect and counts coverage', () => {
    const truth = [1, 2, 3, 4, 5, 6];
    const m = computeMetrics(truth, truth, truth.map(() => 'a'), truth.map((t) => t * 0.9), truth.map((t) => (t < 4 ? t * 1.1 : t * 0.95)));
    expect(m.mape).toBe(0);
    expect(m.within10).toBe(1);
    expect(m.spearman).toBeCloseTo(1);
    expect(m.r2Log).toBeCloseTo(1);
    expect(m.coverage).toBeCloseTo(0.5);
  });

  it('reports rows a method cannot predict as missing, not as errors', () => {
    const m = computeMetrics([1, 2, 3], [1.1, NaN, 3.3], ['a', 'a', 'a']);
    expect(m.n).toBe(2);
    expect(m.missing).toBe(1);
    expect(m.mape).toBeCloseTo(0.1);
  });
});

describe('evaluate', () => {
  it('scores the predictor and both baselines on the same test rows', () => {
    const report = evaluate(rows, { protocol: 'hardware-kshot', target: 'latency_ms', shots: 5, holdout: ['simgpu-0', 'simgpu-4'] });
    expect(report.folds).toHaveLength(2);
    for (const f of report.folds) {
      expect(f.perfcast.n).toBe(f.testRows);
      expect(f.roofline.n + f.roofline.missing).toBe(f.testRows);
      expect(f.scaling.n + f.scaling.missing).toBe(f.testRows);
    }
    expect(report.overall.perfcast.medianApe).toBeLessThan(0.1);
    expect(report.overall.perfcast.coverage).toBeGreaterThan(0.5);
  });

  it('baselines follow the law they assume', () => {
    const all = rows.map((_, i) => i);
    const train = all.filter((i) => rows[i].hardware !== 'simgpu-5');
    const test = all.filter((i) => rows[i].hardware === 'simgpu-5');
    const roof = rooflineBaseline(rows, train, test, 'latency_ms');
    expect(roof.every((v) => v > 0)).toBe(true);
    const scale = scalingBaseline(rows, train, test, 'latency_ms');
    expect(scale.every((v) => v > 0)).toBe(true);
  });
});
