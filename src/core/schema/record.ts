/**
 * The benchmark record: one row per measured, imported, predicted or simulated configuration.
 * FIELDS is the single source of truth for column names, types and units; the validator, the
 * DuckDB table, Parquet/CSV export and the Data view all derive from it.
 */

export const SOURCES = ['measured', 'imported', 'predicted', 'simulated'] as const;
export type Source = (typeof SOURCES)[number];

export const PRECISIONS = ['fp32', 'fp16', 'bf16', 'fp8', 'int8', 'int4'] as const;
export type Precision = (typeof PRECISIONS)[number];

export const PLATFORMS = [
  'cpu', 'cuda', 'rocm', 'mps', 'openvino', 'qnn', 'wasm', 'webgpu', 'webnn', 'tpu', 'npu', 'mcu', 'fpga', 'asic',
] as const;
export type Platform = (typeof PLATFORMS)[number];

export const MODES = ['inference', 'training'] as const;
export type Mode = (typeof MODES)[number];

export type FieldType = 'string' | 'integer' | 'number' | 'timestamp';

export interface FieldSpec {
  readonly name: string;
  readonly type: FieldType;
  readonly group: 'provenance' | 'model' | 'hardware' | 'workload' | 'metric' | 'hw_spec';
  readonly unit?: string;
  readonly required?: boolean;
  readonly allowed?: readonly string[];
  /** Metrics and sizes must be finite and non-negative. */
  readonly nonNegative?: boolean;
  /** Strictly positive (batch size, thread count). */
  readonly positive?: boolean;
  readonly description: string;
}

export const FIELDS: readonly FieldSpec[] = [
  { name: 'source', type: 'string', group: 'provenance', required: true, allowed: SOURCES, description: 'measured, imported, predicted or simulated' },
  { name: 'origin', type: 'string', group: 'provenance', required: true, description: 'the harness or import adapter that produced the row' },
  { name: 'run_id', type: 'string', group: 'provenance', description: 'identifier of the run or import batch' },
  { name: 'measured_at', type: 'timestamp', group: 'provenance', description: 'when the measurement was taken (ISO 8601)' },
  { name: 'runtime', type: 'string', group: 'provenance', description: 'runtime name, e.g. onnxruntime-web' },
  { name: 'runtime_version', type: 'string', group: 'provenance', description: 'runtime version' },
  { name: 'execution_provider', type: 'string', group: 'provenance', description: 'the execution provider that actually ran' },
  { name: 'browser', type: 'string', group: 'provenance', description: 'browser name and version, when run in a page' },

  { name: 'model', type: 'string', group: 'model', required: true, description: 'model name' },
  { name: 'model_family', type: 'string', group: 'model', description: 'architecture family, e.g. bert, vit, llama' },
  { name: 'modality', type: 'string', group: 'model', description: 'text, vision, audio, multimodal' },
  { name: 'task', type: 'string', group: 'model', description: 'task, e.g. classification' },
  { name: 'params_m', type: 'number', group: 'model', unit: 'M', nonNegative: true, description: 'parameters, millions' },
  { name: 'gflops_per_item', type: 'number', group: 'model', unit: 'GFLOP', nonNegative: true, description: 'forward FLOPs per item, billions' },
  { name: 'weights_mb', type: 'number', group: 'model', unit: 'MB', nonNegative: true, description: 'weights size' },

  { name: 'hardware', type: 'string', group: 'hardware', required: true, description: 'hardware id (catalog id where known)' },
  { name: 'platform', type: 'string', group: 'hardware', allowed: PLATFORMS, description: 'software platform / backend family' },
  { name: 'device_name', type: 'string', group: 'hardware', description: 'device name as reported' },
  { name: 'num_devices', type: 'integer', group: 'hardware', positive: true, description: 'number of devices' },
  { name: 'threads', type: 'integer', group: 'hardware', positive: true, description: 'CPU / wasm threads' },

  { name: 'mode', type: 'string', group: 'workload', allowed: MODES, description: 'inference or training' },
  { name: 'batch_size', type: 'integer', group: 'workload', required: true, positive: true, description: 'items per batch' },
  { name: 'seq_len', type: 'integer', group: 'workload', positive: true, description: 'sequence length (tokens)' },
  { name: 'input_len', type: 'integer', group: 'workload', nonNegative: true, description: 'prompt length (tokens)' },
  { name: 'output_len', type: 'integer', group: 'workload', nonNegative: true, description: 'generated length (tokens)' },
  { name: 'precision', type: 'string', group: 'workload', required: true, allowed: PRECISIONS, description: 'numeric precision' },

  { name: 'latency_ms', type: 'number', group: 'metric', unit: 'ms', nonNegative: true, description: 'median latency per batch' },
  { name: 'latency_p90_ms', type: 'number', group: 'metric', unit: 'ms', nonNegative: true, description: '90th percentile latency' },
  { name: 'latency_p99_ms', type: 'number', group: 'metric', unit: 'ms', nonNegative: true, description: '99th percentile latency' },
  { name: 'latency_mean_ms', type: 'number', group: 'metric', unit: 'ms', nonNegative: true, description: 'mean latency' },
  { name: 'latency_std_ms', type: 'number', group: 'metric', unit: 'ms', nonNegative: true, description: 'latency standard deviation' },
  { name: 'latency_ci_lo_ms', type: 'number', group: 'metric', unit: 'ms', nonNegative: true, description: 'lower end of the 95% CI of the median' },
  { name: 'latency_ci_hi_ms', type: 'number', group: 'metric', unit: 'ms', nonNegative: true, description: 'upper end of the 95% CI of the median' },
  { name: 'load_ms', type: 'number', group: 'metric', unit: 'ms', nonNegative: true, description: 'session creation time' },
  { name: 'first_run_ms', type: 'number', group: 'metric', unit: 'ms', nonNegative: true, description: 'first (compiling) run' },
  { name: 'runs', type: 'integer', group: 'metric', nonNegative: true, description: 'measured runs' },
  { name: 'throughput_items_s', type: 'number', group: 'metric', unit: 'items/s', nonNegative: true, description: 'items per second' },
  { name: 'memory_mb', type: 'number', group: 'metric', unit: 'MB', nonNegative: true, description: 'peak memory' },
  { name: 'power_w', type: 'number', group: 'metric', unit: 'W', nonNegative: true, description: 'average power' },
  { name: 'energy_j', type: 'number', group: 'metric', unit: 'J', nonNegative: true, description: 'energy per item' },

  { name: 'hw_peak_tflops_fp32', type: 'number', group: 'hw_spec', unit: 'TFLOP/s', nonNegative: true, description: 'peak fp32 TFLOP/s' },
  { name: 'hw_peak_tflops_fp16', type: 'number', group: 'hw_spec', unit: 'TFLOP/s', nonNegative: true, description: 'peak fp16/bf16 TFLOP/s' },
  { name: 'hw_peak_tops_int8', type: 'number', group: 'hw_spec', unit: 'TOP/s', nonNegative: true, description: 'peak int8 TOP/s' },
  { name: 'hw_mem_bw_gbs', type: 'number', group: 'hw_spec', unit: 'GB/s', nonNegative: true, description: 'memory bandwidth' },
  { name: 'hw_mem_gb', type: 'number', group: 'hw_spec', unit: 'GB', nonNegative: true, description: 'memory size' },
  { name: 'hw_tdp_w', type: 'number', group: 'hw_spec', unit: 'W', nonNegative: true, description: 'thermal design power' },
  { name: 'hw_price_usd', type: 'number', group: 'hw_spec', unit: 'USD', nonNegative: true, description: 'list price' },
];

