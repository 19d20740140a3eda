import { describe, expect, it } from 'vitest';
import {
  fitStepTime, fUpperTail, incompleteBeta, leastSquares, parseStepJsonl, predictWithBand, RankDeficientError,
  median, seededPermutation, StepDataError, StepFitError, stepFitJson, tQuantile, type StepRow,
} from './index.ts';

const close = (actual: number, expected: number, tol = 1e-9) =>
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected)));

const jsonl = (rows: [number, number, number][]) =>
  rows.map(([b, s, t]) => JSON.stringify({ batch_size: b, avg_seq_len: s, step_time: t })).join('\n');

/**
 * The hand example. Expected values below were computed independently of this code by an exact
 * rational (fractions.Fraction) solution of the normal equations, with scipy.stats for the F tail
 * and the t quantile; the script is reproduced in docs/step-time.md ("How the test literals were
 * computed"). CV folds use the TS permutation [2,0,5,10,9,11,3,1,6,8,4,7] (pinned below).
 */
const HAND: [number, number, number][] = [
  [1, 128, 0.0051], [2, 128, 0.0081], [4, 128, 0.0139], [8, 128, 0.0262],
  [1, 256, 0.0073], [2, 256, 0.0127], [4, 256, 0.0228], [8, 256, 0.0444],
  [1, 512, 0.0121], [2, 512, 0.0212], [4, 512, 0.0405], [8, 512, 0.0799],
];

describe('stepfit statistics on a hand-computed example', () => {
  const report = fitStepTime(parseStepJsonl(jsonl(HAND), 'hand.jsonl'));
  const m = report.ols.metrics;
  const d = report.ols.details;

  it('pins the fold permutation the CV literals were computed with', () => {
    expect(seededPermutation(12, 42)).toEqual([2, 0, 5, 10, 9, 11, 3, 1, 6, 8, 4, 7]);
  });

  it('matches the exact OLS coefficients and fit statistics to 1e-9', () => {
    expect(report.n).toBe(12);
    close(report.ols.coefficients.a, 0.01743060947204969);
    close(report.ols.coefficients.b, 0.8004347826086956);
    close(report.ols.coefficients.c, -6.065605590062112e-05);
    close(report.ols.coefficients.d, 2.010869565217391);
    close(m.r2, 0.9998790236411709);
    close(m.adj_r2, 0.99983365750661);
    close(m.mse, 0.051257246376811595);
    close(m.rmse, 0.2264006324567394);
    close(m.mae, 0.1899896480331263);
    close(m.mape, 1.0622900857403672);
    close(m.max_abs_error, 0.39527950310559007);
    close(m.median_abs_error, 0.2043167701863354);
    close(d.f_statistic, 22040.20759799879, 1e-8);
    close(d.f_p_value / 5.270861479225744e-16, 1, 1e-6);
    close(d.coefficient_std_errors.a, 0.0001870212608699013);
    close(d.coefficient_std_errors.b, 0.06333590350636725);
    close(d.coefficient_std_errors.c, 0.0008621254145245128);
    close(d.coefficient_std_errors.d, 0.2919640890598827);
  });

  it('matches the 5-fold cross-validated R² and the 95% prediction band', () => {
    const folds = [0.9998035732086766, 0.9981830169668876, 0.9945906905255172, 0.9977170226380652, 0.9807719744294577];
    folds.forEach((f, i) => close(m.cv_r2_folds[i], f));
    close(m.cv_r2_mean!, 0.9942132555537209);
    close(m.cv_r2_std!, 0.0077475405187956165);
    close(d.t_critical_95, 2.306004135204166);
    const band = predictWithBand(report, 16, 384);
    close(band.predicted_ms, 121.88819875776397);
    close(band.lo_ms, 120.71890687557193);
    close(band.hi_ms, 123.05749063995601);
  });

  it("matches Cook's distances and flags the one above 1", () => {
    const cooks = [0.012675081189833484, 0.0017017147614447395, 0.04581852691378, 0.04528574457987054,
      0.0015744595385007475, 0.01748084340812999, 0.021407701464183828, 0.19916263923578353,
      0.8828118595479028, 0.1268417734999356, 0.18690591659727632, 1.1395970927084709];
    cooks.forEach((c, i) => close(d.cooks_distance[i], c));
    expect(report.influence.flagged[0].line).toBe(12);
  });

  it('keeps the --json contract keys', () => {
    const json = stepFitJson(report);
    expect(Object.keys(json).slice(0, 13)).toEqual([
      'n', 'coefficients', 'r2', 'adj_r2', 'cv_r2_mean', 'cv_r2_std', 'mse', 'rmse', 'mae', 'mape',
      'max_abs_error', 'median_abs_error', 'f_statistic',
    ]);
    expect(Object.keys(json.coefficients)).toEqual(['a', 'b', 'c', 'd']);
    expect(JSON.parse(JSON.stringify(json)).r2).toBe(m.r2);
  });
});

