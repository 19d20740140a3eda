/**
 * Clearly labelled SIMULATED benchmark rows for the dashboard's end-to-end test and benchmark:
 * `source: 'simulated'`, origin says it is a synthetic generator. A toy roofline (compute over
 * an assumed peak, plus a fixed overhead) with seeded noise gives them plausible shapes; they
 * are not measurements and nothing here is shown as one.
 */
import type { BenchmarkRecord, Precision } from '../../src/core/schema/record.ts';
import { mulberry32 as rng } from '../../src/core/random.ts';

export const SIMULATED_ORIGIN = 'perfcast dashboard test generator (synthetic, not a measurement)';

interface Hw { id: string; platform: 'cuda' | 'cpu' | 'wasm' | 'mps'; ep: string; tflops: number; watts: number | null; precisions: Precision[] }

const HARDWARE: Hw[] = [
  { id: 'sim-gpu-large', platform: 'cuda', ep: 'CUDAExecutionProvider', tflops: 300, watts: 400, precisions: ['fp32', 'fp16', 'int8', 'int4'] },
  { id: 'sim-gpu-mid', platform: 'cuda', ep: 'CUDAExecutionProvider', tflops: 120, watts: 250, precisions: ['fp32', 'fp16', 'int8'] },
  { id: 'sim-gpu-small', platform: 'cuda', ep: 'TensorrtExecutionProvider', tflops: 60, watts: 70, precisions: ['fp32', 'fp16', 'int8'] },
  { id: 'sim-cpu-server', platform: 'cpu', ep: 'CPUExecutionProvider', tflops: 3, watts: 205, precisions: ['fp32', 'int8'] },
  { id: 'sim-laptop-soc', platform: 'mps', ep: 'CoreMLExecutionProvider', tflops: 10, watts: 30, precisions: ['fp32', 'fp16'] },
  { id: 'sim-browser-wasm', platform: 'wasm', ep: 'wasm', tflops: 0.2, watts: null, precisions: ['fp32', 'int8'] },
];

const MODELS = [
  { id: 'sim-bert-base', gflops: 22, mb: 420 },
  { id: 'sim-vit-b16', gflops: 17.5, mb: 330 },
  { id: 'sim-whisper-small', gflops: 40, mb: 920 },
  { id: 'sim-t5-small', gflops: 6, mb: 240 },
  { id: 'sim-clip-b32', gflops: 4.4, mb: 600 },
];

const SPEEDUP: Record<string, number> = { fp32: 1, fp16: 2.2, bf16: 2.2, fp8: 3.5, int8: 3, int4: 4 };
const BYTES: Record<string, number> = { fp32: 1, fp16: 0.5, bf16: 0.5, fp8: 0.25, int8: 0.25, int4: 0.125 };

export interface SimulateOptions {
  readonly rows: number;
  readonly seed?: number;
  /** Where generation starts in the (deterministic) sequence, for generating in chunks. */
  readonly offset?: number;
}

const BATCHES = [1, 2, 4, 8, 16, 32, 64, 128];
const SEQS = [64, 128, 256, 512, 1024];

/** The i-th simulated row; every configuration repeats as further "runs" as i grows. */
export function simulatedRow(i: number, seed = 1): BenchmarkRecord {
  let k = i;
  const hw = HARDWARE[k % HARDWARE.length]; k = Math.floor(k / HARDWARE.length);
  const model = MODELS[k % MODELS.length]; k = Math.floor(k / MODELS.length);
  const precision = hw.precisions[k % hw.precisions.length]; k = Math.floor(k / hw.precisions.length);
  const batch = BATCHES[k % BATCHES.length]; k = Math.floor(k / BATCHES.length);
  const seq = SEQS[k % SEQS.length]; k = Math.floor(k / SEQS.length);
  const run = k;
  const r = rng(seed * 1_000_003 + i);
  const noise = 1 + (r() - 0.5) * 0.12;
  const work = model.gflops * batch * (seq / 128);
  const efficiency = 0.35 * Math.min(1, 0.2 + batch / 32);
  const latency = (work / (hw.tflops * 1000 * SPEEDUP[precision] * efficiency) * 1000 + (hw.platform === 'cuda' ? 0.4 : 1.5)) * noise;
  const throughput = (batch * 1000) / latency;
  const memory = model.mb * BYTES[precision] + batch * seq * 0.05 + 150;
  const power = hw.watts === null ? null : hw.watts * (0.45 + 0.5 * Math.min(1, batch / 32)) * (1 + (r() - 0.5) * 0.05);
  return {
    source: 'simulated',
    origin: SIMULATED_ORIGIN,
    run_id: `sim-run-${run}`,
    measured_at: new Date(Date.UTC(2026, 0, 1) + run * 3_600_000).toISOString(),
    model: model.id,
    hardware: hw.id,
    platform: hw.platform,
    execution_provider: hw.ep,
    precision,
    batch_size: batch,
    seq_len: seq,
    gflops_per_item: model.gflops * (seq / 128),
    latency_ms: latency,
    latency_p90_ms: latency * 1.08,
    latency_ci_lo_ms: latency * 0.97,
    latency_ci_hi_ms: latency * 1.03,
    throughput_items_s: throughput,
    memory_mb: memory,
    power_w: power,
    energy_j: power === null ? null : power / throughput,
    runs: 20,
  };
}

export function simulatedRows(opts: SimulateOptions): BenchmarkRecord[] {
  const out: BenchmarkRecord[] = [];
  const start = opts.offset ?? 0;
  for (let i = start; i < start + opts.rows; i++) out.push(simulatedRow(i, opts.seed ?? 1));
  return out;
}
