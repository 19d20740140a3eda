import { describe, expect, it } from 'vitest';
import { fitStepTime, parseStepJsonl } from '../../../core/stepfit/index.ts';
import {
  bandLayout, comparisonRows, defaultBandSequenceLength, errorBySettingLayout, formatTick, predictedVsActualLayout, residualLayout, sequenceLengthsByCount,
} from './layout.ts';

const rows: string[] = [];
let k = 0;
for (const b of [1, 2, 4, 8, 16, 32]) for (const s of [128, 256, 512, 1024]) {
  const ms = (0.003 * b * s + 0.9 * b + 0.01 * s + 5) * (1 + 0.02 * Math.sin(2.3 * k++));
  rows.push(JSON.stringify({ batch_size: b, avg_seq_len: s, step_time: ms / 1000 }));
}
rows[5] = JSON.stringify({ batch_size: 2, avg_seq_len: 256, step_time: 0.2 });
const report = fitStepTime(parseStepJsonl(rows.join('\n')));

describe('step-time chart layouts', () => {
  it('predicted vs actual: one point per step inside the plot, y = x diagonal across it, the hiccup flagged', () => {
    const l = predictedVsActualLayout(report, 400, 300);
    expect(l.points.length).toBe(24);
    for (const p of l.points) {
      expect(p.cx).toBeGreaterThanOrEqual(0);
      expect(p.cx).toBeLessThanOrEqual(l.innerWidth);
      expect(p.cy).toBeGreaterThanOrEqual(0);
      expect(p.cy).toBeLessThanOrEqual(l.innerHeight);
    }
    expect(l.referencePath).toMatch(/^M0,\d+(\.\d+)?L\d+(\.\d+)?,0$/);
    expect(l.points.find((p) => p.line === 6)!.flagged).toBe(true);
    expect(l.xLabel).toMatch(/\(ms\)/);
    expect(l.yLabel).toMatch(/\(ms\)/);
  });

  it('residuals: zero line in the middle, residual signs preserved in screen space', () => {
    const l = residualLayout(report, 400, 300);
    const zeroY = Number(/^M0,([\d.]+)/.exec(l.referencePath!)![1]);
    for (const p of l.points) expect(Math.sign(zeroY - p.cy)).toBe(Math.sign(p.y) || 0);
  });

  it('error by batch size uses a log2 axis with the logged batch sizes as ticks', () => {
    const l = errorBySettingLayout(report, 'batch_size', 400, 300);
    expect(l.xTicks.map((t) => t.value)).toEqual([1, 2, 4, 8, 16, 32]);
    expect(l.xLabel).toMatch(/log₂/);
    const seq = errorBySettingLayout(report, 'avg_seq_len', 400, 300);
    expect(seq.xLabel).toMatch(/sequence length \(tokens/);
  });

  it('prediction band: the fitted curve lies inside the band, measured points at that length only', () => {
    const seq = sequenceLengthsByCount(report)[0];
    const l = bandLayout(report, seq, 400, 300);
    expect(l.points.length).toBe(report.rows.filter((r) => r.avg_seq_len === seq).length);
    expect(l.fitPath).toMatch(/^M/);
    expect(l.bandPath).toMatch(/Z$/);
    expect(l.yLabel).toBe('step time (ms)');
  });

  it('starts the band chart at the middle of the most frequent sequence lengths', () => {
    expect(defaultBandSequenceLength(report)).toBe(256);
  });

  it('comparison table has the three methods and every metric column filled', () => {
    const t = comparisonRows(report);
    expect(t.map((r) => r.method)).toEqual(['OLS', 'Huber', 'RANSAC']);
    for (const r of t) for (const v of Object.values(r.cells)) expect(v).not.toMatch(/NaN|undefined/);
    expect(t[2].note).toMatch(/23 of 24 steps kept/);
  });

  it('formats ticks compactly', () => {
    expect([0, 0.05, 1.5, 12, 250, 12000].map(formatTick)).toEqual(['0', '0.05', '1.5', '12', '250', '12k']);
  });
});
