import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../cli.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'perfcast-stepfit-'));
function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const lines: string[] = [];
let k = 0;
for (const b of [1, 2, 4, 8]) for (const s of [128, 256, 512]) {
  const ms = (0.0174 * b * s + 0.8 * b + 2) * (1 + 0.01 * Math.sin(k++));
  lines.push(JSON.stringify({ batch_size: b, avg_seq_len: s, step_time: ms / 1000 }));
}
const good = write('steps.jsonl', lines.join('\n'));

describe('perfcast stepfit', () => {
  it('--json prints exactly one JSON object with the contract keys', async () => {
    const c = capture();
    expect(await main(['stepfit', '--data', good, '--json'], c.io)).toBe(0);
    expect(c.out.length).toBe(1);
    const json = JSON.parse(c.out[0]);
    for (const key of ['n', 'coefficients', 'r2', 'adj_r2', 'cv_r2_mean', 'cv_r2_std', 'mse', 'rmse', 'mae', 'mape',
      'max_abs_error', 'median_abs_error', 'f_statistic']) {
      expect(json, key).toHaveProperty(key);
    }
    expect(json.n).toBe(12);
    expect(Object.keys(json.coefficients)).toEqual(['a', 'b', 'c', 'd']);
    expect(json.coefficients.a).toBeCloseTo(0.0174, 3);
    expect(json.r2).toBeGreaterThan(0.99);
    expect(json.rmse).toBeCloseTo(Math.sqrt(json.mse), 12);
    expect(typeof json.cv_r2_mean).toBe('number');
    expect(json.robust.huber.coefficients).toHaveProperty('a');
    expect(json.robust.ransac).toHaveProperty('inliers');
    expect(Array.isArray(json.warnings)).toBe(true);
  });

  it('without --json prints a readable report with the metrics and the robust table', async () => {
    const c = capture();
    expect(await main(['stepfit', '--data', good], c.io)).toBe(0);
    const text = c.out.join('\n');
    expect(text).toMatch(/a fitted model of this log/);
    expect(text).toMatch(/5-fold CV R²/);
    expect(text).toMatch(/MAPE/);
    expect(text).toMatch(/Huber/);
    expect(text).toMatch(/RANSAC/);
    expect(text).toMatch(/95% prediction band/);
  });

  it('exits 1 naming the bad line', async () => {
    const bad = write('bad.jsonl', `${lines[0]}\n{"batch_size": 2, "avg_seq_len": "x", "step_time": 0.1}\n`);
    const c = capture();
    expect(await main(['stepfit', '--data', bad, '--json'], c.io)).toBe(1);
    expect(c.out).toEqual([]);
    expect(c.err.join('\n')).toMatch(/bad\.jsonl:2: avg_seq_len must be a number/);
  });

  it('exits 1 on a missing file, a missing --data and a log that cannot separate the terms', async () => {
    let c = capture();
    expect(await main(['stepfit', '--data', join(dir, 'nope.jsonl')], c.io)).toBe(1);
    expect(c.err.join('')).toMatch(/cannot read .*nope\.jsonl: no such file or directory \(ENOENT\)/);
    c = capture();
    expect(await main(['stepfit'], c.io)).toBe(1);
    expect(c.err.join('')).toMatch(/--data FILE is required/);
    const flat = write('flat.jsonl', [1, 2, 4, 8, 16].map((b) => JSON.stringify({ batch_size: b, avg_seq_len: 128, step_time: b / 100 })).join('\n'));
    c = capture();
    expect(await main(['stepfit', '--data', flat], c.io)).toBe(1);
    expect(c.err.join('')).toMatch(/cannot separate a, b, c and d/);
  });
});
