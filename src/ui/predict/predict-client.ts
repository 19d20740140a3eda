import { PredictRequestType, PredictResponseType, type PredictRequestBody, type PredictResponse, type PredictResult } from '../../workers/predict-protocol.ts';

let worker: Worker | null = null;
let nextId = 1;
const waiting = new Map<number, { resolve(r: PredictResult): void; reject(e: Error): void }>();

function getWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL('../../workers/predict.worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = (event: MessageEvent<PredictResponse>) => {
    const msg = event.data;
    const pending = waiting.get(msg.requestId);
    if (!pending) return;
    waiting.delete(msg.requestId);
    if (msg.type === PredictResponseType.RESULT) pending.resolve(msg.result);
    else pending.reject(Object.assign(new Error(msg.error.message), { name: msg.error.name }));
  };
  worker.onerror = (event) => {
    for (const p of waiting.values()) p.reject(new Error(`the predict worker failed: ${event.message}`));
    waiting.clear();
    worker = null;
  };
  return worker;
}

/** Trains and predicts in a worker so the page stays responsive. */
export function predictInWorker(body: PredictRequestBody): Promise<PredictResult> {
  const messageId = nextId++;
  return new Promise((resolve, reject) => {
    waiting.set(messageId, { resolve, reject });
    getWorker().postMessage({ messageId, type: PredictRequestType.PREDICT, body });
  });
}
