import { describe, expect, it } from 'vitest';
import { confidenceSentence, intervalSource, rangeText } from './explain.ts';
import type { Prediction } from './predictor.ts';

const base: Prediction = {
  value: 10, lo: 8, hi: 12.5, confidence: 0.8, novelty: 'seen', hardware: 'measured', modelSeen: true, distance: 0.1, unknown: false,
  intervalBasis: 'seen residuals (120)',
  parts: [
    { name: 'interval', value: 0.7, weight: 0.4, detail: '' }, { name: 'distance', value: 0.9, weight: 0.2, detail: '' },
    { name: 'density', value: 0.8, weight: 0.15, detail: '' }, { name: 'seen', value: 1, weight: 0.25, detail: '' },
  ],
};

describe('prediction wording', () => {
  it('never explains a low score by what is good alone', () => {
    const low: Prediction = { ...base, confidence: 0.06, lo: 1, hi: 400, parts: base.parts.map((q) => (q.name === 'seen' ? q : { ...q, value: 0.1 })) };
    const s = confidenceSentence(low);
    expect(s).toMatch(/^Confidence 0\.06 \(low\): the model was measured and the hardware was measured, .*but the likely range spans a factor of 400\.$/);
    expect(confidenceSentence(base)).toBe('Confidence 0.80 (high): the model was measured and the hardware was measured.');
  });

  it('says "we do not know" instead of printing a range more than 10x wide, and names no internal classes', () => {
    expect(rangeText({ ...base, lo: 1, hi: 5e7, unknown: true }, String, 'ms')).toMatch(/^we do not know/);
    expect(rangeText(base, String, 'ms')).toBe('80% interval 8–12.5 ms');
    expect(intervalSource({ ...base, intervalBasis: 'unseen-hardware residuals (40)' })).toBe('the errors on 40 held-out measurements of hardware the model had not seen');
    expect(intervalSource(base)).not.toMatch(/residual|seen-|few-shot/);
  });
});