export const FIELD_BY_NAME: ReadonlyMap<string, FieldSpec> = new Map(FIELDS.map((f) => [f.name, f]));

export const METRIC_FIELDS = FIELDS.filter((f) => f.group === 'metric').map((f) => f.name);

/** Fields that identify a configuration; two rows with equal values here and equal run_id are duplicates. */
export const CONFIG_KEY_FIELDS = [
  'source', 'origin', 'run_id', 'model', 'hardware', 'platform', 'execution_provider', 'runtime', 'browser',
  'threads', 'num_devices', 'mode', 'batch_size', 'seq_len', 'input_len', 'output_len', 'precision', 'measured_at',
] as const;

export type Scalar = string | number | null;

/**
 * A record as stored. Known fields are typed; any extra column a user brings (numeric or
 * categorical) travels along and is used as a predictor feature.
 */
export interface BenchmarkRecord {
  source: Source;
  origin: string;
  model: string;
  hardware: string;
  batch_size: number;
  precision: Precision;
  run_id?: string | null;
  measured_at?: string | null;
  runtime?: string | null;
  runtime_version?: string | null;
  execution_provider?: string | null;
  browser?: string | null;
  model_family?: string | null;
  modality?: string | null;
  task?: string | null;
  params_m?: number | null;
  gflops_per_item?: number | null;
  weights_mb?: number | null;
  platform?: Platform | null;
  device_name?: string | null;
  num_devices?: number | null;
  threads?: number | null;
  mode?: Mode | null;
  seq_len?: number | null;
  input_len?: number | null;
  output_len?: number | null;
  latency_ms?: number | null;
  latency_p90_ms?: number | null;
  latency_p99_ms?: number | null;
  latency_mean_ms?: number | null;
  latency_std_ms?: number | null;
  latency_ci_lo_ms?: number | null;
  latency_ci_hi_ms?: number | null;
  load_ms?: number | null;
  first_run_ms?: number | null;
  runs?: number | null;
  throughput_items_s?: number | null;
  memory_mb?: number | null;
  power_w?: number | null;
  energy_j?: number | null;
  [extra: string]: Scalar | undefined;
}
