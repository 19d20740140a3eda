import type { Preset } from './preset.ts';
import { cellNumber, cellText, hardwareId, platformOf, requireColumns, RunIds } from './common.ts';

const ID = 'vidur';
export const VIDUR_ORIGIN = 'preset:vidur (microsoft/vidur@7d47513 data/profiling)';

const KEY_COLUMNS = ['hardware', 'model', 'num_tokens', 'tp'];
const OP_SUFFIX = '_median_ms';

/**
 * Vidur's per-operator profiles: one input row (model, hardware, num_tokens, tensor-parallel
 * degree) holds the median time of each layer operator. Each operator becomes one record:
 *   model = '<model id>/<operator>' (e.g. 'meta-llama/Llama-2-7b-hf/mlp_up_proj'), with the
 *     plain model id in model_family and the operator in `operator`;
 *   batch_size = num_tokens (the tokens processed in one forward pass of the operator);
 *   num_devices = tp (the operator is the per-GPU shard under tensor parallelism);
 *   latency_ms = the operator's median; precision fp16 (Vidur's profiler casts to float16).
 * Rows repeat for the same configuration (separate profiling runs); run_id keeps them apart.
 */
export const vidurPreset: Preset = {
  id: ID,
  title: 'Vidur per-operator LLM profiles (median ms)',
  citation: 'microsoft/vidur @ 7d47513, data/profiling (MIT licence)',
  matches(_fileName, columns) {
    return KEY_COLUMNS.every((c) => columns.includes(c)) && columns.some((c) => c.endsWith(OP_SUFFIX));
  },
  toRecords(rows, fileName) {
    requireColumns(ID, fileName, KEY_COLUMNS, rows);
    const opColumns = Object.keys(rows[0]).filter((c) => c.endsWith(OP_SUFFIX));
    const runIds = new RunIds();
    const out: Record<string, unknown>[] = [];
    const hwCache = new Map<string, ReturnType<typeof hardwareId>>();
    rows.forEach((row, i) => {
      const num = (col: string) => cellNumber(ID, fileName, i, col, row[col]);
      const device = cellText(row.hardware);
      let hw = hwCache.get(device);
      if (!hw) { hw = hardwareId(device); hwCache.set(device, hw); }
      const model = cellText(row.model);
      const tokens = num('num_tokens');
      const tp = num('tp');
      const runId = runIds.next(`vidur:${model}:${device}:tokens${tokens}:tp${tp}`);
      const shape = {
        n_head: num('n_head'), n_kv_head: num('n_kv_head'), n_embd: num('n_embd'),
        n_expanded_embd: num('n_expanded_embd'), vocab_size: num('vocab_size'),
        use_gated_mlp: cellText(row.use_gated_mlp) || null,
      };
      for (const col of opColumns) {
        const latency = num(col);
        if (latency === null) continue;
        const operator = col.slice(0, -OP_SUFFIX.length);
        out.push({
          source: 'imported',
          origin: VIDUR_ORIGIN,
          run_id: runId,
          model: `${model}/${operator}`,
          model_family: model,
          modality: 'text',
          task: 'llm-operator',
          operator,
          hardware: hw.id,
          device_name: device,
          platform: platformOf(hw.spec),
          num_devices: tp,
          tensor_parallel: tp,
          mode: 'inference',
          batch_size: tokens,
          num_tokens: tokens,
          precision: 'fp16',
          latency_ms: latency,
          ...shape,
        });
      }
    });
    return out;
  },
};

export default vidurPreset;
