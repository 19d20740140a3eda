import type { Preset } from './preset.ts';
import { cellNumber, cellText, hardwareId, platformOf, PresetError, requireColumns, csvLine } from './common.ts';

const ID = 'lambda';
export const LAMBDA_ORIGIN = 'preset:lambda (lambdal/deeplearning-benchmark@aa5addb)';

const COLUMNS = ['gpu_config', 'num_gpu', 'tdp_watt', 'price_usd', 'precision', 'model', 'train_throughput', 'batch_size_per_gpu'];

const MODELS: Record<string, { family: string; modality: string; task: string }> = {
  ssd: { family: 'ssd', modality: 'vision', task: 'object-detection' },
  bert_base_squad: { family: 'bert', modality: 'text', task: 'question-answering' },
  bert_large_squad: { family: 'bert', modality: 'text', task: 'question-answering' },
  gnmt: { family: 'gnmt', modality: 'text', task: 'translation' },
  ncf: { family: 'ncf', modality: 'tabular', task: 'recommendation' },
  resnet50: { family: 'resnet', modality: 'vision', task: 'image-classification' },
  tacotron2: { family: 'tacotron', modality: 'audio', task: 'text-to-speech' },
  transformerxlbase: { family: 'transformer-xl', modality: 'text', task: 'language-modeling' },
  transformerxllarge: { family: 'transformer-xl', modality: 'text', task: 'language-modeling' },
  waveglow: { family: 'waveglow', modality: 'audio', task: 'vocoder' },
};

/**
 * Lambda's PyTorch TRAINING throughput (long file). Facts of the file this mapping relies on:
 * `batch_size_per_gpu` grows with the GPU count (448 on 1x A100, 896 on 2x), so it is the global
 * batch: batch_size = that value, batch_size_per_device = value / num_gpu. `tdp_watt` and
 * `price_usd` are totals for the configuration (3,200 W for 8x A100), so hw_tdp_w and
 * hw_price_usd are divided by num_gpu (per device, like the catalog) and the totals kept as
 * system_tdp_w / system_price_usd. Throughput 0 means the run did not complete: no record.
 */
export const lambdaPreset: Preset = {
  id: ID,
  title: 'Lambda deep-learning benchmark (PyTorch training throughput)',
  citation: 'lambdal/deeplearning-benchmark @ aa5addb (no licence stated)',
  matches(_fileName, columns) {
    return columns.includes('gpu_config') && columns.includes('train_throughput');
  },
  toRecords(rows, fileName) {
    requireColumns(ID, fileName, COLUMNS, rows);
    const out: Record<string, unknown>[] = [];
    rows.forEach((row, i) => {
      const num = (col: string) => cellNumber(ID, fileName, i, col, row[col]);
      const throughput = num('train_throughput');
      if (throughput === null || throughput === 0) return;
      const config = cellText(row.gpu_config);
      const numGpu = num('num_gpu');
      if (numGpu === null || !Number.isInteger(numGpu) || numGpu < 1) {
        throw new PresetError(ID, fileName, csvLine(i), 'num_gpu', `expected a whole number of GPUs, got ${JSON.stringify(cellText(row.num_gpu))}`);
      }
      const globalBatch = num('batch_size_per_gpu');
      const tdp = num('tdp_watt');
      const price = num('price_usd');
      const { id, spec } = hardwareId(config);
      const model = cellText(row.model);
      const info = MODELS[model];
      out.push({
        source: 'imported',
        origin: LAMBDA_ORIGIN,
        run_id: `lambda:${config}`,
        model,
        model_family: info?.family ?? null,
        modality: info?.modality ?? null,
        task: info?.task ?? null,
        hardware: id,
        device_name: config,
        platform: platformOf(spec),
        num_devices: numGpu,
        runtime: 'pytorch',
        mode: 'training',
        batch_size: globalBatch,
        batch_size_per_device: globalBatch === null ? null : globalBatch / numGpu,
        precision: cellText(row.precision),
        throughput_items_s: throughput,
        hw_tdp_w: tdp === null ? null : tdp / numGpu,
        hw_price_usd: price === null ? null : price / numGpu,
        system_tdp_w: tdp,
        system_price_usd: price,
      });
    });
    return out;
  },
};

export default lambdaPreset;