describe('median', () => {
  it('agrees with sorting on random arrays with ties, odd and even lengths', () => {
    let st = 7;
    const r = () => ((st = (Math.imul(st, 1664525) + 1013904223) >>> 0) / 4294967296);
    for (let t = 0; t < 500; t++) {
      const n = 1 + Math.floor(r() * 40);
      const v = Array.from({ length: n }, () => Math.floor(r() * 10) - 5 + (r() < 0.3 ? r() : 0));
      const s = [...v].sort((a, b) => a - b);
      expect(median(v)).toBe(n % 2 ? s[n >> 1] : (s[n / 2 - 1] + s[n / 2]) / 2);
    }
  });
});

describe('distribution functions against closed forms', () => {
  it('F(2, d2) upper tail equals (1 + 2f/d2)^(-d2/2)', () => {
    for (const [f, d2] of [[0.5, 3], [3.7, 10], [12, 7], [100, 40]]) close(fUpperTail(f, 2, d2), (1 + (2 * f) / d2) ** (-d2 / 2), 1e-12);
  });
  it('t quantile with 2 df equals (2q−1)/sqrt(2q(1−q)); I_x(1,1) = x', () => {
    for (const q of [0.6, 0.9, 0.975, 0.995]) close(tQuantile(q, 2), (2 * q - 1) / Math.sqrt(2 * q * (1 - q)), 1e-11);
    close(incompleteBeta(0.3, 1, 1), 0.3, 1e-14);
  });
});

describe('recovering a known law', () => {
  it('recovers exact coefficients from noiseless steps, with R² = 1 and all robust fits agreeing', () => {
    const truth = { a: 0.0021, b: 0.75, c: 0.013, d: 4.5 };
    const rows: [number, number, number][] = [];
    for (const b of [1, 2, 4, 8, 16]) for (const s of [64, 200, 512, 1024]) {
      rows.push([b, s, (truth.a * b * s + truth.b * b + truth.c * s + truth.d) / 1000]);
    }
    const report = fitStepTime(parseStepJsonl(jsonl(rows)));
    for (const fit of [report.ols, report.huber, report.ransac]) {
      for (const k of ['a', 'b', 'c', 'd'] as const) close(fit.coefficients[k], truth[k], 1e-8);
    }
    close(report.ols.metrics.r2, 1, 1e-12);
    expect(report.influence.dominated).toBe(false);
  });

  it('refuses a log where the terms cannot be told apart, saying why', () => {
    const rows: [number, number, number][] = [[1, 128, 0.01], [2, 128, 0.02], [4, 128, 0.04], [8, 128, 0.08], [16, 128, 0.16]];
    expect(() => fitStepTime(parseStepJsonl(jsonl(rows)))).toThrow(StepFitError);
    expect(() => fitStepTime(parseStepJsonl(jsonl(rows)))).toThrow(/avg_seq_len has one value \(128\)/);
    expect(() => fitStepTime(parseStepJsonl(jsonl(rows.slice(0, 4))))).toThrow(/at least 5 steps/);
    expect(() => leastSquares([[1, 2], [2, 4], [3, 6]], [1, 2, 3])).toThrow(RankDeficientError);
  });
});

