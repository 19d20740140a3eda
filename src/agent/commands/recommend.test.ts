import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { lawLatencyMs, simulatedHardware, simulatedTable } from '../../../tests/predict/simulated.ts';
import { main } from '../cli.ts';

// SIMULATED data only: a known roofline law (tests/predict/simulated.ts), so the optimum is known.
const dir = mkdtempSync(join(tmpdir(), 'perfcast-recommend-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const table = simulatedTable({ hardware: 6, models: 8, batches: [1, 4, 16], seed: 11 });
const hardware = simulatedHardware(6, 12);
// The workloads asked about are never in the training rows.
const asked = [{ model: 'simnet-2', batch_size: 4, precision: 'fp16' }, { model: 'simnet-5', batch_size: 16, precision: 'fp32' }];
const isAsked = (r: Record<string, unknown>) => asked.some((a) => a.model === r.model && a.batch_size === r.batch_size && a.precision === r.precision);
const train = join(dir, 'train.csv');
writeFileSync(train, Papa.unparse(table.filter((r) => !isAsked(r))));
const specsOf = (model: string) => table.find((r) => r.model === model)!;
const workloads = join(dir, 'workloads.csv');
writeFileSync(workloads, Papa.unparse(asked.map((a) => ({ ...a, gflops_per_item: specsOf(a.model).gflops_per_item, params_m: specsOf(a.model).params_m }))));

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

describe('perfcast recommend', () => {
  it('prints one JSON object per workload row, in order, with the ranking best first in the contract fields', async () => {
    const c = capture();
    const code = await main(['recommend', '--data', train, '--query', workloads, '--objective', 'min:latency_ms', '--hardware', hardware.map((h) => h.id).join(','), '--include-simulated', '--json'], c.io);
    expect(code, c.err.join('\n')).toBe(0);
    const result = JSON.parse(c.out.join('\n')) as { workload: Record<string, unknown>; ranking: Record<string, number | string | boolean | null>[] }[];
    expect(result.map((r) => r.workload.model)).toEqual(['simnet-2', 'simnet-5']);
    for (const [i, r] of result.entries()) {
      expect(r.ranking.map((k) => k.hardware).sort()).toEqual(hardware.map((h) => h.id).sort());
      for (const k of r.ranking) {
        for (const key of ['hardware', 'pred_latency_ms', 'pred_latency_ms_lo', 'pred_latency_ms_hi', 'p_meets_constraints', 'fits_memory', 'confidence']) expect(k).toHaveProperty(key);
        expect(k.pred_latency_ms_lo as number).toBeLessThanOrEqual(k.pred_latency_ms as number);
      }
      const predicted = r.ranking.map((k) => k.pred_latency_ms as number);
      expect(predicted).toEqual([...predicted].sort((a, b) => a - b));
      // The pick is the true optimum of the law.
      const a = asked[i];
      const truth = hardware.map((h) => ({ id: h.id, ms: lawLatencyMs(h, Number(specsOf(a.model).gflops_per_item), Number(specsOf(a.model).params_m), a.batch_size, a.precision) }));
      const best = truth.reduce((x, y) => (y.ms < x.ms ? y : x));
      expect(r.ranking[0].hardware).toBe(best.id);
    }
  });

  it('ranks devices unlikely to meet a latency limit last, with their probability', async () => {
    const c = capture();
    expect(await main(['recommend', '--data', train, '--query', workloads, '--objective', 'max:throughput_items_s', '--max-latency-ms', '1', '--include-simulated', '--hardware', hardware.map((h) => h.id).join(','), '--json'], c.io)).toBe(0);
    const [first] = JSON.parse(c.out.join('\n')) as { ranking: { p_meets_constraints: number; pred_latency_ms: number }[] }[];
    const p = first.ranking.map((k) => k.p_meets_constraints);
    const likely = p.filter((x) => x >= 0.8).length;
    expect(p.slice(likely)).toEqual([...p.slice(likely)].sort((a, b) => b - a));
    for (const k of first.ranking.slice(0, likely)) expect(k.pred_latency_ms).toBeLessThan(1.3);
  });

  it('refuses an unknown objective, naming the ones it knows', async () => {
    const c = capture();
    expect(await main(['recommend', '--data', train, '--query', workloads, '--objective', 'min:speed', '--json'], c.io)).toBe(1);
    expect(c.err.join('\n')).toMatch(/--objective must be one of min:latency_ms, max:throughput_items_s, min:cost_usd_per_million, min:energy_j/);
  });
});
