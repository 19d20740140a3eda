/**
 * SIMULATED LLM-serving tables from a known two-phase roofline law, for predictor tests only:
 *   request latency = prefill + output_len x decode step
 *   prefill = 2 x params x input_len x batch / (peak x computeEff) + overhead
 *   step    = (params x bytes + KV cache read) / (bandwidth x bandwidthEff) + 2 x params x batch / (peak x computeEff) + overhead
 * with catalog peak and bandwidth, per-device efficiencies and log-normal noise. Never shown or stored as measured.
 */
import { findHardware, peakFor } from '../../src/core/catalog/hardware.ts';
import { kvBytesPerToken } from '../../src/core/features/physics.ts';
import { rng } from '../../src/core/predict/stats.ts';

export interface DeviceLaw {
  readonly id: string;
  readonly computeEff: number;
  readonly bandwidthEff: number;
  readonly overheadMs: number;
}

export const DEVICES: readonly DeviceLaw[] = [
  { id: 'a100-sxm4-80gb', computeEff: 0.55, bandwidthEff: 0.8, overheadMs: 0.6 },
  { id: 'h100-sxm5-80gb', computeEff: 0.45, bandwidthEff: 0.75, overheadMs: 0.5 },
  { id: 'l40s', computeEff: 0.5, bandwidthEff: 0.85, overheadMs: 0.8 },
  { id: 'a10g', computeEff: 0.6, bandwidthEff: 0.8, overheadMs: 1.0 },
  { id: 'rtx-4090', computeEff: 0.5, bandwidthEff: 0.85, overheadMs: 0.7 },
  { id: 'mi300x', computeEff: 0.35, bandwidthEff: 0.6, overheadMs: 1.2 },
  { id: 'a40', computeEff: 0.55, bandwidthEff: 0.8, overheadMs: 0.9 },
  // Held out in the transfer test: faster than anything in training, with its own efficiencies.
  { id: 'b200', computeEff: 0.3, bandwidthEff: 0.7, overheadMs: 0.4 },
];

export function lawMs(d: DeviceLaw, paramsB: number, batch: number, input: number, output: number): number {
  const spec = findHardware(d.id)!;
  const peak = peakFor(spec, 'bf16')!.tflops * 1e12 * d.computeEff;
  const bw = spec.memBandwidthGBs! * 1e9 * d.bandwidthEff;
  const p = paramsB * 1e9;
  const kv = kvBytesPerToken(p, 2);
  const prefill = ((2 * p * input * batch) / peak) * 1e3 + d.overheadMs;
  const step = ((p * 2 + kv * (input + output / 2) * batch) / bw + (2 * p * batch) / peak) * 1e3 + d.overheadMs;
  return prefill + output * step;
}

export function twoPhaseTable(devices: readonly DeviceLaw[] = DEVICES, seed = 5, noise = 0.03): Record<string, string | number>[] {
  const random = rng(seed);
  const rows: Record<string, string | number>[] = [];
  const models = [1, 3, 7, 8, 13, 34];
  for (const d of devices) {
    for (const paramsB of models) {
      for (const batch of [1, 4, 16, 64]) {
        for (const input of [128, 512, 2048]) {
          for (const output of [64, 256]) {
            const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
            rows.push({
              source: 'simulated', origin: 'perfcast-test-two-phase-law', model: `simllm-${paramsB}b`, hardware: d.id,
              params_b: paramsB, batch_size: batch, input_len: input, output_len: output, precision: 'bf16',
              latency_ms: Number((lawMs(d, paramsB, batch, input, output) * Math.exp(noise * z)).toPrecision(6)),
            });
          }
        }
      }
    }
  }
  return rows;
}
