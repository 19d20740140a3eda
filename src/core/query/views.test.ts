import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIELDS, type BenchmarkRecord } from '../schema/record.ts';
import {
  compareSql, distinctValuesSql, heatmapCellSql, heatmapSql, paretoSql, powerAvailabilitySql, powerSql,
  precisionSql, reportSql, scalingSql, spaceCountSql, spaceSql,
} from './views.ts';
import { andAll } from './sql.ts';
import { quoteLiteral } from '../sql.ts';

const duckType = { string: 'VARCHAR', integer: 'BIGINT', number: 'DOUBLE', timestamp: 'TIMESTAMP' } as const;

function lit(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number') return String(v);
  return quoteLiteral(String(v));
}

const base = { origin: 'test-fixture (simulated)', source: 'simulated' } as const;
const rows: Partial<BenchmarkRecord>[] = [
  { ...base, model: 'bert', hardware: 'a100', precision: 'fp16', batch_size: 1, latency_ms: 2, latency_ci_lo_ms: 1.8, latency_ci_hi_ms: 2.2, throughput_items_s: 500, memory_mb: 900, power_w: 200 },
  { ...base, model: 'bert', hardware: 'a100', precision: 'fp16', batch_size: 1, latency_ms: 4, latency_ci_lo_ms: 3.8, latency_ci_hi_ms: 4.2, throughput_items_s: 250, memory_mb: 900, power_w: 200 },
  { ...base, model: 'bert', hardware: 'a100', precision: 'fp16', batch_size: 8, latency_ms: 8, throughput_items_s: 1000, memory_mb: 1200, energy_j: 0.1 },
  { ...base, model: 'bert', hardware: 'cpu', precision: 'fp32', batch_size: 1, latency_ms: 40, latency_p90_ms: 50 },
  { ...base, model: 'bert', hardware: 'cpu', precision: 'fp32', batch_size: 8, latency_ms: 200 },
  { ...base, model: 'bert', hardware: 'cpu', precision: 'int8', batch_size: 1, latency_ms: 20, memory_mb: 150 },
  { source: 'predicted', origin: 'gbm', model: 'bert', hardware: 'cpu', precision: 'fp32', batch_size: 1, latency_ms: 1000 },
  { source: 'measured', origin: 'ort-web', model: "o'brien", hardware: 'cpu', precision: 'fp32', batch_size: 1, latency_ms: 7 },
];

let conn: DuckDBConnection;

async function q(sql: string): Promise<Record<string, unknown>[]> {
  const reader = await conn.runAndReadAll(sql);
  return reader.getRowObjectsJS() as Record<string, unknown>[];
}

beforeAll(async () => {
  const db = await DuckDBInstance.create(':memory:');
  conn = await db.connect();
  await conn.run(`CREATE TABLE records (${FIELDS.map((f) => `"${f.name}" ${duckType[f.type]}`).join(', ')})`);
  for (const r of rows) {
    const names = Object.keys(r);
    await conn.run(`INSERT INTO records (${names.map((n) => `"${n}"`).join(', ')}) VALUES (${names.map((n) => lit((r as Record<string, unknown>)[n])).join(', ')})`);
  }
});

afterAll(() => conn?.closeSync());

describe('sql helpers', () => {
  it('quotes strings and drops empty conditions', () => {
    expect(quoteLiteral("a'b")).toBe("'a''b'");
    expect(andAll('', 'TRUE', null, 'x = 1')).toBe('(x = 1)');
    expect(andAll()).toBe('TRUE');
  });
});

