/**
 * Workload physics from whatever a row carries: parameter counts (params_m, params_b, active
 * parameters of a mixture of experts), lengths, batch, device count, precision, and hardware
 * peak and bandwidth (hw_* columns or the catalog). For LLM serving rows it splits the work into
 * prefill (compute-bound: about 2 x active parameters x input tokens x batch) and decode (one
 * step reads the weights, spread over the devices, plus the KV cache), and says how many of
 * each the measured unit holds: a time to first token is one prefill, an inter-token latency one
 * decode step, a request latency one prefill and output_len steps.
 *
 * The result is three times in ms per measured unit: `computeMs` (FLOPs at peak), `memoryMs`
 * (bytes at full bandwidth) and `steps` (how many fixed per-step overheads the unit pays), the
 * basis of the small physical model (effective compute, effective bandwidth, overhead per step)
 * in physical-model.ts.
 */
import { categoryValue, numericValue, type Row } from './columns.ts';
import { bytesPerParam, hardwareNumbers, normalizePrecision, rooflineEstimate, type HardwareNumbers } from './roofline.ts';

export type Phase = 'forward' | 'prefill' | 'decode-step' | 'request';

export interface Physics {
  readonly phase: Phase;
  readonly flops: number;
  readonly bytes: number;
  readonly computeMs: number;
  readonly memoryMs: number;
  /** Fixed overheads per measured unit: decode steps (or 1 for one forward pass). */
  readonly steps: number;
  readonly hw: HardwareNumbers;
}

const PER_TOKEN = /(itl|tpot|inter[-_ ]?token|per[-_ ]?token|per output token|decode step|time_per_output)/i;
const FIRST_TOKEN = /(ttft|first[-_ ]?token|prefill)/i;

/** Which serving phase a target (and the row's own latency_metric note) measures. */
export function phaseOf(target: string, row: Row): Phase {
  const note = categoryValue(row.latency_metric) ?? '';
  if (PER_TOKEN.test(target) || PER_TOKEN.test(note)) return 'decode-step';
  if (FIRST_TOKEN.test(target) || FIRST_TOKEN.test(note)) return 'prefill';
  if (numericValue(row.output_len) > 0) return 'request';
  return 'forward';
}

/** Parameters (count) and the share of them active per token (mixture of experts). */
export function parameterCounts(row: Row): { total: number; active: number } {
  let total = numericValue(row.params_m) * 1e6;
  if (!(total > 0)) total = numericValue(row.params_b) * 1e9;
  let active = numericValue(row.activated_params_b) * 1e9;
  if (!(active > 0)) active = numericValue(row.active_params_b) * 1e9;
  if (!(active > 0)) active = numericValue(row.active_params_m) * 1e6;
  if (!(total > 0)) total = active;
  if (!(active > 0) || active > total) active = total;
  return { total: total > 0 ? total : NaN, active: active > 0 ? active : NaN };
}

/** A transformer's KV cache per token, from its size alone (GQA with 8 KV heads of 128; layers ~ 11.3 x params_b^0.45). */
export function kvBytesPerToken(totalParams: number, bytes: number): number {
  const layers = 11.3 * Math.pow(totalParams / 1e9, 0.45);
  return 2 * layers * 8 * 128 * bytes;
}

/** Weight bytes one decode step reads: every expert some sequence of the batch routes to. */
function touchedWeights(total: number, active: number, batch: number): number {
  if (active >= total) return total;
  const share = active / total;
  return total * (1 - Math.pow(1 - share, Math.max(1, batch)));
}

function isLlmRow(row: Row, phase: Phase): boolean {
  if (phase !== 'forward') return true;
  return numericValue(row.input_len) > 0 || numericValue(row.activated_params_b) > 0;
}

export function physicsOf(row: Row, target: string): Physics {
  const hw = hardwareNumbers(row);
  const phase = phaseOf(target, row);
  const batch = numericValue(row.batch_size) > 0 ? numericValue(row.batch_size) : 1;
  const training = categoryValue(row.mode) === 'training';
  const { total, active } = parameterCounts(row);
  const explicitFlops = numericValue(row.gflops_per_item) > 0;
  if (!explicitFlops && total > 0 && isLlmRow(row, phase)) {
    const bytes = bytesPerParam(normalizePrecision(categoryValue(row.precision)));
    const input = numericValue(row.input_len) > 0 ? numericValue(row.input_len) : numericValue(row.seq_len) > 0 ? numericValue(row.seq_len) : NaN;
    const output = numericValue(row.output_len) > 0 ? numericValue(row.output_len) : NaN;
    const kv = kvBytesPerToken(total, Math.min(bytes, 2));
    const prefillFlops = 2 * active * (input > 0 ? input : 1) * batch;
    const prefillBytes = total * bytes + (input > 0 ? kv * input * batch : 0);
    const context = (input > 0 ? input : 0) + (output > 0 ? output / 2 : 0);
    const stepFlops = 2 * active * batch;
    const stepBytes = touchedWeights(total, active, batch) * bytes + kv * context * batch;
    const steps = phase === 'prefill' ? 0 : phase === 'decode-step' ? 1 : output > 0 ? output : 1;
    const withPrefill = phase === 'prefill' || phase === 'request';
    const flops = (withPrefill ? prefillFlops : 0) + steps * stepFlops;
    const moved = (withPrefill ? prefillBytes : 0) + steps * stepBytes;
    const scale = training ? 3 : 1;
    return finish(phase, flops * scale, moved * scale, Math.max(steps, 1), hw);
  }
  // rooflineEstimate already triples training work (forward + backward).
  const roof = rooflineEstimate(row, hw);
  let flops = roof.flops;
  if (!(flops > 0) && total > 0) flops = 2 * active * batch * (numericValue(row.seq_len) > 0 ? numericValue(row.seq_len) : 1) * (training ? 3 : 1);
  return finish(phase, flops, roof.bytes, 1, hw);
}

function finish(phase: Phase, flops: number, bytes: number, steps: number, hw: HardwareNumbers): Physics {
  const f = flops > 0 ? flops : NaN;
  const b = bytes > 0 ? bytes : NaN;
  return {
    phase, flops: f, bytes: b, steps, hw,
    computeMs: f > 0 && hw.peakTflops > 0 ? (f / (hw.peakTflops * 1e12)) * 1e3 : NaN,
    memoryMs: b > 0 && hw.memBwGbs > 0 ? (b / (hw.memBwGbs * 1e9)) * 1e3 : NaN,
  };
}
