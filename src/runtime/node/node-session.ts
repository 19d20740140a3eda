/** One onnxruntime-node session on the CPU execution provider, as a protocol SessionAdapter. */
import * as ort from 'onnxruntime-node';
import type { Outputs } from '../../core/measure/check.ts';
import type { MemoryReading, SessionAdapter } from '../../core/measure/protocol.ts';
import { FeedCache, toOutputs, type HostFeeds } from '../tensors.ts';
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
  private readonly feeds = new FeedCache((t) => new ort.Tensor(t.type, t.data, [...t.dims]));

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
    return toOutputs(await this.session.run(this.feeds.get(feeds)));
  }

  memory(): MemoryReading {
    const { bytes, kind } = this.meter.read();
    return { peakBytes: bytes, kind };
  }

  async dispose(): Promise<void> {
    await this.session?.release();
    this.session = null;
    this.feeds.clear();
  }
}
