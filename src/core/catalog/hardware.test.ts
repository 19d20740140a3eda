import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HARDWARE, HARDWARE_KINDS, findHardware, getHardware, hwSpecColumns, peakFor } from './hardware.ts';

const DATASETS = resolve(__dirname, '../../../../shared/datasets');

describe('hardware catalog', () => {
  it('has unique ids, each resolvable by getHardware and by its own name', () => {
    const ids = HARDWARE.map((h) => h.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const h of HARDWARE) {
      expect(getHardware(h.id)).toBe(h);
      expect(findHardware(h.name)?.id, h.name).toBe(h.id);
      for (const alias of h.aliases) expect(findHardware(alias)?.id, `alias ${alias}`).toBe(h.id);
    }
  });

  it('holds only positive finite numbers, known kinds and a source note', () => {
    for (const h of HARDWARE) {
      expect(HARDWARE_KINDS).toContain(h.kind);
      expect(h.sources.length, h.id).toBeGreaterThan(20);
      const numbers = [
        ...Object.values(h.peak), h.memBandwidthGBs, h.memoryGB, h.tdpW, h.priceUsd, h.cores, h.clockGHz, h.npuTops,
      ].filter((v) => v !== undefined);
      for (const v of numbers) {
        expect(Number.isFinite(v) && (v as number) > 0, `${h.id}: ${v}`).toBe(true);
      }
      if (h.releaseYear !== undefined) expect(h.releaseYear).toBeGreaterThanOrEqual(2010);
    }
  });

  it('orders precisions sensibly on tensor-core GPUs (fp16 >= fp32, fp8 >= fp16, int8 >= fp16)', () => {
    for (const h of HARDWARE.filter((x) => x.kind === 'gpu' && x.tensorCores)) {
      const p = h.peak;
      if (p.fp16 !== undefined) expect(p.fp16, h.id).toBeGreaterThanOrEqual(p.fp32 ?? 0);
      if (p.bf16 !== undefined && p.fp16 !== undefined) expect(p.bf16).toBe(p.fp16);
      if (p.fp8 !== undefined) expect(p.fp8, h.id).toBeGreaterThanOrEqual(p.fp16 ?? 0);
      if (p.int8 !== undefined) expect(p.int8, h.id).toBeGreaterThanOrEqual(p.fp16 ?? 0);
      if (p.tf32 !== undefined && p.fp16 !== undefined) expect(p.tf32, h.id).toBeLessThanOrEqual(p.fp16);
    }
  });

  it('every real (non-simulated) GPU has fp32, bandwidth, memory and TDP', () => {
    for (const h of HARDWARE.filter((x) => x.kind === 'gpu')) {
      expect(h.peak.fp32, h.id).toBeDefined();
      expect(h.memBandwidthGBs, h.id).toBeDefined();
      expect(h.memoryGB, h.id).toBeDefined();
      expect(h.tdpW, h.id).toBeDefined();
    }
  });

  it.each([
    ['NVIDIA A100-SXM4-80GB', 'a100-sxm4-80gb'],
    ['a100', 'a100-sxm4-80gb'],
    ['A100 80GB PCIe', 'a100-pcie-80gb'],
    ['LambdaCloud A100 40GB PCIe', 'a100-pcie-40gb'],
    ['2x A100 80GB SXM4', 'a100-sxm4-80gb'],
    ['2080ti', 'rtx-2080ti'],
    ['RTX 2080 Ti', 'rtx-2080ti'],
    ['NVIDIA GeForce RTX 2080 Ti', 'rtx-2080ti'],
    ['titanx', 'titan-x-pascal'],
    ['titanxp', 'titan-xp'],
    ['titan_rtx', 'titan-rtx'],
    ['H100 80GB PCIe Gen5', 'h100-pcie-80gb'],
    ['DellTexas 4x H100 80GB SXM5', 'h100-sxm5-80gb'],
    ['LambdaOD_1x_Texas_1xH100_80GB_PCIe_209-20-158-50_v2', 'h100-pcie-80gb'],
    ['LambdaOD_test_8xB200_192GB_129-213-83-251_v2', 'b200'],
    ['LambdaBM_ENG04_1xH200_140GB_SXM_h200_v2', 'h200-sxm-141gb'],
    ['LambdaOD_1x_1xGH200_96GB_192-222-57-0_v2', 'gh200-96gb'],
    ['LambdaCloud 4xV100 16GB', 'v100-sxm2-16gb'],
    ['Tesla T4', 't4'],
    ['NVIDIA L4', 'l4'],
    ['Intel(R) Xeon(R) Gold 6226 CPU @ 2.70GHz', 'xeon-gold-6226'],
    ['Intel(R) Xeon(R) Processor', 'x86-2core-server'],
    ['AMD Instinct MI210', 'mi210'],
    ['Nucleo-L4R5ZI', 'nucleo-l4r5zi'],
    ['essential_ph_1', 'essential-ph1'],
    ['NUCLEO-H7A3ZI int8 max performance', 'nucleo-h7a3zi-q'],
    ['titan_rtx_256', 'titan-rtx'],
    ['titanxp_32', 'titan-xp'],
    ['LambdaCloud A10', 'a10'],
  ])('findHardware(%s) -> %s', (name, id) => {
    expect(findHardware(name)?.id).toBe(id);
  });

  it('returns undefined for names it does not know instead of guessing', () => {
    expect(findHardware('Cray-1')).toBeUndefined();
    expect(findHardware('')).toBeUndefined();
    expect(findHardware('STM32L552')).toBeUndefined();
  });

  it('marks the HELP simulator columns as simulated', () => {
    expect(findHardware('eyeriss')?.simulated).toBe(true);
    expect(findHardware('fpga')?.simulated).toBe(true);
    expect(findHardware('pixel2')?.simulated).toBeUndefined();
  });

  it('peakFor falls back along wider paths and says which figure it used', () => {
    const a100 = getHardware('a100-sxm4-80gb')!;
    expect(peakFor(a100, 'bf16')).toEqual({ tflops: 312, usedPrecision: 'bf16' });
    expect(peakFor(a100, 'fp8')).toEqual({ tflops: 312, usedPrecision: 'fp16' });
    const pascal = getHardware('gtx-1080ti')!;
    expect(peakFor(pascal, 'fp16')).toEqual({ tflops: 11.34, usedPrecision: 'fp32' });
    expect(peakFor(getHardware('pixel2')!, 'fp32')).toBeUndefined();
    expect(hwSpecColumns(a100)).toMatchObject({ hw_peak_tflops_fp32: 19.5, hw_peak_tflops_fp16: 312, hw_mem_bw_gbs: 2039 });
  });
});

