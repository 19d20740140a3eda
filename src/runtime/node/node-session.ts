/** One onnxruntime-node session on the CPU execution provider, as a protocol SessionAdapter. */
import * as ort from 'onnxruntime-node';
import type { Outputs } from '../../core/measure/check.ts';
import type { MemoryReading, SessionAdapter } from '../../core/measure/protocol.ts';
import { toOutputs, type HostFeeds } from '../tensors.ts';
import { PeakRss } from './node-env.ts';

export interface NodeSessionOptions {
  readonly threads: number;
  /** 'disabled' gives an independent reference: no fusions, the plain kernels. */
  readonly optimization?: 'all' | 'disabled';
}

export const nodeRuntimeVersion = (): string => ort.env.versions?.node ?? 'unknown';

export class NodeSessionAdapter implements SessionAdapter<HostFeeds> {
  private session: ort.InferenceSession | null = null;
  private readonly meter = new PeakRss();
  private feedsCache: { host: HostFeeds; ort: Record<string, ort.Tensor> } | null = null;

  constructor(private readonly bytes: Uint8Array, private readonly options: NodeSessionOptions) {}

  async load(): Promise<void> {
    this.session = await ort.InferenceSession.create(this.bytes, {
      executionProviders: ['cpu'],
      intraOpNumThreads: this.options.threads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: this.options.optimization ?? 'all',
    });
  }

  async run(feeds: HostFeeds): Promise<Outputs> {
    if (!this.session) throw new Error('session is not loaded');
    if (this.feedsCache?.host !== feeds) {
      const converted: Record<string, ort.Tensor> = {};
      for (const [name, t] of Object.entries(feeds)) converted[name] = new ort.Tensor(t.type, t.data, [...t.dims]);
      this.feedsCache = { host: feeds, ort: converted };
    }
    const outputs = await this.session.run(this.feedsCache.ort);
    return toOutputs(outputs);
  }

  memory(): MemoryReading {
    const { bytes, kind } = this.meter.read();
    return { peakBytes: bytes, kind };
  }

  async dispose(): Promise<void> {
    await this.session?.release();
    this.session = null;
  }
}
