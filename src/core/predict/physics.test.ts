import { describe, expect, it } from 'vitest';
import { DEVICES, twoPhaseTable } from '../../../tests/predict/two-phase.ts';
import { physicsOf, phaseOf } from '../features/physics.ts';
import { fitPhysicalModel } from '../features/physical-model.ts';
import { fitPredictor } from './predictor.ts';

// SIMULATED data only: a known two-phase (prefill + decode) roofline law (tests/predict/two-phase.ts).
const ape = (pred: number, truth: number) => Math.abs(pred / truth - 1);
const medianOf = (v: number[]) => v.slice().sort((a, b) => a - b)[Math.floor(v.length / 2)];

describe('workload physics', () => {
  it('splits an LLM request into one prefill and output_len decode steps', () => {
    const row = { model: 'x', hardware: 'h100-sxm5-80gb', params_b: 7, batch_size: 4, input_len: 512, output_len: 128, precision: 'bf16' };
    const request = physicsOf(row, 'latency_ms');
    const step = physicsOf(row, 'itl_ms');
    const first = physicsOf(row, 'ttft_ms');
    expect(request.phase).toBe('request');
    expect(step.phase).toBe('decode-step');
    expect(first.phase).toBe('prefill');
    expect(request.steps).toBe(128);
    // Prefill: 2 x params x input tokens x batch.
    expect(first.flops).toBeCloseTo(2 * 7e9 * 512 * 4, -6);
    // A decode step reads at least the weights once.
    expect(step.bytes).toBeGreaterThan(7e9 * 2);
    expect(request.flops).toBeCloseTo(first.flops + 128 * step.flops, -6);
    expect(phaseOf('latency_ms', { latency_metric: 'inter-token latency (one decode step)' })).toBe('decode-step');
  });

  it('spreads the weights of a mixture of experts only over the experts a batch touches', () => {
    const base = { model: 'moe', hardware: 'h100-sxm5-80gb', params_b: 30, activated_params_b: 3, precision: 'bf16' };
    const one = physicsOf({ ...base, batch_size: 1 }, 'itl_ms');
    const many = physicsOf({ ...base, batch_size: 256 }, 'itl_ms');
    expect(one.bytes).toBeLessThan(0.2 * 30e9 * 2);
    expect(many.bytes).toBeGreaterThan(0.95 * 30e9 * 2);
    expect(one.flops).toBeCloseTo(2 * 3e9, -6);
  });

  it('recovers the coefficients of a three-term law exactly from clean rows', () => {
    const basis = Array.from({ length: 30 }, (_, i) => [1 + (i % 3), 0.1 * (i + 1), 5 + ((i * 7) % 11)]);
    const time = basis.map(([a, b, c]) => 0.5 * a + 2 * b + 1.3 * c);
    const model = fitPhysicalModel(basis, time)!;
    expect(model.coefficients[0]).toBeCloseTo(0.5, 6);
    expect(model.coefficients[1]).toBeCloseTo(2, 6);
    expect(model.coefficients[2]).toBeCloseTo(1.3, 6);
  });
});

describe('predictor on a two-phase roofline law', () => {
  const table = twoPhaseTable();

  it('learns the law back (random split)', () => {
    const train = table.filter((_, i) => i % 4 !== 0);
    const test = table.filter((_, i) => i % 4 === 0);
    const predictions = fitPredictor(train, { target: 'latency_ms' }).predict(test);
    const errors = predictions.map((p, i) => ape(p.value, test[i].latency_ms as number));
    expect(medianOf(errors)).toBeLessThan(0.05);
  });

  it('transfers to a device seen only through 10 measurements', () => {
    const held = DEVICES[DEVICES.length - 1].id;
    const heldRows = table.filter((r) => r.hardware === held);
    // Ten shots spread over the held-out device's configurations, deterministically.
    const shots = heldRows.filter((_, i) => i % Math.floor(heldRows.length / 10) === 0).slice(0, 10);
    const rest = heldRows.filter((r) => !shots.includes(r));
    const train = [...table.filter((r) => r.hardware !== held), ...shots];
    const predictions = fitPredictor(train, { target: 'latency_ms' }).predict(rest);
    const errors = predictions.map((p, i) => ape(p.value, rest[i].latency_ms as number));
    expect(medianOf(errors)).toBeLessThan(0.1);
    // Without the shots the same device is predicted from its catalog specs alone, and worse.
    const zero = fitPredictor(table.filter((r) => r.hardware !== held), { target: 'latency_ms' }).predict(rest);
    expect(medianOf(zero.map((p, i) => ape(p.value, rest[i].latency_ms as number)))).toBeGreaterThan(medianOf(errors));
  });

  it('predicts latency non-decreasing in batch size and in prompt length on catalog hardware', () => {
    const predictor = fitPredictor(table.filter((r) => r.batch_size !== 16), { target: 'latency_ms' });
    for (const hardware of ['h100-sxm5-80gb', 'l4', 'mi300x']) {
      const byBatch = predictor.predict([1, 2, 4, 8, 16, 32, 64, 128].map((b) => ({ model: 'simllm-5b', hardware, params_b: 5, batch_size: b, input_len: 700, output_len: 100, precision: 'bf16' })));
      for (let i = 1; i < byBatch.length; i++) expect(byBatch[i].value).toBeGreaterThanOrEqual(byBatch[i - 1].value);
      const byInput = predictor.predict([64, 128, 256, 512, 1024, 2048, 4096].map((n) => ({ model: 'simllm-5b', hardware, params_b: 5, batch_size: 8, input_len: n, output_len: 100, precision: 'bf16' })));
      for (let i = 1; i < byInput.length; i++) expect(byInput[i].value).toBeGreaterThanOrEqual(byInput[i - 1].value);
    }
  });
});
