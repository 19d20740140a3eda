import type { Platform } from '../schema/record.ts';
import type { Preset } from './preset.ts';
import { cellNumber, cellText, hardwareId, requireColumns, RunIds } from './common.ts';

const ID = 'mlperf-tiny';
export const MLPERF_TINY_ORIGIN = 'preset:mlperf-tiny (mlcommons/tiny_results v0.5-v1.3)';

/** The four closed-division benchmarks under their short codes; other names (open division) pass through. */
const BENCHMARKS: Record<string, { model: string; task: string; modality: string }> = {
  ad: { model: 'mlperf-tiny-ad (fc-autoencoder, ToyADMOS)', task: 'anomaly-detection', modality: 'audio' },
  ic: { model: 'mlperf-tiny-ic (resnet8, CIFAR-10)', task: 'image-classification', modality: 'vision' },
  kws: { model: 'mlperf-tiny-kws (ds-cnn, Speech Commands)', task: 'keyword-spotting', modality: 'audio' },
  vww: { model: 'mlperf-tiny-vww (mobilenet-v1 0.25, Visual Wake Words)', task: 'visual-wake-words', modality: 'vision' },
};
const BENCHMARK_ALIASES: Record<string, string> = {
  anomaly_detection: 'ad', image_classification: 'ic', keyword_spotting: 'kws', visual_wake_words: 'vww',
};

function platformFor(processor: string, accelerator: string): Platform {
  if (/XC7Z|Z-70/i.test(accelerator)) return 'fpga';
  if (accelerator !== '') return 'npu';
  if (/Kryo|Oryon|Cortex[ -]?A/i.test(processor)) return 'cpu';
  return 'mcu';
}

/**
 * MLPerf Tiny results: one record per (submission, benchmark). Latency is the file's
 * `latency_ms` (1000 / median throughput), energy per inference converts uJ -> J, power uW -> W.
 * Precision: rows saying FP16 get fp16; all others int8 (the MLPerf Tiny reference models are
 * int8-quantised), with the submitter's own words kept in `precision_detail`.
 */
export const mlperfTinyPreset: Preset = {
  id: ID,
  title: 'MLPerf Tiny results (v0.5-v1.3)',
  citation: 'mlcommons/tiny_results v0.5-v1.3 (Apache-2.0)',
  matches(_fileName, columns) {
    return columns.includes('perf_median_throughput_inf_s') && columns.includes('benchmark');
  },
  toRecords(rows, fileName) {
    requireColumns(ID, fileName, ['version', 'system', 'benchmark', 'perf_median_throughput_inf_s', 'latency_ms'], rows);
    const runIds = new RunIds();
    const out: Record<string, unknown>[] = [];
    rows.forEach((row, i) => {
      const num = (col: string) => cellNumber(ID, fileName, i, col, row[col]);
      const throughput = num('perf_median_throughput_inf_s');
      const latency = num('latency_ms');
      const energyUj = num('energy_median_uJ_per_inf');
      const powerUw = num('energy_mode_median_power_uW');
      if (throughput === null && latency === null && energyUj === null) return;
      const rawBenchmark = cellText(row.benchmark);
      const code = BENCHMARK_ALIASES[rawBenchmark] ?? rawBenchmark;
      const bench = BENCHMARKS[code];
      const system = cellText(row.system);
      const processor = cellText(row.processor);
      const accelerator = cellText(row.accelerator);
      const quantization = cellText(row.quantization);
      const { id } = hardwareId(system);
      const version = cellText(row.version);
      const division = cellText(row.division);
      const submitter = cellText(row.submitter);
      out.push({
        source: 'imported',
        origin: MLPERF_TINY_ORIGIN,
        run_id: runIds.next(`mlperf-tiny-${version}:${division}:${submitter}:${system}:${code}`),
        model: bench?.model ?? `mlperf-tiny-${code}`,
        model_family: 'mlperf-tiny',
        modality: bench?.modality ?? null,
        task: bench?.task ?? code,
        hardware: id,
        device_name: system,
        platform: platformFor(processor, accelerator),
        runtime: cellText(row.framework) || null,
        mode: 'inference',
        batch_size: 1,
        precision: /fp16/i.test(quantization) ? 'fp16' : 'int8',
        precision_detail: quantization || 'unstated (reference models are int8)',
        latency_ms: latency,
        throughput_items_s: throughput,
        energy_j: energyUj === null ? null : energyUj * 1e-6,
        power_w: powerUw === null ? null : powerUw * 1e-6,
        mlperf_version: version,
        mlperf_division: division,
        submitter,
        board: cellText(row.board) || null,
        soc: cellText(row.soc) || null,
        processor: processor || null,
        processor_freq: cellText(row.processor_freq) || null,
        accelerator: accelerator || null,
      });
    });
    return out;
  },
};

export default mlperfTinyPreset;
