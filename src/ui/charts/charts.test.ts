import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { paretoFrontier, speedup, speedupsAgainst, formatSpeedup } from './analysis.ts';
import { categoryColors, sourceKind, sourceSymbolPath, textColorOn, SOURCE_STYLES } from './encoding.ts';
import { chooseScaleKind, formatNumber, makeScale, paddedDomain, powerOfTwoTicks, tickValues } from './scales.ts';
import { heatScale } from './heat.ts';
import { buildPointBuffers, layoutSpaceAxis } from './space.ts';

describe('paretoFrontier', () => {
  it('keeps points no other point beats on both latency and throughput', () => {
    const pts = [
      { latency: 10, throughput: 100 }, // frontier
      { latency: 12, throughput: 90 }, // dominated by 0
      { latency: 20, throughput: 400 }, // frontier
      { latency: 5, throughput: 50 }, // frontier (fastest)
      { latency: 30, throughput: 380 }, // dominated by 2
      { latency: 20, throughput: 300 }, // tie on latency, lower throughput: dominated
    ];
    expect(paretoFrontier(pts)).toEqual([3, 0, 2]);
  });

  it('is never dominated and dominates everything else (property)', () => {
    const arb = fc.array(fc.record({ latency: fc.double({ min: 0.1, max: 1e4, noNaN: true }), throughput: fc.double({ min: 0.1, max: 1e5, noNaN: true }) }), { minLength: 1, maxLength: 60 });
    fc.assert(fc.property(arb, (pts) => {
      const front = new Set(paretoFrontier(pts));
      const dominates = (a: typeof pts[0], b: typeof pts[0]) =>
        a.latency <= b.latency && a.throughput >= b.throughput && (a.latency < b.latency || a.throughput > b.throughput);
      for (const i of front) if (pts.some((p) => dominates(p, pts[i]))) return false;
      for (let i = 0; i < pts.length; i++) {
        if (front.has(i)) continue;
        if (![...front].some((j) => dominates(pts[j], pts[i]) || (pts[j].latency === pts[i].latency && pts[j].throughput === pts[i].throughput))) return false;
      }
      return true;
    }));
  });

  it('ignores non-finite points', () => {
    expect(paretoFrontier([{ latency: NaN, throughput: 1 }, { latency: 1, throughput: 1 }])).toEqual([1]);
  });
});

describe('speed-up', () => {
  it('respects the metric direction', () => {
    expect(speedup(5, 10, 'lower')).toBe(2);
    expect(speedup(20, 10, 'higher')).toBe(2);
    expect(speedup(0, 10, 'lower')).toBeNull();
  });

  it('matches like for like and falls back to the same precision', () => {
    const rows = [
      { hardware: 'cpu', execution_provider: '', precision: 'fp32', source: 'measured', value: 100 },
      { hardware: 'cpu', execution_provider: 'x', precision: 'fp32', source: 'measured', value: 80 },
      { hardware: 'gpu', execution_provider: '', precision: 'fp32', source: 'measured', value: 10 },
      { hardware: 'gpu', execution_provider: '', precision: 'fp32', source: 'predicted', value: 20 },
      { hardware: 'gpu', execution_provider: '', precision: 'int8', source: 'measured', value: 5 },
    ];
    expect(speedupsAgainst(rows, 'cpu', 'lower')).toEqual([0.8, 1, 8, 4, null]);
    expect(formatSpeedup(8)).toBe('8.00×');
    expect(formatSpeedup(null)).toBe('–');
  });
});

describe('scales', () => {
  it('chooses log only for positive, wide ranges', () => {
    expect(chooseScaleKind([1, 1000])).toBe('log');
    expect(chooseScaleKind([1, 5])).toBe('linear');
    expect(chooseScaleKind([0, 1000])).toBe('linear');
  });

  it('pads domains and keeps log domains positive', () => {
    const [lo, hi] = paddedDomain([1, 100], 'log');
    expect(lo).toBeGreaterThan(0);
    expect(lo).toBeLessThan(1);
    expect(hi).toBeGreaterThan(100);
    expect(paddedDomain([5], 'linear', true)[0]).toBe(0);
    expect(paddedDomain([], 'log')).toEqual([1, 10]);
  });

  it('gives readable log ticks without crowding', () => {
    const s = makeScale('log', [0.5, 20000], [0, 100]);
    const ticks = tickValues(s, 'log');
    expect(ticks).toEqual([1, 10, 100, 1000, 10000]);
    expect(powerOfTwoTicks(1, 64)).toEqual([1, 2, 4, 8, 16, 32, 64]);
  });

  it('formats numbers briefly', () => {
    expect(formatNumber(1234)).toBe('1234');
    expect(formatNumber(12345)).toBe('12.3k');
    expect(formatNumber(3.14159)).toBe('3.14');
    expect(formatNumber(0.012345)).toBe('0.012');
    expect(formatNumber(NaN)).toBe('–');
  });
});

