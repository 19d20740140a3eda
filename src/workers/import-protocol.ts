/** Messages between the page and import.worker.ts, which parses an import file off the main thread. */
import type { ParsedTable } from '../data/parse/parse-table.ts';

export interface ImportParseRequest {
  readonly name: string;
  /** Transferred, not copied. */
  readonly bytes: Uint8Array;
}

export type ImportParseMessage =
  | { readonly type: 'progress'; readonly fraction: number }
  | { readonly type: 'done'; readonly table: ParsedTable }
  | { readonly type: 'error'; readonly message: string };
