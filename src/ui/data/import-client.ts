/**
 * Parses an import file in import.worker.ts with progress and a working cancel (the worker is
 * terminated). Where workers are unavailable it parses on the main thread, without progress.
 */
import { parseTable, type ParsedTable } from '../../data/parse/parse-table.ts';
import type { ImportParseMessage, ImportParseRequest } from '../../workers/import-protocol.ts';

export class ImportCancelled extends Error {
  constructor(name: string) {
    super(`${name}: import cancelled; nothing was imported`);
    this.name = 'ImportCancelled';
  }
}

export interface ParseJob {
  readonly result: Promise<ParsedTable>;
  cancel(): void;
}

export function parseInWorker(name: string, bytes: Uint8Array, onProgress: (fraction: number) => void): ParseJob {
  if (typeof Worker === 'undefined') {
    return { result: parseTable(name, bytes), cancel: () => undefined };
  }
  const worker = new Worker(new URL('../../workers/import.worker.ts', import.meta.url), { type: 'module', name: 'perfcast-import' });
  let cancel = () => undefined as void;
  const result = new Promise<ParsedTable>((resolve, reject) => {
    cancel = () => {
      worker.terminate();
      reject(new ImportCancelled(name));
    };
    worker.onmessage = (event: MessageEvent<ImportParseMessage>) => {
      const message = event.data;
      if (message.type === 'progress') onProgress(message.fraction);
      else {
        worker.terminate();
        if (message.type === 'done') resolve(message.table);
        else reject(new Error(message.message));
      }
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(`${name}: the import worker failed: ${event.message || 'unknown error'}`));
    };
    const request: ImportParseRequest = { name, bytes };
    worker.postMessage(request, [bytes.buffer]);
  });
  return { result, cancel: () => cancel() };
}
