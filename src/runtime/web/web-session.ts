/**
 * One onnxruntime-web session on exactly one execution provider. Never a provider list: ORT
 * falls back silently along a list, and a fallback must never be recorded as the requested one.
 */
import * as ort from 'onnxruntime-web/all';
import type { Outputs } from '../../core/measure/check.ts';
import type { MemoryReading, SessionAdapter } from '../../core/measure/protocol.ts';
import type { PageProvider } from '../../core/measure/plan.ts';
import { FeedCache, toOutputs, type HostFeeds } from '../tensors.ts';
import { gpuBufferPeakBytes, resetGpuPeak, wasmHeapBytes } from './memory-probe.ts';

export const webRuntimeVersion = (): string => ort.env.versions?.web ?? ort.env.versions?.common ?? 'unknown';

/** Thread count is fixed when ORT's wasm first starts; a worker is made per thread count. */
export function configureWasm(threads: number): void {
  ort.env.wasm.numThreads = threads;
  ort.env.wasm.proxy = false;
  ort.env.logLevel = 'warning';
}

function providerOption(ep: PageProvider): ort.InferenceSession.ExecutionProviderConfig {
  if (ep === 'webnn') return { name: 'webnn', deviceType: 'cpu' };
  return ep;
}

export interface WebSessionOptions {
  readonly ep: PageProvider;
  readonly optimization?: 'all' | 'disabled';
}

export class WebSessionAdapter implements SessionAdapter<HostFeeds> {
  private session: ort.InferenceSession | null = null;
  private readonly feeds = new FeedCache((t) => new ort.Tensor(t.type, t.data, [...t.dims]));

  constructor(private readonly bytes: Uint8Array, private readonly options: WebSessionOptions) {}

  get inputNames(): readonly string[] {
    return this.session?.inputNames ?? [];
  }

  get inputMetadata(): readonly ort.InferenceSession.ValueMetadata[] {
    return this.session?.inputMetadata ?? [];
  }

  async load(): Promise<void> {
    resetGpuPeak();
    this.session = await ort.InferenceSession.create(this.bytes, {
      executionProviders: [providerOption(this.options.ep)],
      graphOptimizationLevel: this.options.optimization ?? 'all',
      executionMode: 'sequential',
    });
  }

  async run(feeds: HostFeeds): Promise<Outputs> {
    if (!this.session) throw new Error('session is not loaded');
    return toOutputs(await this.session.run(this.feeds.get(feeds)));
  }

  memory(): MemoryReading {
    const wasmHeap = wasmHeapBytes();
    const gpuBuffers = gpuBufferPeakBytes();
    const gpu = this.options.ep === 'webgpu';
    return {
      peakBytes: wasmHeap + (gpu ? gpuBuffers : 0),
      kind: gpu ? 'wasm-heap+gpu-buffers' : 'wasm-heap',
      parts: gpu ? { wasmHeap, gpuBuffers } : { wasmHeap },
    };
  }

  async dispose(): Promise<void> {
    await this.session?.release();
    this.session = null;
    this.feeds.clear();
  }
}
