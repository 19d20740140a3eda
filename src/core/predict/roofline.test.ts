import { describe, expect, it } from 'vitest';
import { fitRoofline } from './roofline.ts';

const row = (hardware: string, peak: number, latency: number) => ({
  model: 'm', hardware, precision: 'fp32', batch_size: 1, gflops_per_item: 100, params_m: 1, hw_peak_tflops_fp32: peak, hw_mem_bw_gbs: 1000, latency_ms: latency,
});

describe('roofline with fitted efficiency', () => {
  // 100 GFLOP at 10 TFLOP/s is 10 ms of compute: 'a' runs at 50 % efficiency, 'b' at 25 %.
  const train = [...Array.from({ length: 20 }, () => row('a', 10, 20)), ...Array.from({ length: 20 }, () => row('b', 10, 40))];
  const fit = fitRoofline(train, 'latency_ms');

  it('learns each measured hardware its own efficiency', () => {
    // Global log offset = median(ln 2 x 20, ln 4 x 20) = 1.5 ln 2; a's 20 rows shrink toward it with weight 3.
    expect(fit.predict(row('a', 10, 0)).value).toBeCloseTo(10 * 2 ** ((20 + 3 * 1.5) / 23), 6);
    expect(fit.predict(row('a', 10, 0)).efficiencyBasis).toBe('hardware');
    expect(fit.predict(row('b', 10, 0)).value).toBeGreaterThan(35);
  });

  it('falls back to the global efficiency for unmeasured hardware and to n/a without a roofline', () => {
    const unseen = fit.predict(row('c', 20, 0));
    expect(unseen.efficiencyBasis).toBe('global');
    expect(unseen.value).toBeGreaterThan(10);
    expect(unseen.value).toBeLessThan(20);
    expect(fit.predict({ model: 'x', hardware: 'y', batch_size: 1, precision: 'fp32' }).efficiencyBasis).toBe('none');
  });
});
