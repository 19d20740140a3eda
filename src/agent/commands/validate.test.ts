import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../cli.ts';
import { EventStore } from '../server/event-store.ts';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

describe('perfcast validate', () => {
  it('summarises the validation records of an agent store per hardware and model', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perfcast-validate-'));
    dirs.push(dir);
    const path = join(dir, 'agent.duckdb');
    const store = await EventStore.open(path);
    const base = { hardware: 'amd-epyc', batch_size: 1, seq_len: null, precision: 'fp32', predictor_id: 'p', interval_level: 0.8 };
    await store.append('record', 'plan', { model: 'm', latency_ms: 10 });
    await store.append('validation', 'plan', { ...base, run_id: 'r1', model: 'm', predicted_latency_ms: 8, predicted_lo_ms: 6, predicted_hi_ms: 12, measured_latency_ms: 10, error_pct: 20, inside_interval: true });
    await store.append('validation', 'plan', { ...base, run_id: 'r2', model: 'm', predicted_latency_ms: 8, predicted_lo_ms: 6, predicted_hi_ms: 9, measured_latency_ms: 16, error_pct: 50, inside_interval: false });
    store.close();
    const json = capture();
    expect(await main(['validate', '--store', path, '--json'], json.io)).toBe(0);
    const parsed = JSON.parse(json.out.join('\n'));
    expect(parsed.records).toHaveLength(2);
    expect(parsed.summary).toEqual([expect.objectContaining({ hardware: 'amd-epyc', model: 'm', runs: 2, predicted: 2, medianAbsErrorPct: 35, coverage: 0.5 })]);
    const text = capture();
    expect(await main(['validate', '--store', path], text.io)).toBe(0);
    expect(text.out[0]).toMatch(/amd-epyc\s+m\s+2\s+2\s+35\.0%\s+35\.0%\s+50% of 2 \(nominal 80%\)/);
    expect(text.out.join('\n')).toContain('advice: 2 new measured runs with a prediction; advice needs at least 3');
  });

  it('prints each refinement with its before and after figures, and advises only on the runs not learned from', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perfcast-validate-'));
    dirs.push(dir);
    const path = join(dir, 'agent.duckdb');
    const store = await EventStore.open(path);
    const base = { hardware: 'amd-epyc', model: 'm', batch_size: 1, seq_len: null, precision: 'fp32', predictor_id: 'p', interval_level: 0.8, predicted_latency_ms: 5, predicted_lo_ms: 4, predicted_hi_ms: 6, measured_latency_ms: 10, error_pct: 50, inside_interval: false };
    for (const id of ['r1', 'r2', 'r3', 'r4']) await store.append('validation', 'plan', { ...base, run_id: id });
    const figures = (median: number, coverage: number) => ({ runs: 3, medianAbsErrorPct: median, meanAbsErrorPct: median, coverage });
    await store.append('refined', 'refinement', { strategy: 'refit', run_ids: ['r1', 'r2', 'r3'], model_before: 'm-a', model_after: 'm-b', folds: 3, before: figures(50, 0), after: figures(12.5, 2 / 3) });
    store.close();
    const text = capture();
    expect(await main(['validate', '--store', path], text.io)).toBe(0);
    const printed = text.out.join('\n');
    expect(printed).toContain('refinement (refit, 3 runs learned, m-a -> m-b): before median |error| 50.0%, inside interval 0% of 3; after (3-fold, no run\'s own configuration learned) median |error| 12.5%, inside interval 67% of 3');
    expect(printed).toContain('advice: 1 new measured run with a prediction; advice needs at least 3');
    const refuse = capture();
    expect(await main(['validate', '--store', path, '--refine'], refuse.io)).toBe(1);
    expect(refuse.err.join('\n')).toContain('--refine asks a running agent');
  });

  it('names the file it cannot open', async () => {
    const c = capture();
    expect(await main(['validate', '--store', '/nonexistent/agent.duckdb'], c.io)).toBe(1);
    expect(c.err.join('\n')).toContain("cannot open '/nonexistent/agent.duckdb'");
  });
});
