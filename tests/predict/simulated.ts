/**
 * SIMULATED benchmark tables for predictor tests and speed scripts: a known roofline law with
 * hardware-dependent efficiency and log-normal noise. Never shown or stored as measured.
 */
import { rng } from '../../src/core/predict/stats.ts';

export interface SimulatedOptions {
  readonly hardware?: number;
  readonly models?: number;
  readonly batches?: readonly number[];
  readonly noise?: number;
  readonly seed?: number;
}

export interface SimulatedHardware {
  readonly id: string;
  readonly peak: number;
  readonly bw: number;
}

export function simulatedHardware(count: number, seed: number): SimulatedHardware[] {
  const random = rng(seed);
  return Array.from({ length: count }, (_, i) => ({
    id: `simgpu-${i}`,
    peak: 5 * Math.exp(random() * Math.log(60)),
    bw: 200 * Math.exp(random() * Math.log(15)),
  }));
}

/** The law: time = max(flops / (peak * eff), bytes / (bw * 0.8)) + 0.05 ms, eff falling with peak. */
export function lawLatencyMs(hw: SimulatedHardware, gflops: number, paramsM: number, batch: number, precision: string): number {
  const peak = precision === 'fp16' ? hw.peak * 4 : hw.peak;
  const eff = 0.65 - 0.08 * Math.log10(peak / 5);
  const compute = (gflops * 1e9 * batch) / (peak * 1e12 * eff);
  const memory = (paramsM * 1e6 * (precision === 'fp16' ? 2 : 4)) / (hw.bw * 1e9 * 0.8);
  return (Math.max(compute, memory) * 1e3) + 0.05;
}

export function simulatedTable(options: SimulatedOptions = {}): Record<string, string | number>[] {
  const random = rng(options.seed ?? 7);
  const hardware = simulatedHardware(options.hardware ?? 8, (options.seed ?? 7) + 1);
  const models = Array.from({ length: options.models ?? 12 }, (_, i) => ({
    id: `simnet-${i}`,
    gflops: 0.5 * Math.exp(random() * Math.log(200)),
    params: 5 * Math.exp(random() * Math.log(100)),
  }));
  const batches = options.batches ?? [1, 2, 4, 8, 16, 32, 64];
  const noise = options.noise ?? 0.03;
  const rows: Record<string, string | number>[] = [];
  for (const hw of hardware) {
    for (const m of models) {
      for (const batch of batches) {
        for (const precision of ['fp32', 'fp16']) {
          const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
          const latency = lawLatencyMs(hw, m.gflops, m.params, batch, precision) * Math.exp(noise * z);
          rows.push({
            source: 'simulated', origin: 'perfcast-test-law', model: m.id, hardware: hw.id, batch_size: batch, precision,
            gflops_per_item: Number(m.gflops.toFixed(4)), params_m: Number(m.params.toFixed(3)),
            hw_peak_tflops_fp32: Number(hw.peak.toFixed(3)), hw_peak_tflops_fp16: Number((hw.peak * 4).toFixed(3)),
            hw_mem_bw_gbs: Number(hw.bw.toFixed(1)),
            latency_ms: Number(latency.toPrecision(6)),
            throughput_items_s: Number(((batch * 1000) / latency).toPrecision(6)),
          });
        }
      }
    }
  }
  return rows;
}
