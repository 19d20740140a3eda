/**
 * A small typed request/response layer over postMessage, used by the bench and predict workers:
 * ids that pair answers with requests, progress messages, errors sent as plain objects (Error
 * instances lose their name when structured-cloned), and cancellation by AbortSignal. Works over
 * any message port (a Worker, a worker's global scope, a MessageChannel port), so it is tested in
 * Node. docs/architecture.md says why this is not comlink.
 */

/** One method of a worker: its parameter, its answer, and the progress values it may send first. */
export interface Method<Params, Result, Progress = never> {
  readonly params: Params;
  readonly result: Result;
  readonly progress: Progress;
}

export type Contract = { readonly [name: string]: Method<any, any, any> };

/** What both sides of a channel need from it: a Worker, DedicatedWorkerGlobalScope or MessagePort. */
export interface Endpoint {
  postMessage(message: unknown, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  start?(): void;
}

export interface PlainError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
}

export function toPlainError(error: unknown): PlainError {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'Error', message: String(error) };
}

export function fromPlainError(plain: PlainError): Error {
  const error = new Error(plain.message);
  error.name = plain.name;
  if (plain.stack) error.stack = plain.stack;
  return error;
}

/** A call rejected because the caller cancelled it (or stopped the worker) before it answered. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

type Wire =
  | { readonly rpc: 'call'; readonly id: number; readonly method: string; readonly params: unknown }
  | { readonly rpc: 'cancel'; readonly id: number }
  | { readonly rpc: 'progress'; readonly id: number; readonly value: unknown }
  | { readonly rpc: 'result'; readonly id: number; readonly value: unknown }
  | { readonly rpc: 'error'; readonly id: number; readonly error: PlainError };

function isWire(data: unknown): data is Wire {
  return typeof data === 'object' && data !== null && typeof (data as { rpc?: unknown }).rpc === 'string' && typeof (data as { id?: unknown }).id === 'number';
}

export interface CallOptions<Progress> {
  readonly onProgress?: (value: Progress) => void;
  /** Rejects the call with CancelledError at once and tells the worker to stop it. */
  readonly signal?: AbortSignal;
  /** Buffers to move instead of copy; the caller loses them. */
  readonly transfer?: Transferable[];
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  onProgress?: (value: never) => void;
  cleanup(): void;
}

export class RpcClient<C extends Contract> {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private readonly listener = (event: MessageEvent) => this.receive(event.data);

  constructor(private readonly endpoint: Endpoint) {
    endpoint.addEventListener('message', this.listener);
    endpoint.start?.();
  }

  call<K extends keyof C & string>(method: K, params: C[K]['params'], options: CallOptions<C[K]['progress']> = {}): Promise<C[K]['result']> {
    const { signal, onProgress, transfer = [] } = options;
    if (signal?.aborted) return Promise.reject(new CancelledError());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const abort = () => {
        if (!this.pending.delete(id)) return;
        this.endpoint.postMessage({ rpc: 'cancel', id } satisfies Wire, []);
        reject(new CancelledError());
      };
      signal?.addEventListener('abort', abort, { once: true });
      this.pending.set(id, { resolve, reject, onProgress, cleanup: () => signal?.removeEventListener('abort', abort) });
      this.endpoint.postMessage({ rpc: 'call', id, method, params } satisfies Wire, transfer);
    });
  }

  /** Rejects every call still waiting (the worker crashed or was terminated). */
  failAll(error: Error): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const p of waiting) {
      p.cleanup();
      p.reject(error);
    }
  }

  /** Stops listening; calls still waiting reject with CancelledError. */
  close(): void {
    this.endpoint.removeEventListener('message', this.listener);
    this.failAll(new CancelledError());
  }

  get waiting(): number {
    return this.pending.size;
  }

  private receive(data: unknown): void {
    if (!isWire(data)) return;
    const p = this.pending.get(data.id);
    if (!p) return; // cancelled, or not ours
    if (data.rpc === 'progress') {
      p.onProgress?.(data.value as never);
      return;
    }
    if (data.rpc !== 'result' && data.rpc !== 'error') return;
    this.pending.delete(data.id);
    p.cleanup();
    if (data.rpc === 'result') p.resolve(data.value);
    else p.reject(fromPlainError(data.error));
  }
}

export interface CallContext<Progress> {
  /** Aborted when the caller cancels; long handlers check it between steps. */
  readonly signal: AbortSignal;
  progress(value: Progress): void;
}

export type Handlers<C extends Contract> = {
  readonly [K in keyof C]: (params: C[K]['params'], context: CallContext<C[K]['progress']>) => C[K]['result'] | Promise<C[K]['result']>;
};

export interface ServeOptions {
  /** Run calls one at a time in arrival order (measurements that would time each other). */
  readonly serial?: boolean;
}

/** Answers calls arriving on `endpoint` with `handlers`; returns a function that stops serving. */
export function serve<C extends Contract>(endpoint: Endpoint, handlers: Handlers<C>, options: ServeOptions = {}): () => void {
  const running = new Map<number, AbortController>();
  let queue: Promise<void> = Promise.resolve();
  const post = (message: Wire) => endpoint.postMessage(message, []);

  async function run(id: number, method: string, params: unknown, controller: AbortController): Promise<void> {
    try {
      if (controller.signal.aborted) return;
      const table = handlers as Readonly<Record<string, Handlers<C>[keyof C] | undefined>>;
      const handler = Object.hasOwn(table, method) ? table[method] : undefined;
      if (typeof handler !== 'function') throw new Error(`unknown method ${method}`);
      const context: CallContext<never> = {
        signal: controller.signal,
        progress: (value) => { if (!controller.signal.aborted) post({ rpc: 'progress', id, value }); },
      };
      const value = await handler(params, context);
      if (!controller.signal.aborted) post({ rpc: 'result', id, value });
    } catch (error) {
      if (!controller.signal.aborted) post({ rpc: 'error', id, error: toPlainError(error) });
    } finally {
      running.delete(id);
    }
  }

  const listener = (event: MessageEvent) => {
    const data: unknown = event.data;
    if (!isWire(data)) return;
    if (data.rpc === 'cancel') {
      running.get(data.id)?.abort();
      return;
    }
    if (data.rpc !== 'call') return;
    const controller = new AbortController();
    running.set(data.id, controller);
    if (options.serial) queue = queue.then(() => run(data.id, data.method, data.params, controller));
    else void run(data.id, data.method, data.params, controller);
  };
  endpoint.addEventListener('message', listener);
  endpoint.start?.();
  return () => {
    endpoint.removeEventListener('message', listener);
    for (const controller of running.values()) controller.abort();
  };
}
