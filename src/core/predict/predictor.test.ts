import { describe, expect, it } from 'vitest';
import { simulatedTable } from '../../../tests/predict/simulated.ts';
import { fitPredictor } from './predictor.ts';
import { fitFewShot, applyFewShot, ZERO_SHOT } from './fewshot.ts';

// SIMULATED data only: a known roofline law (tests/predict/simulated.ts).
const table = simulatedTable({ hardware: 8, models: 14, batches: [1, 4, 16, 64], seed: 21 });
const ape = (pred: number, truth: number) => Math.abs(pred / truth - 1);
const medianOf = (v: number[]) => v.slice().sort((a, b) => a - b)[Math.floor(v.length / 2)];

describe('predictor on a table generated from a known roofline law', () => {
  const train = table.filter((_, i) => i % 5 !== 0);
  const test = table.filter((_, i) => i % 5 === 0);
  const predictor = fitPredictor(train, { target: 'latency_ms' });
  const predictions = predictor.predict(test);

  it('learns the law back (random split)', () => {
    const errors = predictions.map((p, i) => ape(p.value, test[i].latency_ms as number));
    expect(medianOf(errors)).toBeLessThan(0.05);
    expect(errors.reduce((a, b) => a + b, 0) / errors.length).toBeLessThan(0.1);
  });

  it('gives every prediction an interval around it, a confidence in [0,1] and its parts', () => {
    for (const p of predictions) {
      expect(p.lo).toBeLessThanOrEqual(p.value);
      expect(p.hi).toBeGreaterThanOrEqual(p.value);
      expect(p.confidence).toBeGreaterThanOrEqual(0);
      expect(p.confidence).toBeLessThanOrEqual(1);
      expect(p.parts.map((q) => q.name)).toEqual(['interval', 'distance', 'density', 'seen']);
      for (const q of p.parts) expect(q.value).toBeGreaterThanOrEqual(0);
    }
  });

  it('80% intervals hold close to 80% of held-out truths', () => {
    const covered = predictions.filter((p, i) => p.lo <= (test[i].latency_ms as number) && (test[i].latency_ms as number) <= p.hi).length;
    const coverage = covered / predictions.length;
    expect(coverage).toBeGreaterThan(0.68);
    expect(coverage).toBeLessThan(0.93);
  });

  it('is deterministic for a seed', () => {
    const again = fitPredictor(train, { target: 'latency_ms' }).predict(test.slice(0, 20));
    expect(again.map((p) => p.value)).toEqual(predictions.slice(0, 20).map((p) => p.value));
  });

  it('widens intervals and lowers confidence far from the measured configurations', () => {
    const near = { ...test[0] };
    const far = { ...test[0], hardware: 'simgpu-far', hw_peak_tflops_fp32: 900, hw_peak_tflops_fp16: 3600, hw_mem_bw_gbs: 40000 };
    const [a, b] = predictor.predict([near, far]);
    expect(b.distance).toBeGreaterThan(a.distance);
    expect(Math.log(b.hi / b.lo)).toBeGreaterThan(Math.log(a.hi / a.lo));
    expect(b.confidence).toBeLessThan(a.confidence);
    expect(b.novelty).toBe('unseen-hardware');
  });

  it('returns the nearest measured rows of a query', () => {
    const found = predictor.neighbours(test[0], 3);
    expect(found).toHaveLength(3);
    expect(found[0].distance).toBeLessThanOrEqual(found[2].distance);
    expect(found[0].row.model).toBe(test[0].model);
  });
});

