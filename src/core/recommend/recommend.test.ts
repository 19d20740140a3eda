import { describe, expect, it } from 'vitest';
import { hourlyCost, memoryFit, normalCdf, probabilityAtMost, rankCandidates, zOfLevel, type Candidate } from './recommend.ts';

function candidate(hardware: string, latency: number, spread = 1.2, extra: Partial<Candidate> = {}): Candidate {
  const lat = { value: latency, lo: latency / spread, hi: latency * spread, level: 0.8 };
  return {
    hardware, batch: 4, latency: lat, throughput: { value: 4000 / latency, lo: 4000 / lat.hi, hi: 4000 / lat.lo, level: 0.8 }, throughputFromLatency: true,
    costUsdPerMillion: null, energyJ: null, memory: { needGb: 1, deviceGb: 16, fits: true }, confidence: 0.7, ...extra,
  };
}

describe('probabilities from the predictive distribution', () => {
  it('reads the interval as a log-normal: its ends are the 10th and 90th percentiles, its value the median', () => {
    expect(zOfLevel(0.8)).toBeCloseTo(1.2816, 3);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    const p = { value: 10, lo: 5, hi: 40, level: 0.8 };
    expect(probabilityAtMost(p, 10)).toBeCloseTo(0.5, 6);
    expect(probabilityAtMost(p, 40)).toBeCloseTo(0.9, 3);
    expect(probabilityAtMost(p, 5)).toBeCloseTo(0.1, 3);
  });

  it('gives a lower probability of meeting a limit that only the interval crosses', () => {
    const narrow = candidate('narrow', 40, 1.1);
    const wide = candidate('wide', 40, 2);
    const [n, w] = [narrow, wide].map((c) => rankCandidates([c], 'min:latency_ms', { maxLatencyMs: 50 }).ranked[0].pMeets);
    expect(n).toBeGreaterThan(0.95);
    expect(w).toBeLessThan(0.8);
    expect(w).toBeGreaterThan(0.5);
  });
});

describe('ranking', () => {
  const grid = [candidate('slow', 80), candidate('fast', 10), candidate('middle', 30), candidate('close', 45)];

  it('recommends the known optimum of a grid, best first, for each objective', () => {
    expect(rankCandidates(grid, 'min:latency_ms', {}).ranked.map((r) => r.candidate.hardware)).toEqual(['fast', 'middle', 'close', 'slow']);
    expect(rankCandidates(grid, 'max:throughput_items_s', {}).ranked[0].candidate.hardware).toBe('fast');
    const priced = grid.map((c, i) => ({ ...c, costUsdPerMillion: { value: [1, 9, 3, 2][i], lo: 0.5, hi: 12, level: 0.8 } }));
    expect(rankCandidates(priced, 'min:cost_usd_per_million', {}).ranked[0].candidate.hardware).toBe('slow');
  });

  it('puts the devices unlikely to meet a constraint after every likely one', () => {
    const priced = grid.map((c, i) => ({ ...c, costUsdPerMillion: { value: [1, 9, 3, 2][i], lo: 0.5, hi: 12, level: 0.8 } }));
    const ranked = rankCandidates(priced, 'min:cost_usd_per_million', { maxLatencyMs: 50 }).ranked;
    expect(ranked.map((r) => r.candidate.hardware)).toEqual(['middle', 'fast', 'close', 'slow']);
    expect(ranked[2].pMeets).toBeLessThan(0.8);
    expect(ranked[2].why).toMatch(/only/);
  });

  it('never recommends a device the model does not fit, and says why', () => {
    const small = candidate('fast-but-small', 1, 1.2, { memory: { needGb: 20, deviceGb: 16, fits: false } });
    const { ranked, excluded } = rankCandidates([small, ...grid], 'min:latency_ms', {});
    expect(ranked.map((r) => r.candidate.hardware)).not.toContain('fast-but-small');
    expect(excluded).toEqual([{ hardware: 'fast-but-small', reason: expect.stringContaining('needs 20.0 GB, has 16.0 GB') }]);
  });

  it('marks the Pareto front of latency and cost', () => {
    const priced = grid.map((c, i) => ({ ...c, costUsdPerMillion: { value: [1, 9, 3, 9.5][i], lo: 0.5, hi: 12, level: 0.8 } }));
    const front = rankCandidates(priced, 'min:latency_ms', {}).ranked.filter((r) => r.pareto).map((r) => r.candidate.hardware).sort();
    expect(front).toEqual(['fast', 'middle', 'slow']);
  });
});

describe('memory and cost', () => {
  it('counts weights at the precision and the KV cache of LLM rows against the device memory', () => {
    const fp16 = memoryFit({ params_b: 70, precision: 'fp16', hardware: 'h100-sxm5-80gb', batch_size: 1 });
    expect(fp16.needGb).toBeCloseTo(140, 0);
    expect(fp16.fits).toBe(false);
    const int8 = memoryFit({ params_b: 7, precision: 'int8', hardware: 'h100-sxm5-80gb', batch_size: 1 });
    expect(int8.fits).toBe(true);
    const long = memoryFit({ params_b: 7, precision: 'fp16', hardware: 'h100-sxm5-80gb', batch_size: 64, input_len: 4096, output_len: 1024 });
    expect(long.needGb!).toBeGreaterThan(int8.needGb! * 2 + 20);
    expect(memoryFit({ model: 'x', hardware: 'h100-sxm5-80gb' }).fits).toBeNull();
  });

  it('prices an hour from the cloud price when the data has one, else purchase over the years plus energy at TDP', () => {
    expect(hourlyCost({ hw_price_usd_per_hour: 2.5 }, 30000)).toMatchObject({ usdPerHour: 2.5 });
    const onPrem = hourlyCost({ hardware: 'h100-sxm5-80gb' }, 26280, { years: 3, usdPerKwh: 0.1 })!;
    expect(onPrem.usdPerHour).toBeCloseTo(1 + 0.7 * 0.1, 6);
    expect(onPrem.basis).toContain('over 3 years');
    expect(hourlyCost({ hardware: 'h100-sxm5-80gb' }, null)).toBeNull();
  });
});
