/**
 * Real imported rows for the views test: ML.ENERGY leaderboard text-to-image inference on H100
 * and B200 (latency, throughput, power, energy per image), read from ../shared/datasets when it
 * is present. Labelled `imported` with the file as origin.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import type { BenchmarkRecord, Precision } from '../../src/core/schema/record.ts';

export const MLENERGY_DIFFUSION = join(dirname(fileURLToPath(import.meta.url)), '../../../shared/datasets/ml_energy_leaderboard/mlenergy_diffusion_inference.csv');

const PRECISION: Record<string, Precision> = { bfloat16: 'bf16', float16: 'fp16', float32: 'fp32', fp8: 'fp8' };

export function mlEnergyDiffusionRecords(path = MLENERGY_DIFFUSION): BenchmarkRecord[] | null {
  if (!existsSync(path)) return null;
  const parsed = Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true });
  const out: BenchmarkRecord[] = [];
  for (const r of parsed.data) {
    if (r.task !== 'text-to-image' || !PRECISION[r.weight_precision]) continue;
    const latency = Number(r.batch_latency_s) * 1000;
    const batch = Number(r.batch_size);
    if (!(latency > 0) || !(batch > 0)) continue;
    out.push({
      source: 'imported', origin: 'ML.ENERGY leaderboard: mlenergy_diffusion_inference.csv',
      model: r.nickname || r.model_id, hardware: r.gpu_model, platform: 'cuda', num_devices: Number(r.num_gpus) || 1,
      precision: PRECISION[r.weight_precision], batch_size: batch, latency_ms: latency,
      throughput_items_s: Number(r.throughput_images_per_sec) || null,
      power_w: Number(r.avg_power_watts) || null, energy_j: Number(r.energy_per_image_joules) || null,
      params_m: Number(r.total_params_billions) * 1000 || null, modality: 'vision', task: 'text-to-image',
    });
  }
  return out;
}
