/**
 * The page's handle on bench workers: one worker per wasm thread count, promises for answers,
 * progress callbacks, and cancel by terminating the worker (a run in progress is dropped, never stored).
 */
import type { BenchMethods, BenchProgress, MeasureRequestBody } from '../../workers/bench-protocol.ts';
import { RpcClient } from '../../workers/rpc.ts';
import type { Capabilities } from './capabilities.ts';
import type { WebBenchOutcome } from './web-runner.ts';

export { CancelledError } from '../../workers/rpc.ts';

interface Connection {
  readonly worker: Worker;
  readonly client: RpcClient<BenchMethods>;
}

export class BenchClient {
  private readonly connections = new Map<number, Connection>();

  private client(threads: number): RpcClient<BenchMethods> {
    let connection = this.connections.get(threads);
    if (!connection) {
      const worker = new Worker(new URL('../../workers/bench.worker.ts', import.meta.url), { type: 'module', name: `perfcast-bench-${threads}t` });
      const client = new RpcClient<BenchMethods>(worker);
      worker.addEventListener('error', (event) => client.failAll(new Error(`bench worker crashed: ${event.message || 'unknown error'}`)));
      connection = { worker, client };
      this.connections.set(threads, connection);
    }
    return connection.client;
  }

  detect(threads = 1): Promise<Capabilities> {
    return this.client(threads).call('detect', { threads });
  }

  measure(threads: number, body: MeasureRequestBody, onProgress?: (p: BenchProgress) => void): Promise<WebBenchOutcome> {
    return this.client(threads).call('measure', { threads, body }, { onProgress });
  }

  /** Stops every worker at once (a wasm run cannot be interrupted); pending requests reject with CancelledError. */
  cancel(): void {
    for (const { worker, client } of this.connections.values()) {
      worker.terminate();
      client.close();
    }
    this.connections.clear();
  }

  dispose(): void {
    this.cancel();
  }
}
