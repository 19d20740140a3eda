/// <reference lib="webworker" />
/**
 * Parses an import file in a worker, so a million-row CSV does not freeze the page; the page
 * cancels by terminating the worker. Validation errors come back as their message.
 */
import { parseTable } from '../data/parse/parse-table.ts';
import type { ImportParseMessage, ImportParseRequest } from './import-protocol.ts';

const post = (message: ImportParseMessage) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(message);

self.onmessage = async (event: MessageEvent<ImportParseRequest>) => {
  const { name, bytes } = event.data;
  try {
    const table = await parseTable(name, bytes, { onProgress: (fraction) => post({ type: 'progress', fraction }) });
    post({ type: 'progress', fraction: 1 });
    post({ type: 'done', table });
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message || error.name : String(error) });
  }
};