describe('one wall-clock hiccup', () => {
  const truth = { a: 0.004, b: 1.2, c: 0.02, d: 6 };
  const rows: [number, number, number][] = [];
  let k = 0;
  for (const b of [1, 2, 4, 8, 16]) for (const s of [128, 256, 512, 1024]) {
    const wobble = 1 + 0.01 * Math.sin(1.7 * k++);
    rows.push([b, s, ((truth.a * b * s + truth.b * b + truth.c * s + truth.d) * wobble) / 1000]);
  }
  const hiccupLine = 7;
  rows[hiccupLine - 1] = [rows[hiccupLine - 1][0], rows[hiccupLine - 1][1], rows[hiccupLine - 1][2] + 0.4];
  const report = fitStepTime(parseStepJsonl(jsonl(rows)));

  it('flags the point, says in words that it dominates R², and names its line', () => {
    expect(report.influence.flagged[0].line).toBe(hiccupLine);
    expect(report.influence.dominated).toBe(true);
    const w = report.warnings.find((x) => x.startsWith('R² is dominated'));
    expect(w).toMatch(new RegExp(`line ${hiccupLine} \\(batch 2, seq 512`));
    expect(report.influence.r2_without_top[0].r2).toBeGreaterThan(0.999);
    expect(report.ols.metrics.r2).toBeLessThan(0.95);
  });

  it('Huber and RANSAC resist it while OLS is pulled', () => {
    const errOf = (c: typeof truth) => Math.max(...(['a', 'b', 'c', 'd'] as const).map((x) => Math.abs(c[x] - truth[x]) / truth[x]));
    expect(errOf(report.ols.coefficients)).toBeGreaterThan(0.2);
    expect(errOf(report.huber.coefficients)).toBeLessThan(0.1);
    expect(errOf(report.ransac.coefficients)).toBeLessThan(0.1);
    expect(report.ransac.inlier!.filter((v) => !v).length).toBeGreaterThanOrEqual(1);
    expect(report.ransac.inlier![hiccupLine - 1]).toBe(false);
    expect(report.huber.weights![hiccupLine - 1]).toBeLessThan(0.1);
  });
});

describe('R² is never quoted alone', () => {
  it('warns when R² looks good but relative errors are large', () => {
    const rows: [number, number, number][] = [];
    let k = 0;
    for (const b of [1, 2, 4, 8, 16, 32]) for (const s of [32, 64, 128, 256, 512]) {
      rows.push([b, s, (0.05 * b * s + 1 + (k++ % 2 === 0 ? 12 : 0)) / 1000]);
    }
    const report = fitStepTime(parseStepJsonl(jsonl(rows)));
    expect(report.ols.metrics.r2).toBeGreaterThan(0.99);
    expect(report.ols.metrics.mape).toBeGreaterThan(20);
    expect(report.warnings.some((w) => /but MAPE is .*not by R² alone/.test(w))).toBe(true);
  });
});

describe('parsing step logs', () => {
  it('names each bad line and what is wrong with it', () => {
    const text = [
      '{"batch_size": 1, "avg_seq_len": 128, "step_time": 0.01}',
      '',
      '{"batch_size": 2, "avg_seq_len": 128}',
      'not json',
      '{"batch_size": "4", "avg_seq_len": 128, "step_time": 0.02}',
      '[1,2,3]',
      '{"batch_size": 4, "avg_seq_len": -1, "step_time": 0.02}',
    ].join('\n');
    let error: StepDataError | undefined;
    try { parseStepJsonl(text, 'steps.jsonl'); } catch (e) { error = e as StepDataError; }
    expect(error).toBeInstanceOf(StepDataError);
    expect(error!.problems.map((p) => p.line)).toEqual([3, 4, 5, 6, 7]);
    expect(error!.message).toContain('steps.jsonl:3: step_time is missing');
    expect(error!.message).toContain('steps.jsonl:4: not valid JSON');
    expect(error!.message).toContain('steps.jsonl:5: batch_size must be a number, got "4"');
    expect(error!.message).toContain('steps.jsonl:7: avg_seq_len must be a positive finite number, got -1');
  });

  it('keeps line numbers across blank lines and accepts CRLF', () => {
    const rows: StepRow[] = parseStepJsonl('\r\n{"batch_size":1,"avg_seq_len":2,"step_time":0.5,"extra":"x"}\r\n');
    expect(rows).toEqual([{ batch_size: 1, avg_seq_len: 2, step_time: 0.5, line: 2 }]);
    expect(() => parseStepJsonl('\n\n', 'e.jsonl')).toThrow(/no step rows/);
  });
});
