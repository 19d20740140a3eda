import { describe, expect, it } from 'vitest';
import { predictGbm, trainGbm } from './gbm.ts';
import { rng } from './stats.ts';

function data(n: number, seed: number) {
  const random = rng(seed);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = random() * 4 - 2;
    y[i] = x[i] * x[i] + 0.1 * (random() - 0.5);
  }
  return { x, y };
}

describe('histogram GBM', () => {
  it('fits a non-linear function with L2 loss', () => {
    const { x, y } = data(2000, 1);
    const model = trainGbm([x], y, { trees: 150 });
    const test = data(500, 2);
    const pred = predictGbm(model, [test.x]);
    const rmse = Math.sqrt(pred.reduce((s, p, i) => s + (p - test.y[i]) ** 2, 0) / pred.length);
    expect(rmse).toBeLessThan(0.1);
  });

  it('quantile loss at alpha 0.9 leaves about 90% of held-out points below', () => {
    const random = rng(3);
    const n = 3000;
    const x = Float64Array.from({ length: n }, () => random());
    const y = Float64Array.from(x, (v) => v + random());
    const model = trainGbm([x], y, { loss: 'quantile', alpha: 0.9, trees: 150 });
    const xt = Float64Array.from({ length: 2000 }, () => random());
    const yt = Float64Array.from(xt, (v) => v + random());
    const pred = predictGbm(model, [xt]);
    const below = yt.filter((v, i) => v <= pred[i]).length / yt.length;
    expect(below).toBeGreaterThan(0.84);
    expect(below).toBeLessThan(0.95);
  });

  it('learns where missing values go and is deterministic for a seed', () => {
    const n = 400;
    const x = Float64Array.from({ length: n }, (_, i) => (i % 4 === 0 ? NaN : i / n));
    const y = Float64Array.from(x, (v) => (Number.isNaN(v) ? 5 : v));
    const a = trainGbm([x], y, { seed: 9 });
    const b = trainGbm([x], y, { seed: 9 });
    expect(predictGbm(a, [Float64Array.of(NaN)])[0]).toBeGreaterThan(4);
    expect(Array.from(predictGbm(a, [x]))).toEqual(Array.from(predictGbm(b, [x])));
  });
});
