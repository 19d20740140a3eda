/**
 * The page's handle on bench workers: one worker per wasm thread count, promises for answers,
 * progress callbacks, and cancel by terminating the worker (a run in progress is dropped, never stored).
 */
import { BenchRequestType, BenchResponseType, type BenchProgress, type BenchRequest, type BenchResponse, type MeasureRequestBody } from '../../workers/bench-protocol.ts';
import type { Capabilities } from './capabilities.ts';
import type { WebBenchOutcome } from './web-runner.ts';

interface Pending {
  resolve(value: BenchResponse): void;
  reject(error: Error): void;
  onProgress?: (progress: BenchProgress) => void;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

export class BenchClient {
  private readonly workers = new Map<number, Worker>();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  private worker(threads: number): Worker {
    let worker = this.workers.get(threads);
    if (!worker) {
      worker = new Worker(new URL('../../workers/bench.worker.ts', import.meta.url), { type: 'module', name: `perfcast-bench-${threads}t` });
      worker.onmessage = (event: MessageEvent<BenchResponse>) => this.receive(event.data);
      worker.onerror = (event) => this.failAll(new Error(`bench worker crashed: ${event.message || 'unknown error'}`));
      this.workers.set(threads, worker);
    }
    return worker;
  }

  private receive(response: BenchResponse): void {
    const pending = this.pending.get(response.requestId);
    if (!pending) return;
    if (response.type === BenchResponseType.PROGRESS) {
      pending.onProgress?.(response.progress);
      return;
    }
    this.pending.delete(response.requestId);
    if (response.type === BenchResponseType.ERROR) {
      const error = new Error(response.error.message);
      error.name = response.error.name;
      pending.reject(error);
    } else {
      pending.resolve(response);
    }
  }

  private failAll(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }

  private send(threads: number, request: DistributiveOmit<BenchRequest, 'messageId'>, onProgress?: (p: BenchProgress) => void): Promise<BenchResponse> {
    const messageId = this.nextId++;
    return new Promise<BenchResponse>((resolve, reject) => {
      this.pending.set(messageId, { resolve, reject, onProgress });
      this.worker(threads).postMessage({ ...request, messageId } as BenchRequest);
    });
  }

  async detect(threads = 1): Promise<Capabilities> {
    const response = await this.send(threads, { type: BenchRequestType.DETECT, threads });
    if (response.type !== BenchResponseType.CAPABILITIES) throw new Error(`unexpected answer ${response.type}`);
    return response.capabilities;
  }

  async measure(threads: number, body: MeasureRequestBody, onProgress?: (p: BenchProgress) => void): Promise<WebBenchOutcome> {
    const response = await this.send(threads, { type: BenchRequestType.MEASURE, threads, body }, onProgress);
    if (response.type !== BenchResponseType.OUTCOME) throw new Error(`unexpected answer ${response.type}`);
    return response.outcome;
  }

  /** Stops every worker at once; pending requests reject with CancelledError. */
  cancel(): void {
    for (const worker of this.workers.values()) worker.terminate();
    this.workers.clear();
    this.failAll(new CancelledError());
  }

  dispose(): void {
    this.cancel();
  }
}
