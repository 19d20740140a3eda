import { describe, expect, it } from 'vitest';
import { adviseRefinement, summarizeValidation, type ValidationRecord } from './summary.ts';

function rec(model: string, predicted: number | null, measured: number, lo: number, hi: number): ValidationRecord {
  return {
    run_id: `${model}-${measured}`, model, hardware: 'amd-epyc', batch_size: 1, seq_len: null, precision: 'fp32', predictor_id: predicted === null ? null : 'p1',
    predicted_latency_ms: predicted, predicted_lo_ms: predicted === null ? null : lo, predicted_hi_ms: predicted === null ? null : hi, interval_level: predicted === null ? null : 0.8,
    measured_latency_ms: measured, error_pct: predicted === null ? null : ((measured - predicted) / measured) * 100,
    inside_interval: predicted === null ? null : measured >= lo && measured <= hi,
  };
}

describe('validation summary', () => {
  it('gives median and mean absolute error and interval coverage per hardware and model', () => {
    const records = [rec('a', 10, 10, 8, 12), rec('a', 10, 20, 8, 12), rec('a', 10, 12.5, 8, 14), rec('b', null, 5, 0, 0)];
    const [a, b] = summarizeValidation(records);
    expect(a).toMatchObject({ model: 'a', runs: 3, predicted: 3, coverage: 2 / 3, level: 0.8 });
    expect(a.medianAbsErrorPct).toBeCloseTo(20, 9);
    expect(a.meanAbsErrorPct).toBeCloseTo((0 + 50 + 20) / 3, 9);
    expect(b).toMatchObject({ model: 'b', runs: 1, predicted: 0, medianAbsErrorPct: null, coverage: null });
    expect(summarizeValidation(records, 'all')).toEqual([expect.objectContaining({ hardware: '*', model: '*', runs: 4, predicted: 3 })]);
  });
});

describe('refinement advice', () => {
  it('waits for enough runs, then asks for a refit when the error or the coverage is off, and says why', () => {
    expect(adviseRefinement([rec('a', 10, 20, 8, 12), rec('a', 10, 20, 8, 12)])).toMatchObject({ due: false, strategy: null });
    const good = [rec('a', 10, 10.5, 8, 12), rec('a', 10, 9.5, 8, 12), rec('a', 10, 11, 8, 12)];
    expect(adviseRefinement(good)).toMatchObject({ due: false });
    const far = [rec('a', 10, 20, 5, 40), rec('a', 10, 18, 5, 40), rec('a', 10, 25, 5, 40)];
    const advice = adviseRefinement(far);
    expect(advice).toMatchObject({ due: true, strategy: 'refit' });
    expect(advice.why).toMatch(/median \|error\| 50\.0 % is over 20 %/);
    const outside = [rec('a', 10, 12.9, 8, 12.1), rec('a', 10, 13, 8, 12.1), rec('a', 10, 11, 8, 12.1), rec('a', 10, 13, 8, 12.1)];
    expect(adviseRefinement(outside).why).toMatch(/only 25 % of measurements fell inside the 80 % intervals/);
  });
});