describe('unseen hardware', () => {
  const held = 'simgpu-3';
  const train = table.filter((r) => r.hardware !== held);
  const test = table.filter((r) => r.hardware === held);
  const predictor = fitPredictor(train, { target: 'latency_ms' });
  const predictions = predictor.predict(test);

  it('is predicted from its hw_* columns (zero-shot) with lower confidence than seen hardware', () => {
    const errors = predictions.map((p, i) => ape(p.value, test[i].latency_ms as number));
    expect(medianOf(errors)).toBeLessThan(0.2);
    expect(predictions.every((p) => p.hardware === 'unseen')).toBe(true);
    const seen = predictor.predict(train.slice(0, test.length));
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    expect(mean(predictions.map((p) => p.confidence))).toBeLessThan(mean(seen.map((p) => p.confidence)));
  });

  it('few-shot calibration fixes a device the specs mislead about', () => {
    // The held-out device runs 1.8x slower than its specs say (e.g. a throttled part).
    const slow = test.map((r) => ({ ...r, latency_ms: (r.latency_ms as number) * 1.8 }));
    const shots = slow.filter((_, i) => i % 11 === 0).slice(0, 10);
    const rest = slow.filter((_, i) => i % 11 !== 0);
    const zero = fitPredictor(train, { target: 'latency_ms' }).predict(rest);
    const kshot = fitPredictor([...train, ...shots], { target: 'latency_ms' }).predict(rest);
    const zeroErr = medianOf(zero.map((p, i) => ape(p.value, rest[i].latency_ms as number)));
    const kshotErr = medianOf(kshot.map((p, i) => ape(p.value, rest[i].latency_ms as number)));
    expect(zeroErr).toBeGreaterThan(0.3);
    expect(kshotErr).toBeLessThan(0.12);
    expect(kshot[0].hardware).toBe('few-shot');
  });
});

describe('few-shot calibration', () => {
  it('picks the candidate that tracks the new device and shrinks slopes toward 1', () => {
    const shots = Array.from({ length: 10 }, (_, i) => {
      const x = Math.log(1 + i);
      return { logY: 0.7 + x, candidates: new Map([[ZERO_SHOT, 0.5 * x + (i % 2) * 0.3], ['hw:ref', x]]) };
    });
    const cal = fitFewShot(shots);
    expect(cal.chosen[0].source).toBe('hw:ref');
    expect(cal.chosen.filter((c) => c.source === 'hw:ref').reduce((s, c) => s + c.weight, 0)).toBeGreaterThan(0.5);
    expect(applyFewShot(cal, new Map([[ZERO_SHOT, 0], ['hw:ref', 2]]))).toBeCloseTo(2.7, 1);
    expect(cal.spread).toBeLessThan(0.2);
  });
});

describe('measured configurations', () => {
  it('are predicted at their measurements (geometric mean of repeats), unmeasured ones are not pulled', () => {
    const rows = [
      ...[1, 2, 8, 32].map((b) => ({ model: 'm1', hardware: 'h1', batch_size: b, precision: 'fp16', latency_ms: 0.8 + 0.07 * b })),
      ...[1, 2, 8, 32].map((b) => ({ model: 'm2', hardware: 'h1', batch_size: b, precision: 'fp16', latency_ms: 2 + 0.3 * b })),
      ...[1, 2, 8, 32].map((b) => ({ model: 'm1', hardware: 'h2', batch_size: b, precision: 'fp16', latency_ms: 1.6 + 0.2 * b })),
      { model: 'm2', hardware: 'h2', batch_size: 4, precision: 'fp16', latency_ms: 4 },
      { model: 'm2', hardware: 'h2', batch_size: 4, precision: 'fp16', latency_ms: 9 },
    ];
    const fitted = fitPredictor(rows, { target: 'latency_ms' });
    const [measured, repeated, unmeasured] = fitted.predict([
      { model: 'm1', hardware: 'h1', batch_size: 1, precision: 'fp16' },
      { model: 'm2', hardware: 'h2', batch_size: 4, precision: 'fp16' },
      { model: 'm2', hardware: 'h2', batch_size: 16, precision: 'fp16' },
    ]);
    expect(measured.value).toBeCloseTo(0.87, 9);
    expect(repeated.value).toBeCloseTo(6, 9);
    expect(unmeasured.value).not.toBeCloseTo(6, 1);
    expect(unmeasured.value).toBeGreaterThan(0);
  });
});
