/** Runs the measurement protocol on onnxruntime-node (CPU EP) and makes a measured record. */
import { performance } from 'node:perf_hooks';
import { toleranceFor } from '../../core/measure/check.ts';
import { measure, type MeasureResult, type Progress, type ProtocolSettings } from '../../core/measure/protocol.ts';
import { toRecord } from '../../core/measure/record.ts';
import type { BenchmarkRecord } from '../../core/schema/record.ts';
import type { Workload } from '../workload.ts';
import { cpuModel, hardwareId } from './node-env.ts';
import { NodeSessionAdapter, nodeRuntimeVersion } from './node-session.ts';

export interface NodeRunConfig {
  readonly batch: number;
  readonly seq: number;
  readonly threads: number;
}

export interface NodeBenchOptions {
  readonly protocol: ProtocolSettings;
  readonly runId: string;
  /** Compare outputs with an unoptimized session of the same model (costs one extra load and run). */
  readonly checkOutputs: boolean;
  readonly hardware?: string;
  readonly onProgress?: (progress: Progress) => void;
  /** Checked between runs; an aborted measurement ends as 'cancelled'. */
  readonly signal?: { readonly aborted: boolean };
}

export interface NodeBenchOutcome {
  readonly result: MeasureResult;
  /** Present only when the run succeeded and its outputs were right. */
  readonly record: BenchmarkRecord | null;
}

const REFERENCE_LABEL = 'cpu (onnxruntime-node, graph optimizations off)';

export async function benchNode(workload: Workload, config: NodeRunConfig, options: NodeBenchOptions): Promise<NodeBenchOutcome> {
  const feeds = workload.feeds(config.batch, config.seq);
  let reference: { outputs: Awaited<ReturnType<NodeSessionAdapter['run']>>; label: string } | null = null;
  if (options.checkOutputs) {
    const referenceSession = new NodeSessionAdapter(workload.bytes, { threads: config.threads, optimization: 'disabled' });
    try {
      await referenceSession.load();
      reference = { outputs: await referenceSession.run(feeds), label: REFERENCE_LABEL };
    } finally {
      await referenceSession.dispose();
    }
  }
  const measuredAt = new Date().toISOString();
  const result = await measure({
    adapter: new NodeSessionAdapter(workload.bytes, { threads: config.threads }),
    feeds,
    settings: options.protocol,
    clock: performance,
    reference,
    tolerance: toleranceFor(workload.precision),
    onProgress: options.onProgress,
    signal: options.signal,
  });
  if (result.status !== 'ok') return { result, record: null };
  const device = cpuModel();
  const record = toRecord(result, {
    origin: 'perfcast-node',
    runId: options.runId,
    measuredAt,
    runtime: 'onnxruntime-node',
    runtimeVersion: nodeRuntimeVersion(),
    executionProvider: 'cpu',
    requestedProvider: 'cpu',
    platform: 'cpu',
    hardware: options.hardware ?? hardwareId(device),
    deviceName: device,
    browser: null,
    threads: config.threads,
    crossOriginIsolated: null,
    gpuAdapter: null,
    model: workload.facts(config.batch, config.seq),
    batchSize: config.batch,
    seqLen: workload.seqVaries ? config.seq : null,
    precision: workload.precision,
  });
  return { result, record };
}
