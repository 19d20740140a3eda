import type { Precision } from '../schema/record.ts';
import type { Preset } from './preset.ts';
import { cellNumber, cellText, hardwareId, platformOf, PresetError, requireColumns, RunIds, csvLine } from './common.ts';

const ID = 'ml-energy';
export const ML_ENERGY_ORIGIN = 'preset:ml-energy (ml-energy/leaderboard@0cd52da)';

/**
 * ML.ENERGY weight precisions. `mxfp4` (OCP microscaling 4-bit float) has no record precision;
 * it maps to int4 as the nearest 4-bit class, and every row keeps the exact format in
 * `precision_detail` so a user can filter it back out.
 */
export function mlEnergyPrecision(weightPrecision: string): Precision | undefined {
  switch (weightPrecision.toLowerCase()) {
    case 'bfloat16': case 'bf16': return 'bf16';
    case 'float16': case 'fp16': return 'fp16';
    case 'fp8': case 'float8': return 'fp8';
    case 'mxfp4': return 'int4';
    default: return undefined;
  }
}

const LLM_COLUMNS = ['model_id', 'gpu_model', 'num_gpus', 'max_num_seqs', 'weight_precision', 'median_itl_ms', 'output_throughput_tokens_per_sec'];
const DIFFUSION_COLUMNS = ['model_id', 'gpu_model', 'num_gpus', 'batch_size', 'weight_precision', 'batch_latency_s'];

/**
 * ML.ENERGY leaderboard inference runs, LLM and diffusion files.
 *
 * LLM rows (vLLM serving a task's request stream): batch_size = max_num_seqs (the configured
 * batch cap; the achieved mean batch is `avg_batch_size`), latency_ms / p90 / p99 = inter-token
 * latency (one decode step), throughput_items_s = output tokens/s, energy_j = energy per
 * output token, power_w = mean GPU power.
 * Diffusion rows: latency_mean_ms = mean batch latency, throughput_items_s = images or
 * videos/s, energy_j = per image or video.
 */
export const mlEnergyPreset: Preset = {
  id: ID,
  title: 'ML.ENERGY leaderboard (LLM and diffusion inference)',
  citation: 'ml-energy/leaderboard @ 0cd52da, data release (Apache-2.0)',
  matches(_fileName, columns) {
    return columns.includes('gpu_model') && columns.includes('weight_precision')
      && (columns.includes('median_itl_ms') || columns.includes('batch_latency_s'));
  },
  toRecords(rows, fileName) {
    if (rows.length === 0) throw new PresetError(ID, fileName, null, null, 'the file has no data rows');
    const isLlm = 'median_itl_ms' in rows[0];
    requireColumns(ID, fileName, isLlm ? LLM_COLUMNS : DIFFUSION_COLUMNS, rows);
    const runIds = new RunIds();
    const out: Record<string, unknown>[] = [];
    rows.forEach((row, i) => {
      const num = (col: string) => cellNumber(ID, fileName, i, col, row[col]);
      const gpu = cellText(row.gpu_model);
      const { id: hardware, spec } = hardwareId(gpu);
      const weightPrecision = cellText(row.weight_precision);
      const precision = mlEnergyPrecision(weightPrecision);
      if (!precision) throw new PresetError(ID, fileName, csvLine(i), 'weight_precision', `unknown precision ${JSON.stringify(weightPrecision)}`);
      const model = cellText(row.model_id);
      const task = cellText(row.task);
      const totalParamsB = num('total_params_billions');
      const common = {
        source: 'imported',
        origin: ML_ENERGY_ORIGIN,
        model,
        model_family: cellText(row.architecture) || null,
        task: task || null,
        params_m: totalParamsB === null ? null : totalParamsB * 1000,
        activated_params_b: num('activated_params_billions'),
        hardware,
        device_name: gpu,
        platform: platformOf(spec),
        num_devices: num('num_gpus'),
        mode: 'inference',
        precision,
        precision_detail: weightPrecision,
        power_w: num('avg_power_watts'),
      };
      if (isLlm) {
        const tp = num('tensor_parallel'); const ep = num('expert_parallel'); const dp = num('data_parallel');
        const batch = num('max_num_seqs');
        out.push({
          ...common,
          run_id: runIds.next(`ml-energy-llm:${task}:tp${tp}:ep${ep}:dp${dp}`),
          modality: task === 'image-chat' || task === 'video-chat' ? 'multimodal' : 'text',
          batch_size: batch,
          latency_ms: num('median_itl_ms'),
          latency_p90_ms: num('p90_itl_ms'),
          latency_p99_ms: num('p99_itl_ms'),
          latency_p95_ms: num('p95_itl_ms'),
          latency_metric: 'inter-token latency (one decode step)',
          throughput_items_s: num('output_throughput_tokens_per_sec'),
          throughput_unit: 'output tokens/s',
          energy_j: num('energy_per_token_joules'),
          energy_per_request_j: num('energy_per_request_joules'),
          avg_batch_size: num('avg_batch_size'),
          avg_output_len: num('avg_output_len'),
          tensor_parallel: tp,
          expert_parallel: ep,
          data_parallel: dp,
        });
      } else {
        const isVideo = num('num_frames') !== null;
        const latencyS = num('batch_latency_s');
        out.push({
          ...common,
          run_id: runIds.next(`ml-energy-diffusion:${task}:steps${num('inference_steps')}:ulysses${num('ulysses_degree')}:ring${num('ring_degree')}`),
          modality: isVideo ? 'video' : 'vision',
          batch_size: num('batch_size'),
          latency_mean_ms: latencyS === null ? null : latencyS * 1000,
          latency_metric: 'mean batch latency',
          throughput_items_s: isVideo ? num('throughput_videos_per_sec') : num('throughput_images_per_sec'),
          throughput_unit: isVideo ? 'videos/s' : 'images/s',
          energy_j: isVideo ? num('energy_per_video_joules') : num('energy_per_image_joules'),
          inference_steps: num('inference_steps'),
          image_height: isVideo ? num('video_height') : num('image_height'),
          image_width: isVideo ? num('video_width') : num('image_width'),
          num_frames: num('num_frames'),
          fps: num('fps'),
          ulysses_degree: num('ulysses_degree'),
          ring_degree: num('ring_degree'),
        });
      }
    });
    return out;
  },
};

export default mlEnergyPreset;
