/**
 * Roofline estimate of one configuration: time = max(FLOPs / peak FLOP/s at the row's precision,
 * bytes / memory bandwidth). Hardware numbers come from the row's hw_* columns first (users bring
 * hardware the catalog does not know), then the hardware catalog; model numbers from the row's
 * gflops_per_item / params_m / weights_mb columns, then an optional model-cost resolver.
 */
import { findHardware, peakFor } from '../catalog/hardware.ts';
import { MODEL_SPECS } from '../catalog/models/index.ts';
import type { Precision } from '../schema/record.ts';
import { categoryValue, numericValue, type Row } from './columns.ts';

export interface HardwareNumbers {
  /** Peak at the row's precision, TFLOP/s (all devices together). */
  readonly peakTflops: number;
  readonly memBwGbs: number;
  readonly memGb: number;
  readonly tdpW: number;
}

export interface ModelCost {
  /** FLOPs of one forward pass of the whole batch. */
  flops(batch: number, seq: number): number;
  /** Bytes read and written from memory for the whole batch. */
  bytesMoved(batch: number, seq: number, precision: string): number;
}

export type ModelCostResolver = (model: string) => ModelCost | undefined;

export interface RooflineEstimate {
  readonly flops: number;
  readonly bytes: number;
  readonly computeMs: number;
  readonly memoryMs: number;
  /** max(computeMs, memoryMs); the known side when only one is known; NaN when neither is. */
  readonly ms: number;
}

const BYTES_PER_PARAM: Record<string, number> = {
  fp32: 4, tf32: 4, fp16: 2, bf16: 2, fp8: 1, int8: 1, int4: 0.5, fp4: 0.5,
};

export function bytesPerParam(precision: string | null): number {
  return BYTES_PER_PARAM[precision ?? 'fp32'] ?? 4;
}

function rowPeak(row: Row, precision: string): number {
  const fp32 = numericValue(row.hw_peak_tflops_fp32);
  const fp16 = numericValue(row.hw_peak_tflops_fp16);
  const int8 = numericValue(row.hw_peak_tops_int8);
  const chain =
    precision === 'fp32' || precision === 'tf32' ? [fp32] :
    precision === 'fp16' || precision === 'bf16' ? [fp16, fp32] :
    [int8, fp16, fp32];
  for (const v of chain) if (v > 0) return v;
  return NaN;
}

const catalogCache = new Map<string, ReturnType<typeof findHardware>>();
function catalogHardware(id: string): ReturnType<typeof findHardware> {
  if (!catalogCache.has(id)) catalogCache.set(id, findHardware(id));
  return catalogCache.get(id);
}

export function hardwareNumbers(row: Row): HardwareNumbers {
  const precision = normalizePrecision(categoryValue(row.precision));
  const devices = Math.max(1, numericValue(row.num_devices) || 1);
  let peak = rowPeak(row, precision);
  let bw = numericValue(row.hw_mem_bw_gbs);
  let mem = numericValue(row.hw_mem_gb);
  let tdp = numericValue(row.hw_tdp_w);
  if (!(peak > 0 && bw > 0 && mem > 0 && tdp > 0)) {
    const id = categoryValue(row.hardware);
    const spec = id ? catalogHardware(id) : undefined;
    if (spec) {
      if (!(peak > 0)) peak = peakFor(spec, precision)?.tflops ?? NaN;
      if (!(bw > 0)) bw = spec.memBandwidthGBs ?? NaN;
      if (!(mem > 0)) mem = spec.memoryGB ?? NaN;
      if (!(tdp > 0)) tdp = spec.tdpW ?? NaN;
    }
  }
  return { peakTflops: peak * devices, memBwGbs: bw * devices, memGb: mem * devices, tdpW: tdp * devices };
}

export function normalizePrecision(p: string | null): string {
  if (!p) return 'fp32';
  const s = p.toLowerCase();
  if (s === 'bfloat16') return 'bf16';
  if (s === 'float16' || s === 'half') return 'fp16';
  if (s === 'float32' || s === 'float') return 'fp32';
  return s;
}

export function rooflineEstimate(row: Row, hw: HardwareNumbers, modelCost?: ModelCostResolver): RooflineEstimate {
  const batch = numericValue(row.batch_size) > 0 ? numericValue(row.batch_size) : 1;
  const seq = numericValue(row.seq_len) > 0 ? numericValue(row.seq_len) : numericValue(row.input_len) > 0 ? numericValue(row.input_len) : NaN;
  const precision = normalizePrecision(categoryValue(row.precision));
  const training = categoryValue(row.mode) === 'training';
  let flops = numericValue(row.gflops_per_item) * 1e9 * batch;
  let bytes = numericValue(row.weights_mb) * 1e6;
  if (!(bytes > 0)) bytes = numericValue(row.params_m) * 1e6 * bytesPerParam(precision);
  const model = categoryValue(row.model);
  const cost = model ? (modelCost ?? catalogModelCost)(model) : undefined;
  if (cost && !(flops > 0)) flops = cost.flops(batch, seq);
  if (cost && !(bytes > 0)) bytes = cost.bytesMoved(batch, seq, precision);
  if (!(flops > 0)) flops = NaN;
  if (!(bytes > 0)) bytes = NaN;
  if (training) {
    flops *= 3;
    bytes *= 3;
  }
  const computeMs = flops > 0 && hw.peakTflops > 0 ? (flops / (hw.peakTflops * 1e12)) * 1e3 : NaN;
  const memoryMs = bytes > 0 && hw.memBwGbs > 0 ? (bytes / (hw.memBwGbs * 1e9)) * 1e3 : NaN;
  const ms = Number.isNaN(computeMs) ? memoryMs : Number.isNaN(memoryMs) ? computeMs : Math.max(computeMs, memoryMs);
  return { flops, bytes, computeMs, memoryMs, ms };
}

const modelCache = new Map<string, ModelCost | undefined>();

/** Model costs from the model catalog (matched by id, case-insensitively). */
export const catalogModelCost: ModelCostResolver = (model) => {
  const key = model.toLowerCase();
  if (!modelCache.has(key)) {
    const spec = MODEL_SPECS.find((s) => s.id.toLowerCase() === key);
    modelCache.set(key, spec && {
      flops: (batch, seq) => spec.flops(batch, spec.seqVaries && seq > 0 ? seq : spec.defaultSeq),
      bytesMoved: (batch, seq, precision) => spec.bytesMoved(batch, spec.seqVaries && seq > 0 ? seq : spec.defaultSeq, precision as Precision),
    });
  }
  return modelCache.get(key);
};
