import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { validateRows } from '../schema/validate.ts';
import { METRIC_FIELDS } from '../schema/record.ts';
import { findPreset, PRESETS } from './index.ts';
import { parseHelpColumn } from './help.ts';
import { mlEnergyPrecision } from './ml-energy.ts';

const DATASETS = resolve(__dirname, '../../../../shared/datasets');
const file = (rel: string) => resolve(DATASETS, rel);
const have = (rel: string) => {
  const ok = existsSync(file(rel));
  if (!ok) console.warn(`skipping: ${file(rel)} not found (shared data sets absent)`);
  return ok;
};

function readCsv(rel: string): Record<string, string>[] {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(file(rel), 'utf8'), { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

function checkRecords(records: Record<string, unknown>[], fileName: string): void {
  for (const r of records) {
    for (const m of METRIC_FIELDS) {
      const v = r[m];
      if (v !== null && v !== undefined) expect(Number.isFinite(v), `${m}=${v}`).toBe(true);
    }
  }
  const result = validateRows(records, { file: fileName });
  expect(result.problems.slice(0, 3)).toEqual([]);
  expect(result.records.length).toBe(records.length);
}

describe('preset registry', () => {
  it('registers the five record presets with unique ids and no epoch-hardware', () => {
    expect(PRESETS.map((p) => p.id)).toEqual(['help', 'mlperf-tiny', 'ml-energy', 'lambda', 'vidur']);
    expect(findPreset('epoch-hardware')).toBeUndefined();
  });

  it('parses HELP column names into device and batch without eating device names that end in _1', () => {
    expect(parseHelpColumn('titan_rtx_256')).toEqual({ column: 'titan_rtx_256', device: 'titan_rtx', batch: 256 });
    expect(parseHelpColumn('1080ti_32')).toMatchObject({ device: '1080ti', batch: 32 });
    expect(parseHelpColumn('essential_ph_1')).toMatchObject({ device: 'essential_ph_1', batch: 1 });
    expect(parseHelpColumn('gold_6226')).toMatchObject({ device: 'gold_6226', batch: 1 });
  });

  it('maps ML.ENERGY precisions, with mxfp4 as int4', () => {
    expect(mlEnergyPrecision('bfloat16')).toBe('bf16');
    expect(mlEnergyPrecision('fp8')).toBe('fp8');
    expect(mlEnergyPrecision('mxfp4')).toBe('int4');
    expect(mlEnergyPrecision('nf4')).toBeUndefined();
  });

  it('names file, line and column for a cell that is not a number', () => {
    const rows = [
      { arch_idx: '0', arch: 'x', '2080ti_1': '6.0' },
      { arch_idx: '1', arch: 'y', '2080ti_1': 'fast' },
    ];
    expect(() => findPreset('help')!.toRecords(rows, 'h.csv')).toThrow(/h\.csv:3: column 2080ti_1: not a number: "fast"/);
    expect(() => findPreset('lambda')!.toRecords([{ gpu_config: 'x' }], 'l.csv')).toThrow(/l\.csv:1: missing column\(s\) num_gpu/);
  });
});

describe('each preset recognises its own file and no other', () => {
  const files: [string, string][] = [
    ['help', 'help/help_nasbench201_latency_ms_wide.csv'],
    ['mlperf-tiny', 'mlperf_tiny/mlperf_tiny_results_v0.5-v1.3.csv'],
    ['ml-energy', 'ml_energy_leaderboard/mlenergy_llm_inference.csv'],
    ['ml-energy', 'ml_energy_leaderboard/mlenergy_diffusion_inference.csv'],
    ['lambda', 'lambdal_deeplearning_benchmark/lambdal_train_throughput_long.csv'],
    ['vidur', 'vidur_profiling/vidur_mlp_op_medians_ms.csv'],
    ['', 'hardware_specs/epoch_ml_hardware.csv'],
    ['', 'vidur_profiling/network_a100_dgx_all_reduce.csv'],
  ];
  it.each(files)('%s <- %s', (id, rel) => {
    if (!have(rel)) return;
    const header = Papa.parse<string[]>(readFileSync(file(rel), 'utf8').split('\n', 1)[0]).data[0];
    const matching = PRESETS.filter((p) => p.matches(rel, header)).map((p) => p.id);
    expect(matching).toEqual(id ? [id] : []);
  });
});

describe('help preset on the real file', () => {
  const rel = 'help/help_nasbench201_latency_ms_wide.csv';
  it.skipIf(!have(rel))('gives 15,625 x 27 records with the raw values, simulators marked', () => {
    const rows = readCsv(rel);
    const preset = findPreset('help')!;
    expect(preset.matches(rel, Object.keys(rows[0]))).toBe(true);
    const records = preset.toRecords(rows, rel);
    expect(rows.length).toBe(15625);
    expect(records.length).toBe(15625 * 27);
    // Row 0 of the raw file: 2080ti_1 = 6.0298, titan_rtx_256 = 10.6519, pixel2 = 9, eyeriss = 3.6456.
    const find = (model: string, device: string, batch: number) =>
      records.find((r) => r.model === model && r.device_name === device && r.batch_size === batch)!;
    expect(find('nb201-0', '2080ti', 1)).toMatchObject({ hardware: 'rtx-2080ti', latency_ms: 6.0298, platform: 'cuda', source: 'imported', precision: 'fp32', origin: 'preset:help (HayeonLee/HELP@45f70eb)' });
    expect(find('nb201-0', 'titan_rtx', 256)).toMatchObject({ hardware: 'titan-rtx', latency_ms: 10.6519 });
    expect(find('nb201-0', 'pixel2', 1)).toMatchObject({ hardware: 'pixel2', latency_ms: 9, platform: 'cpu' });
    expect(find('nb201-0', 'eyeriss', 1)).toMatchObject({ source: 'simulated', hardware: 'eyeriss-sim', latency_ms: 3.6456 });
    expect(find('nb201-1', 'raspi4', 1)).toMatchObject({ latency_ms: 54.7774, platform: 'cpu' });
    expect(records.filter((r) => r.source === 'simulated').length).toBe(2 * 15625);
    checkRecords(records.slice(0, 27 * 500), rel);
  });
});

describe('mlperf-tiny preset on the real file', () => {
  const rel = 'mlperf_tiny/mlperf_tiny_results_v0.5-v1.3.csv';
  it.skipIf(!have(rel))('gives one record per result with a metric', () => {
    const rows = readCsv(rel);
    const records = findPreset('mlperf-tiny')!.toRecords(rows, rel);
    expect(rows.length).toBe(351);
    const withoutMetric = rows.filter((r) => !r.perf_median_throughput_inf_s && !r.latency_ms && !r.energy_median_uJ_per_inf).length;
    expect(records.length).toBe(351 - withoutMetric);
    // v0.5 reference Nucleo-L4R5ZI ad: throughput 99.487, latency 10.0516 ms, 416.312 uJ, 40095.437 uW.
    const r = records.find((x) => x.device_name === 'Nucleo-L4R5ZI' && x.task === 'anomaly-detection' && x.mlperf_version === 'v0.5')!;
    expect(r).toMatchObject({ hardware: 'nucleo-l4r5zi', throughput_items_s: 99.487, latency_ms: 10.0516, platform: 'mcu', precision: 'int8' });
    expect(r.energy_j as number).toBeCloseTo(416.312e-6, 12);
    expect(r.power_w as number).toBeCloseTo(0.040095437, 12);
    checkRecords(records, rel);
  });
});

describe('ml-energy preset on the real files', () => {
  const llm = 'ml_energy_leaderboard/mlenergy_llm_inference.csv';
  const diffusion = 'ml_energy_leaderboard/mlenergy_diffusion_inference.csv';
  it.skipIf(!have(llm))('LLM file: 838 records, inter-token latency and per-token energy', () => {
    const rows = readCsv(llm);
    const records = findPreset('ml-energy')!.toRecords(rows, llm);
    expect(records.length).toBe(838);
    // First raw row: Qwen3-14B on B200, max_num_seqs 8, median ITL 33.628..., 234.06 tok/s, 1.3662 J/token.
    expect(records[0]).toMatchObject({
      model: 'Qwen/Qwen3-14B', hardware: 'b200', batch_size: 8, precision: 'bf16', num_devices: 1,
      latency_ms: 33.62808651581872, throughput_items_s: 234.06050523961807, energy_j: 1.3662634337367148,
      power_w: 319.7883095908309, platform: 'cuda',
    });
    const mx = records.filter((r) => r.precision_detail === 'mxfp4');
    expect(mx.length).toBe(65);
    expect(mx.every((r) => r.precision === 'int4')).toBe(true);
    checkRecords(records, llm);
  });
  it.skipIf(!have(diffusion))('diffusion file: 1,020 records, images and videos apart', () => {
    const rows = readCsv(diffusion);
    const records = findPreset('ml-energy')!.toRecords(rows, diffusion);
    expect(records.length).toBe(1020);
    expect(records[0]).toMatchObject({ hardware: 'b200', batch_size: 1, throughput_items_s: 1.551376561967435, energy_j: 341.98237500339746, throughput_unit: 'images/s' });
    expect(records[0].latency_mean_ms as number).toBeCloseTo(644.588828086853, 9);
    expect(records.filter((r) => r.throughput_unit === 'videos/s').length).toBe(382);
    checkRecords(records, diffusion);
  });
});

describe('lambda preset on the real file', () => {
  const rel = 'lambdal_deeplearning_benchmark/lambdal_train_throughput_long.csv';
  it.skipIf(!have(rel))('gives training records, skipping runs with zero throughput', () => {
    const rows = readCsv(rel);
    const records = findPreset('lambda')!.toRecords(rows, rel);
    expect(rows.length).toBe(1060);
    expect(records.length).toBe(1060 - rows.filter((r) => Number(r.train_throughput) === 0).length);
    expect(records.every((r) => r.mode === 'training')).toBe(true);
    // Raw: 8x A100 80GB SXM4, fp16, ssd: 3360 items/s, batch 3584, 3200 W, $130,000.
    const r = records.find((x) => x.device_name === '8x A100 80GB SXM4' && x.model === 'ssd' && x.precision === 'fp16')!;
    expect(r).toMatchObject({
      hardware: 'a100-sxm4-80gb', num_devices: 8, batch_size: 3584, batch_size_per_device: 448,
      throughput_items_s: 3360, hw_tdp_w: 400, hw_price_usd: 16250, system_tdp_w: 3200,
    });
    checkRecords(records, rel);
  });
});

describe('vidur preset on the real file', () => {
  const rel = 'vidur_profiling/vidur_mlp_op_medians_ms.csv';
  it.skipIf(!have(rel))('gives one record per operator median', () => {
    const rows = readCsv(rel);
    const records = findPreset('vidur')!.toRecords(rows, rel);
    expect(rows.length).toBe(20091);
    const opCells = rows.reduce((n, r) => n + Object.keys(r).filter((c) => c.endsWith('_median_ms') && r[c] !== '').length, 0);
    expect(opCells).toBeGreaterThan(20091 * 9);
    expect(records.length).toBe(opCells);
    // First raw row: a100, Qwen-72B, 4096 tokens, tp 1: mlp_up_proj 14.0915 ms.
    expect(records.find((r) => r.operator === 'mlp_up_proj')).toMatchObject({
      model: 'Qwen/Qwen-72B/mlp_up_proj', hardware: 'a100-sxm4-80gb', batch_size: 4096, num_devices: 1,
      latency_ms: 14.0915, precision: 'fp16', run_id: 'vidur:Qwen/Qwen-72B:a100:tokens4096:tp1',
    });
    expect(records[10].run_id).toBe('vidur:Qwen/Qwen-72B:a100:tokens4096:tp1#2');
    checkRecords(records.slice(0, 20000), rel);
  });
});
