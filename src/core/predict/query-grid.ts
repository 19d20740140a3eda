/**
 * The configurations a user asks about, as query rows for the predictor: one model (from the
 * zoo, from the data, or described by its own numbers) on several hardware targets (catalog,
 * data, or custom specs) across batch sizes, sequence lengths and precisions.
 */
import type { Row } from '../features/columns.ts';
import { getHardware, hwSpecColumns } from '../catalog/hardware.ts';
import { MODEL_SPECS } from '../catalog/models/index.ts';
import type { Precision } from '../schema/record.ts';

export interface CustomModel {
  readonly name: string;
  readonly params_m: number;
  /** Forward GFLOPs per item at the query's sequence length. */
  readonly gflops_per_item: number;
}

export interface CustomHardware {
  readonly name: string;
  readonly hw_peak_tflops_fp32?: number;
  readonly hw_peak_tflops_fp16?: number;
  readonly hw_mem_bw_gbs?: number;
  readonly hw_mem_gb?: number;
}

export interface GridRequest {
  readonly model: string | CustomModel;
  readonly hardware: readonly (string | CustomHardware)[];
  readonly batches: readonly number[];
  /** Empty for models whose input has no sequence axis. */
  readonly seqs: readonly number[];
  readonly precisions: readonly Precision[];
}

export class GridError extends Error {}

/** Parses "1, 2, 4-32" style lists of positive integers (a-b expands to powers of two). */
export function parseIntegerList(text: string, what: string): number[] {
  const out = new Set<number>();
  for (const part of text.split(/[,\s]+/).filter(Boolean)) {
    const range = /^(\d+)-(\d+)$/.exec(part);
    if (range) {
      const [lo, hi] = [Number(range[1]), Number(range[2])];
      if (!(lo >= 1 && hi >= lo && hi <= 1 << 20)) throw new GridError(`${what}: '${part}' is not a range of positive integers`);
      for (let v = lo; v <= hi; v *= 2) out.add(v);
      out.add(hi);
      continue;
    }
    const n = Number(part);
    if (!Number.isInteger(n) || n < 1 || n > 1 << 20) throw new GridError(`${what}: '${part}' is not a positive integer`);
    out.add(n);
  }
  return [...out].sort((a, b) => a - b);
}

const MAX_CELLS = 5000;

export function buildQueryGrid(req: GridRequest): Row[] {
  if (req.hardware.length === 0) throw new GridError('choose at least one hardware target');
  if (req.batches.length === 0) throw new GridError('give at least one batch size');
  if (req.precisions.length === 0) throw new GridError('choose at least one precision');
  const seqs: (number | null)[] = req.seqs.length ? [...req.seqs] : [null];
  const cells = req.hardware.length * req.batches.length * seqs.length * req.precisions.length;
  if (cells > MAX_CELLS) throw new GridError(`${cells} configurations asked for; the limit is ${MAX_CELLS}`);
  const custom = typeof req.model === 'string' ? null : req.model;
  const modelName = custom ? custom.name : (req.model as string);
  const rows: Row[] = [];
  for (const hw of req.hardware) {
    const hwColumns = typeof hw === 'string' ? hwColumnsOf(hw) : customHwColumns(hw);
    const hardware = typeof hw === 'string' ? hw : hw.name;
    for (const precision of req.precisions) {
      for (const seq of seqs) {
        for (const batch of req.batches) {
          const row: Record<string, unknown> = { model: modelName, hardware, batch_size: batch, precision, ...hwColumns };
          if (seq !== null) row.seq_len = seq;
          if (custom) {
            row.params_m = custom.params_m;
            row.gflops_per_item = custom.gflops_per_item;
          }
          rows.push(withCatalogFacts(row));
        }
      }
    }
  }
  return rows;
}

/**
 * Fills the model and hardware facts the catalog knows (params_m, gflops_per_item at the row's
 * sequence length, model_family, hw_* specs) where the row lacks them. Training and query rows
 * both go through it, so a column the query grid adds is never a feature that only some
 * training rows have.
 */
export function withCatalogFacts(row: Row): Row {
  return withHardwareFacts(withModelFacts(row));
}

/** The model catalog's facts only (params_m, gflops_per_item at the row's sequence length, model_family). */
export function withModelFacts(row: Row): Row {
  const out: Record<string, unknown> = { ...row };
  const spec = typeof row.model === 'string' ? MODEL_SPECS.find((m) => m.id === row.model) : undefined;
  if (spec) {
    const seq = typeof row.seq_len === 'number' && row.seq_len > 0 ? row.seq_len : spec.defaultSeq;
    out.params_m ??= spec.params() / 1e6;
    out.gflops_per_item ??= spec.flops(1, seq) / 1e9;
    out.model_family ??= spec.family;
  }
  return out;
}

/** The hardware catalog's hw_* specs where the row lacks them. */
export function withHardwareFacts(row: Row): Row {
  if (typeof row.hardware !== 'string') return row;
  const out: Record<string, unknown> = { ...row };
  for (const [k, v] of Object.entries(hwColumnsOf(row.hardware))) out[k] ??= v;
  return out;
}

function hwColumnsOf(id: string): Record<string, number> {
  const spec = getHardware(id);
  return spec ? hwSpecColumns(spec) : {};
}

function customHwColumns(hw: CustomHardware): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(hw)) if (k !== 'name' && typeof v === 'number' && Number.isFinite(v) && v > 0) out[k] = v;
  return out;
}
