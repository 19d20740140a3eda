import { describe, expect, it } from 'vitest';
import { simulatedTable } from '../../tests/predict/simulated.ts';
import type { ValidationRecord } from '../core/validation/summary.ts';
import { predictWithModel, trainModel } from './model.ts';
import { checkRefinement } from './refine.ts';

// SIMULATED data only (a known roofline law), relabelled imported as a user's file would be.
const table = simulatedTable({ hardware: 6, models: 8, batches: [1, 4, 16], seed: 5 }).map((r): Record<string, string | number> => ({ ...r, source: 'imported' }));
const newHardware = String(table[table.length - 1].hardware);
const base = table.filter((r) => r.hardware !== newHardware);
// The new device runs 2.5x slower than its specs say: the base model cannot know that.
const measured = table.filter((r) => r.hardware === newHardware).map((r, i): Record<string, string | number> => ({ ...r, latency_ms: Number(r.latency_ms) * 2.5, source: 'measured', run_id: `run-${i}` }));

function recorded(): ValidationRecord[] {
  const model = trainModel(base, { target: 'latency_ms' });
  const { predictions } = predictWithModel(model, measured);
  return measured.map((r, i) => {
    const p = predictions[i];
    const m = Number(r.latency_ms);
    return {
      run_id: String(r.run_id), model: String(r.model), hardware: newHardware, batch_size: Number(r.batch_size), seq_len: null, precision: String(r.precision),
      predictor_id: model.saved.id, predicted_latency_ms: p.value, predicted_lo_ms: p.lo, predicted_hi_ms: p.hi, interval_level: 0.8,
      measured_latency_ms: m, error_pct: ((m - p.value) / m) * 100, inside_interval: m >= p.lo && m <= p.hi,
    };
  });
}

describe('checking a refinement on the validation records', () => {
  const validations = recorded();
  const check = checkRefinement(base, measured, validations, { target: 'latency_ms' });

  it('scores the recorded predictions (before) and out-of-fold refits (after) on the same runs', () => {
    expect(check.before.runs).toBe(measured.length);
    expect(check.after.runs).toBe(measured.length);
    expect(check.folds).toBe(5);
    expect(check.before.medianAbsErrorPct).toBeGreaterThan(40);
    expect(check.after.medianAbsErrorPct!).toBeLessThan(check.before.medianAbsErrorPct! / 2);
  });

  it('never predicts a run with a model that learned from its own configuration', () => {
    const foldModels = new Set(check.records.map((r) => r.predictor_id));
    expect(foldModels.size).toBe(5);
    const everything = trainModel([...base, ...measured], { target: 'latency_ms' });
    expect(foldModels.has(everything.saved.id)).toBe(false);
    const byConfig = new Map<string, Set<string | null>>();
    for (const r of check.records) {
      const key = `${r.model}|${r.batch_size}|${r.precision}`;
      byConfig.set(key, (byConfig.get(key) ?? new Set()).add(r.predictor_id));
    }
    for (const ids of byConfig.values()) expect(ids.size).toBe(1);
  });
});
