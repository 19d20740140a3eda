/**
 * Runs one configuration in the page (a worker) on one onnxruntime-web execution provider.
 * If the requested provider is unavailable or its session cannot be created, the plan decides:
 * skip, or measure on wasm and record wasm, labelled as a fallback with the reason.
 */
import { toleranceFor, type Outputs } from '../../core/measure/check.ts';
import type { PageProvider, RunConfig } from '../../core/measure/plan.ts';
import { measure, type Phase, type Progress, type ProtocolSettings } from '../../core/measure/protocol.ts';
import { toRecord } from '../../core/measure/record.ts';
import type { BenchmarkRecord } from '../../core/schema/record.ts';
import type { Workload } from '../workload.ts';
import type { Capabilities } from './capabilities.ts';
import { WebSessionAdapter, webRuntimeVersion } from './web-session.ts';

export type WebBenchOutcome =
  | { readonly status: 'measured'; readonly record: BenchmarkRecord; readonly fallback: boolean }
  | { readonly status: 'failed'; readonly ep: PageProvider; readonly phase: Phase; readonly error: string }
  | { readonly status: 'skipped'; readonly reason: string };

export interface WebBenchOptions {
  readonly workload: Workload;
  readonly config: RunConfig & { readonly ep: PageProvider };
  readonly capabilities: Capabilities;
  readonly protocol: ProtocolSettings;
  readonly onUnavailable: 'fallback' | 'skip';
  readonly runId: string;
  readonly hardware?: string;
  readonly threads: number;
  /** Reference outputs by model/precision/batch/seq, shared across providers and thread counts. */
  readonly referenceCache: Map<string, Outputs>;
  readonly onProgress?: (progress: Progress & { readonly ep: PageProvider }) => void;
  readonly signal?: { readonly aborted: boolean };
}

const REFERENCE_LABEL = 'wasm (onnxruntime-web, graph optimizations off)';

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

async function referenceOutputs(options: WebBenchOptions): Promise<Outputs> {
  const { workload, config } = options;
  const key = `${workload.name}|${workload.precision}|b${config.batch}|s${config.seq}`;
  const cached = options.referenceCache.get(key);
  if (cached) return cached;
  const session = new WebSessionAdapter(workload.bytes, { ep: 'wasm', optimization: 'disabled' });
  try {
    await session.load();
    const outputs = await session.run(workload.feeds(config.batch, config.seq));
    options.referenceCache.set(key, outputs);
    return outputs;
  } finally {
    await session.dispose();
  }
}

export async function benchWeb(options: WebBenchOptions): Promise<WebBenchOutcome> {
  const { config, capabilities, workload } = options;
  const requested = config.ep;
  let ep: PageProvider = requested;
  let fallbackReason: string | null = null;
  const capability = capabilities.providers[requested];
  if (!capability.available) {
    if (options.onUnavailable === 'skip' || requested === 'wasm') return { status: 'skipped', reason: `${requested} unavailable: ${capability.reason}` };
    ep = 'wasm';
    fallbackReason = `${requested} unavailable: ${capability.reason}`;
  }
  const reference = { outputs: await referenceOutputs(options), label: REFERENCE_LABEL };
  const feeds = workload.feeds(config.batch, config.seq);
  const attempt = async (provider: PageProvider) => {
    const measuredAt = new Date().toISOString();
    const result = await measure({
      adapter: new WebSessionAdapter(workload.bytes, { ep: provider }),
      feeds,
      settings: options.protocol,
      clock: performance,
      reference,
      tolerance: toleranceFor(workload.precision),
      onProgress: (p) => options.onProgress?.({ ...p, ep: provider }),
      signal: options.signal,
    });
    return { result, measuredAt };
  };
  let { result, measuredAt } = await attempt(ep);
  if (result.status === 'failed' && result.phase === 'load' && ep !== 'wasm' && options.onUnavailable === 'fallback') {
    fallbackReason = `${requested} session could not be created: ${result.error}`;
    ep = 'wasm';
    ({ result, measuredAt } = await attempt(ep));
  }
  if (result.status === 'cancelled') return { status: 'skipped', reason: 'cancelled' };
  if (result.status === 'failed') return { status: 'failed', ep, phase: result.phase, error: fallbackReason ? `${result.error} (after ${fallbackReason})` : result.error };
  const gpu = ep === 'webgpu' ? capabilities.gpuAdapter : null;
  const gpuName = gpu ? [gpu.vendor, gpu.architecture].filter(Boolean).join(' ') : '';
  const hardware = ep === 'webgpu' ? `webgpu-${slug(gpuName || 'adapter')}` : (options.hardware ?? 'browser-host');
  const record = toRecord(result, {
    origin: 'perfcast-page',
    runId: options.runId,
    measuredAt,
    runtime: 'onnxruntime-web',
    runtimeVersion: webRuntimeVersion(),
    executionProvider: ep,
    requestedProvider: requested,
    fallbackReason,
    platform: ep,
    hardware,
    deviceName: ep === 'webgpu' && gpu ? (gpu.description || gpuName || 'WebGPU adapter') : `${capabilities.hardwareConcurrency} logical cores`,
    browser: capabilities.browser,
    threads: options.threads,
    crossOriginIsolated: capabilities.crossOriginIsolated,
    gpuAdapter: ep === 'webgpu' ? capabilities.gpuAdapter : null,
    model: workload.facts(config.batch, config.seq),
    batchSize: config.batch,
    seqLen: workload.seqVaries ? config.seq : null,
    precision: workload.precision,
  });
  return { status: 'measured', record, fallback: ep !== requested };
}
