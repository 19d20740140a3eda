import type { PredictMethods, PredictRequestBody, PredictResult } from '../../workers/predict-protocol.ts';
import { RpcClient } from '../../workers/rpc.ts';

let connection: { readonly worker: Worker; readonly client: RpcClient<PredictMethods> } | null = null;

function client(): RpcClient<PredictMethods> {
  if (connection) return connection.client;
  const worker = new Worker(new URL('../../workers/predict.worker.ts', import.meta.url), { type: 'module' });
  const rpc = new RpcClient<PredictMethods>(worker);
  worker.addEventListener('error', (event) => {
    rpc.failAll(new Error(`the predict worker failed: ${event.message}`));
    if (connection?.worker === worker) connection = null;
  });
  connection = { worker, client: rpc };
  return rpc;
}

/**
 * Trains and predicts in a worker so the page stays responsive. Aborting `signal` rejects the
 * promise with CancelledError at once (a fit already running in the worker finishes unseen).
 */
export function predictInWorker(body: PredictRequestBody, options: { readonly signal?: AbortSignal } = {}): Promise<PredictResult> {
  return client().call('predict', body, { signal: options.signal });
}