describe('encoding', () => {
  it('gives each provenance its own shape', () => {
    const shapes = new Set(['measured', 'imported', 'predicted', 'simulated'].map((s) => SOURCE_STYLES[sourceKind(s)].shape));
    expect(shapes.size).toBe(4);
    expect(sourceKind('bogus')).toBe('unknown');
    expect(sourceSymbolPath('measured')).toMatch(/^M/);
  });

  it('colours categories stably regardless of order', () => {
    const a = categoryColors(['b', 'a', 'c']);
    const b = categoryColors(['c', 'b', 'a', 'a']);
    expect([...a]).toEqual([...b]);
  });

  it('picks readable text colour', () => {
    expect(textColorOn('#ffffff')).toBe('#111');
    expect(textColorOn('#081d58')).toBe('#fff');
  });
});

describe('heatScale', () => {
  it('makes the best value the darkest end for both directions', () => {
    const low = heatScale([1, 10, 100], 'lower');
    expect(low.kind).toBe('log');
    expect(low.goodness(1)).toBe(1);
    expect(low.goodness(100)).toBe(0);
    const high = heatScale([1, 2], 'higher');
    expect(high.goodness(2)).toBe(1);
  });
});

describe('3-D layout', () => {
  it('maps every point into the unit cube centred on 0 with log axes when wide', () => {
    const xs = [1, 2, 4, 8, 256];
    const ys = [10, 20, 30, 40, 50];
    const zs = [0.1, 1, 10, 100, 1000];
    const buf = buildPointBuffers(xs, ys, zs, (i) => (i % 2 ? '#ff0000' : '#0000ff'));
    expect(buf.positions).toHaveLength(15);
    for (const v of buf.positions) { expect(v).toBeGreaterThanOrEqual(-0.5 - 1e-6); expect(v).toBeLessThanOrEqual(0.5 + 1e-6); }
    expect(buf.axes[0].kind).toBe('log');
    expect(buf.axes[1].kind).toBe('linear');
    expect(buf.positions[1]).toBeCloseTo(-0.5);
    expect(Array.from(buf.colors.slice(3, 6))).toEqual([1, 0, 0]);
    expect(buf.axes[2].ticks.map((t) => t.value)).toEqual([0.1, 1, 10, 100, 1000]);
  });

  it('handles a single value without dividing by zero', () => {
    const a = layoutSpaceAxis([5, 5, 5]);
    expect(Number.isFinite(a.toUnit(5))).toBe(true);
  });
});

describe('describeMark', () => {
  it('names values with units, the interval kind and the provenance with origin', async () => {
    const { describeMark } = await import('./describe.ts');
    const text = describeMark({
      heading: 'bert on a100 · fp16', values: [{ label: 'Latency', value: 3.2, unit: 'ms' }],
      interval: { lo: 2.8, hi: 3.6, kind: 'ci95', unit: 'ms' }, source: 'imported', origins: 'mlperf-csv', n: 4,
    });
    expect(text).toBe('bert on a100 · fp16\nLatency: 3.2 ms\nInterval: 2.8 ms – 3.6 ms (95% CI of the median)\nSource: imported — origin: mlperf-csv\n4 rows aggregated (median)');
  });
});

describe('labels', () => {
  it('adds the source only where labels would collide, and shortens providers', async () => {
    const { disambiguatedLabels, shortProvider } = await import('./text.ts');
    const items = [{ hw: 'a', source: 'measured' }, { hw: 'a', source: 'predicted' }, { hw: 'b', source: 'imported' }];
    expect(disambiguatedLabels(items, (i) => i.hw)).toEqual(['a · measured', 'a · predicted', 'b']);
    expect(shortProvider('CUDAExecutionProvider')).toBe('CUDA EP');
  });
});

describe('3-D batch axis', () => {
  it('uses powers of two for batch sizes on a log axis', () => {
    const a = layoutSpaceAxis([1, 2, 4, 64, 128], 'auto', true);
    expect(a.kind).toBe('log');
    expect(a.ticks.map((t) => t.value)).toEqual([1, 2, 4, 8, 16, 32, 64, 128]);
  });
});