describe('every device in the shared data sets resolves', () => {
  const helpFile = resolve(DATASETS, 'help/help_nasbench201_latency_ms_wide.csv');
  const lambdaFile = resolve(DATASETS, 'lambdal_deeplearning_benchmark/lambdal_train_throughput_long.csv');
  const lambdaV2 = resolve(DATASETS, 'lambdal_deeplearning_benchmark/pytorch-train-throughput-v2-fp16.csv');

  it.skipIf(!existsSync(helpFile))('HELP device columns', () => {
    const header = readFileSync(helpFile, 'utf8').split('\n', 1)[0].split(',').slice(2);
    expect(header.length).toBe(27);
    for (const col of header) {
      expect(findHardware(col), col).toBeDefined();
    }
  });

  it.skipIf(!existsSync(lambdaFile))('Lambda GPU configurations', () => {
    const names = new Set(readFileSync(lambdaFile, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]));
    expect(names.size).toBe(53);
    for (const n of names) expect(findHardware(n), n).toBeDefined();
    const v2 = readFileSync(lambdaV2, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]);
    for (const n of v2) expect(findHardware(n), n).toBeDefined();
  });

  it('Vidur, ML.ENERGY and LLMCompass device names', () => {
    for (const n of ['a100', 'a40', 'h100', 'H100', 'B200', 'A100', 'MI210']) expect(findHardware(n), n).toBeDefined();
  });

  if (!existsSync(helpFile)) console.warn(`skipping data-set device checks: ${DATASETS} not found`);
});