describe('view queries against DuckDB', () => {
  it('lists distinct values with counts, most frequent first', async () => {
    const out = await q(distinctValuesSql('hardware'));
    expect(out[0]).toEqual({ value: 'cpu', n: 5 });
  });

  it('compares hardware with CI whiskers where stored and p90 otherwise', async () => {
    const out = await q(compareSql({ model: 'bert', metric: 'latency_ms', where: 'batch_size = 1' }));
    const a100 = out.find((r) => r.hardware === 'a100')!;
    expect(a100).toMatchObject({ value: 3, lo: 2.8, hi: 3.2, interval_kind: 'ci95', n: 2 });
    const cpu = out.find((r) => r.hardware === 'cpu' && r.precision === 'fp32' && r.source === 'simulated')!;
    expect(cpu).toMatchObject({ value: 40, lo: 40, hi: 50, interval_kind: 'p50-p90' });
    // predicted rows are kept apart from simulated ones, never averaged together
    expect(out.find((r) => r.source === 'predicted')!.value).toBe(1000);
  });

  it('escapes a model name with a quote', async () => {
    const out = await q(compareSql({ model: "o'brien", metric: 'latency_ms' }));
    expect(out).toHaveLength(1);
  });

  it('derives energy per item from power and throughput when energy is missing', async () => {
    const out = await q(compareSql({ model: 'bert', metric: 'energy_per_item_j' }));
    const a100 = out.find((r) => r.hardware === 'a100')!;
    // rows: 200/500 = 0.4, 200/250 = 0.8, stored 0.1 -> median 0.4
    expect(a100.value).toBeCloseTo(0.4);
    expect(a100.interval_kind).toBe('range');
  });

  it('heatmap keeps the strongest provenance per cell and lists the others', async () => {
    const out = await q(heatmapSql({ metric: 'latency_ms', where: "precision = 'fp32' AND batch_size = 1" }));
    const cell = out.find((r) => r.model === 'bert' && r.hardware === 'cpu')!;
    expect(cell.source).toBe('simulated');
    expect(cell.value).toBe(40);
    expect(String(cell.all_sources).split(',').sort()).toEqual(['predicted', 'simulated']);
  });

  it('drill-down lists the rows behind a cell, best first', async () => {
    const out = await q(heatmapCellSql({ model: 'bert', hardware: 'cpu', metric: 'latency_ms' }));
    expect(out.map((r) => r.value)).toEqual([20, 40, 200, 1000]);
  });

  it('scaling groups per batch and derives missing throughput from latency', async () => {
    const out = await q(scalingSql({ model: 'bert', where: "hardware = 'cpu' AND source = 'simulated' AND precision = 'fp32'" }));
    expect(out.map((r) => r.batch_size)).toEqual([1, 8]);
    expect(out[1].throughput_items_s).toBeCloseTo(40); // 8 items / 200 ms
    expect(out[1].throughput_derived).toBe(true);
  });

  it('pareto points carry latency and throughput', async () => {
    const out = await q(paretoSql({ model: 'bert', where: "source = 'simulated'" }));
    expect(out.length).toBe(5);
    expect(out[0]).toMatchObject({ hardware: 'a100', batch_size: 1, latency_ms: 3, throughput_items_s: 375 });
  });

  it('precision rows come in fp32, fp16, int8 order and respect a batch size', async () => {
    const out = await q(precisionSql({ model: 'bert', batchSize: 1, where: "source <> 'predicted'" }));
    expect(out.map((r) => r.precision)).toEqual(['fp32', 'fp16', 'int8']);
    expect(out.find((r) => r.precision === 'int8')!.memory_mb).toBe(150);
  });

  it('power availability counts the inputs present', async () => {
    const [a] = await q(powerAvailabilitySql({ model: 'bert' }));
    expect(a).toEqual({ total: 7, power_w: 2, energy_j: 1, throughput_items_s: 3, energy_per_item: 3 });
    const [none] = await q(powerAvailabilitySql({ model: "o'brien" }));
    expect(none.power_w).toBe(0);
  });

  it('power rows give J per item and items per J', async () => {
    const out = await q(powerSql({ model: 'bert' }));
    const b8 = out.find((r) => r.batch_size === 8)!;
    expect(b8.energy_per_item_j).toBeCloseTo(0.1);
    expect(b8.items_per_j).toBeCloseTo(10);
    expect(b8.energy_derived).toBe(false);
    expect(out.find((r) => r.batch_size === 1)!.energy_derived).toBe(true);
  });

  it('3-D points sample down to the limit and reject unknown axes', async () => {
    const opts = { x: 'batch_size', y: 'latency_ms', z: 'memory_mb', limit: 2 };
    expect(await q(spaceSql(opts))).toHaveLength(2);
    expect((await q(spaceCountSql(opts)))[0].n).toBe(4);
    expect(() => spaceSql({ ...opts, x: 'model; DROP TABLE records' })).toThrow(/Unknown 3-D axis/);
  });

  it('report rows cover each chosen metric', async () => {
    const out = await q(reportSql({ models: ['bert'], metrics: ['latency_ms', 'memory_mb'] }));
    expect(new Set(out.map((r) => r.metric))).toEqual(new Set(['latency_ms', 'memory_mb']));
    expect(() => reportSql({ models: [], metrics: ['latency_ms'] })).toThrow();
  });

  it('rejects an unknown metric', () => {
    expect(() => heatmapSql({ metric: 'nope' })).toThrow(/Unknown metric/);
  });
});

describe('the per-configuration cube', () => {
  it('gives the same answers as the raw rows where each configuration has one row', async () => {
    const { buildCubeSql, buildSampleSql } = await import('./cube.ts');
    await conn.run(buildCubeSql());
    await conn.run(buildSampleSql('records', 5));
    const where = "batch_size = 8";
    for (const [raw, cube] of [
      [heatmapSql({ metric: 'latency_ms', where }), heatmapSql({ metric: 'latency_ms', where, cube: true })],
      [scalingSql({ model: 'bert', where: "hardware = 'cpu'" }), scalingSql({ model: 'bert', where: "hardware = 'cpu'", cube: true })],
      [powerSql({ model: 'bert', where }), powerSql({ model: 'bert', where, cube: true })],
      [distinctValuesSql('hardware'), distinctValuesSql('hardware', { cube: true })],
    ]) {
      expect(await q(cube)).toEqual(await q(raw));
    }
    expect((await q(spaceSql({ x: 'batch_size', y: 'latency_ms', z: 'memory_mb', cube: true }))).length).toBeLessThanOrEqual(5);
  });

  it('counts rows, not configurations, and takes medians over configurations', async () => {
    // a100 fp16 batch 1 has two rows (latency 2 and 4) in one configuration: median 3, n 2
    const out = await q(compareSql({ model: 'bert', metric: 'latency_ms', where: "hardware = 'a100'", cube: true }));
    expect(out).toHaveLength(1);
    // configurations: batch 1 (median 3) and batch 8 (8) -> median over configurations 5.5; their
    // CIs do not combine, so the whisker is the range of the two
    expect(out[0]).toMatchObject({ n: 3, interval_kind: 'range', lo: 3, hi: 8 });
    expect(out[0].value).toBeCloseTo(5.5);
    const one = await q(compareSql({ model: 'bert', metric: 'latency_ms', where: "hardware = 'a100' AND batch_size = 1", cube: true }));
    expect(one[0]).toMatchObject({ n: 2, interval_kind: 'ci95', lo: 2.8, hi: 3.2 });
    const [avail] = await q(powerAvailabilitySql({ model: 'bert', cube: true }));
    expect(avail.total).toBe(7);
  });
});
