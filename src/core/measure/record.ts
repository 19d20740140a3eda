/** Turns a measured result into a BenchmarkRecord with its full provenance. */
import type { BenchmarkRecord, Platform, Precision, Scalar } from '../schema/record.ts';
import type { MeasuredResult } from './protocol.ts';

export interface GpuAdapterInfo {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  readonly isFallbackAdapter: boolean | null;
}

export interface ModelFacts {
  readonly name: string;
  readonly family?: string | null;
  readonly modality?: string | null;
  readonly task?: string | null;
  readonly paramsM?: number | null;
  readonly gflopsPerItem?: number | null;
  readonly weightsMb?: number | null;
}

export interface RunContext {
  readonly origin: string;
  readonly runId: string;
  readonly measuredAt: string;
  readonly runtime: string;
  readonly runtimeVersion: string;
  /** The provider that really executed the measured runs. */
  readonly executionProvider: string;
  /** The provider the plan asked for; differs from the above only on a fallback. */
  readonly requestedProvider: string;
  readonly fallbackReason?: string | null;
  readonly platform: Platform;
  readonly hardware: string;
  readonly deviceName?: string | null;
  readonly browser?: string | null;
  readonly threads?: number | null;
  readonly crossOriginIsolated?: boolean | null;
  readonly gpuAdapter?: GpuAdapterInfo | null;
  readonly model: ModelFacts;
  readonly batchSize: number;
  readonly seqLen?: number | null;
  readonly precision: Precision;
}

/**
 * Extra columns every measured record carries, in this order, so page and Node rows share one
 * schema and a Parquet file can be appended to.
 */
export const MEASURED_EXTRA_COLUMNS = [
  { name: 'ep_requested', type: 'string' },
  { name: 'ep_fallback', type: 'string' },
  { name: 'ep_fallback_reason', type: 'string' },
  { name: 'cross_origin_isolated', type: 'string' },
  { name: 'gpu_adapter', type: 'string' },
  { name: 'gpu_is_fallback_adapter', type: 'string' },
  { name: 'output_check', type: 'string' },
  { name: 'output_check_reference', type: 'string' },
  { name: 'output_max_abs_error', type: 'number' },
  { name: 'latency_cv', type: 'number' },
  { name: 'latency_min_ms', type: 'number' },
  { name: 'latency_ci_level', type: 'number' },
  { name: 'warmup_runs', type: 'integer' },
  { name: 'protocol_min_runs', type: 'integer' },
  { name: 'protocol_min_seconds', type: 'number' },
  { name: 'stop_reason', type: 'string' },
  { name: 'memory_kind', type: 'string' },
  { name: 'memory_wasm_heap_mb', type: 'number' },
  { name: 'memory_gpu_buffers_mb', type: 'number' },
] as const;

const MB = 1024 * 1024;

function bool(value: boolean | null | undefined): string | null {
  return value === null || value === undefined ? null : String(value);
}

function round(value: number, digits = 4): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function describeAdapter(info: GpuAdapterInfo | null | undefined): string | null {
  if (!info) return null;
  const parts = [info.vendor, info.architecture, info.device, info.description].filter((p) => p && p.length > 0);
  return parts.length > 0 ? parts.join(' / ') : 'unnamed adapter';
}

export function toRecord(result: MeasuredResult, context: RunContext): BenchmarkRecord {
  const { stats } = result;
  const parts = result.memory.parts ?? {};
  const fallback = context.executionProvider !== context.requestedProvider;
  const extra: Record<string, Scalar> = {
    ep_requested: context.requestedProvider,
    ep_fallback: String(fallback),
    ep_fallback_reason: fallback ? (context.fallbackReason ?? 'requested provider did not run') : null,
    cross_origin_isolated: bool(context.crossOriginIsolated),
    gpu_adapter: describeAdapter(context.gpuAdapter),
    gpu_is_fallback_adapter: bool(context.gpuAdapter?.isFallbackAdapter),
    output_check: result.check.status,
    output_check_reference: result.check.status === 'skipped' ? result.check.detail : result.check.reference,
    output_max_abs_error: result.check.maxAbsError,
    latency_cv: round(stats.cv, 6),
    latency_min_ms: round(stats.min),
    latency_ci_level: round(stats.medianCi.level, 6),
    warmup_runs: result.warmupMs.length,
    protocol_min_runs: result.settings.minRuns,
    protocol_min_seconds: result.settings.minSeconds,
    stop_reason: result.stopReason,
    memory_kind: result.memory.peakBytes === null ? null : result.memory.kind,
    memory_wasm_heap_mb: parts.wasmHeap === undefined ? null : round(parts.wasmHeap / MB, 3),
    memory_gpu_buffers_mb: parts.gpuBuffers === undefined ? null : round(parts.gpuBuffers / MB, 3),
  };
  return {
    source: 'measured',
    origin: context.origin,
    run_id: context.runId,
    measured_at: context.measuredAt,
    runtime: context.runtime,
    runtime_version: context.runtimeVersion,
    execution_provider: context.executionProvider,
    browser: context.browser ?? null,
    model: context.model.name,
    model_family: context.model.family ?? null,
    modality: context.model.modality ?? null,
    task: context.model.task ?? null,
    params_m: context.model.paramsM ?? null,
    gflops_per_item: context.model.gflopsPerItem ?? null,
    weights_mb: context.model.weightsMb ?? null,
    hardware: context.hardware,
    platform: context.platform,
    device_name: context.deviceName ?? null,
    num_devices: 1,
    threads: context.threads ?? null,
    mode: 'inference',
    batch_size: context.batchSize,
    seq_len: context.seqLen ?? null,
    precision: context.precision,
    latency_ms: round(stats.p50),
    latency_p90_ms: round(stats.p90),
    latency_p99_ms: round(stats.p99),
    latency_mean_ms: round(stats.mean),
    latency_std_ms: round(stats.std),
    latency_ci_lo_ms: round(stats.medianCi.lo),
    latency_ci_hi_ms: round(stats.medianCi.hi),
    load_ms: round(result.loadMs),
    first_run_ms: round(result.firstRunMs),
    runs: stats.n,
    throughput_items_s: stats.p50 > 0 ? round((context.batchSize * 1000) / stats.p50) : null,
    memory_mb: result.memory.peakBytes === null ? null : round(result.memory.peakBytes / MB, 3),
    ...extra,
  };
}

/** A run id that sorts by time and does not collide between tabs or processes. */
export function newRunId(prefix: string, now: Date, random: () => number): string {
  const stamp = now.toISOString().replace(/[-:.]/g, '').replace('T', '-').slice(0, 15);
  const suffix = Math.floor(random() * 36 ** 6).toString(36).padStart(6, '0');
  return `${prefix}-${stamp}-${suffix}`;
}

/** The provenance line shown next to a measured number. */
export function provenanceLabel(record: Pick<BenchmarkRecord, 'runtime' | 'runtime_version' | 'execution_provider' | 'browser'> & { ep_fallback?: Scalar | undefined; ep_requested?: Scalar | undefined }): string {
  const where = [
    `${record.runtime ?? 'unknown runtime'} ${record.runtime_version ?? ''}`.trim(),
    record.ep_fallback === 'true' ? `${record.execution_provider} (fallback from ${record.ep_requested})` : record.execution_provider,
    record.browser,
  ].filter((p): p is string => typeof p === 'string' && p.length > 0);
  return `measured (${where.join(', ')})`;
}
