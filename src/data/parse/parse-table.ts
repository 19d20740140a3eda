/**
 * Reads a CSV, JSON or Parquet file into plain rows. Runs in Node and in the page alike (no
 * node: imports): callers hand over the bytes. Values are left as the file has them (CSV cells
 * stay strings); typing and checking is validateRows' job.
 */
import Papa from 'papaparse';
import { parquetMetadata, parquetReadObjects, parquetSchema, type Compressors } from 'hyparquet';
import { gunzipSync } from 'fflate';
import { unguardCsvCell } from '../export/csv.ts';
import { depthMessage, findJsonDepthExcess } from '../../core/json-depth.ts';

export type TableFormat = 'csv' | 'json' | 'parquet';

export interface ParsedTable {
  readonly format: TableFormat;
  readonly columns: string[];
  readonly rows: Record<string, unknown>[];
  /**
   * How a user finds each row: for CSV and JSON Lines the 1-based line it starts on (a CSV
   * header is line 1); for a JSON array the 1-based position in the array; for Parquet the
   * 1-based row number.
   */
  readonly rowNumbers: number[];
  readonly rowLabel: 'line' | 'record' | 'row';
}

export interface ParseOptions {
  /** Refuse files larger than this (default 1 GiB). */
  readonly maxBytes?: number;
  /** Called now and then with the fraction of the file read (0-1), for a progress bar. */
  readonly onProgress?: (fraction: number) => void;
}

export class TableParseError extends Error {
  constructor(
    readonly file: string,
    message: string,
    readonly line?: number,
  ) {
    super(line === undefined ? `${file}: ${message}` : `${file}:${line}: ${message}`);
    this.name = 'TableParseError';
  }
}

const DEFAULT_MAX_BYTES = 1024 ** 3;
const EXTENSIONS: Readonly<Record<string, TableFormat>> = {
  csv: 'csv', tsv: 'csv', txt: 'csv', json: 'json', jsonl: 'json', ndjson: 'json', parquet: 'parquet', pq: 'parquet',
};
const MAX_REPORTED = 10;

function extensionOf(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

function isParquet(bytes: Uint8Array): boolean {
  const n = bytes.length;
  return n >= 12 && bytes[0] === 0x50 && bytes[1] === 0x41 && bytes[2] === 0x52 && bytes[3] === 0x31;
}

/** Magic numbers of formats people try to import by mistake, for a helpful error. */
function knownBinary(bytes: Uint8Array): string | undefined {
  const b = bytes;
  if (b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) return 'a ZIP archive (an Excel .xlsx workbook is one); export it as CSV';
  if (b[0] === 0x1f && b[1] === 0x8b) return 'gzip-compressed; decompress it first';
  if (b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0) return 'an old Excel .xls workbook; export it as CSV';
  if (b[0] === 0x41 && b[1] === 0x52 && b[2] === 0x52 && b[3] === 0x4f && b[4] === 0x57 && b[5] === 0x31) return 'an Arrow IPC file; convert it to Parquet';
  return undefined;
}

function sizeText(bytes: number): string {
  return bytes >= 1024 ** 2 ? `${(bytes / 1024 ** 2).toFixed(1)} MiB` : `${bytes} bytes`;
}

/** Decodes UTF-8 (a BOM is dropped) and refuses anything that is not text. */
function decodeText(file: string, bytes: Uint8Array, expected: string): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new TextNotUtf8(file, expected);
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) throw new TableParseError(file, `is not ${expected} text: it holds binary data (a NUL byte at offset ${nul})`);
  return text;
}

class TextNotUtf8 extends TableParseError {
  constructor(file: string, expected: string) {
    super(file, `is not ${expected} text: it is not valid UTF-8 (binary data, or another encoding; save it as UTF-8)`);
  }
}

export function detectFormat(fileName: string, bytes: Uint8Array): TableFormat {
  const ext = extensionOf(fileName);
  const byName = EXTENSIONS[ext];
  const parquetBytes = isParquet(bytes);
  if (byName === 'parquet') {
    if (!parquetBytes) {
      const other = knownBinary(bytes);
      throw new TableParseError(fileName, other ? `is named .${ext} but is ${other}` : `is named .${ext} but is not a Parquet file (it does not start with PAR1)`);
    }
    return 'parquet';
  }
  if (byName) {
    if (parquetBytes) throw new TableParseError(fileName, `is named .${ext} but holds a Parquet file (it starts with PAR1); rename it to .parquet`);
    return byName;
  }
  if (parquetBytes) return 'parquet';
  const other = knownBinary(bytes);
  if (other) throw new TableParseError(fileName, `is ${other}`);
  const head = new TextDecoder().decode(bytes.subarray(0, 64)).replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('[') || head.startsWith('{')) return 'json';
  throw new TableParseError(
    fileName,
    `has an unknown type${ext ? ` (.${ext})` : ''}; Perfcast reads .csv, .tsv, .json, .jsonl and .parquet files`,
  );
}

export async function parseTable(fileName: string, bytes: Uint8Array, opts: ParseOptions = {}): Promise<ParsedTable> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.length > maxBytes) {
    throw new TableParseError(fileName, `is ${sizeText(bytes.length)}, over the ${sizeText(maxBytes)} limit`);
  }
  if (bytes.length === 0) throw new TableParseError(fileName, 'is empty');
  const format = detectFormat(fileName, bytes);
  if (format === 'parquet') return parseParquet(fileName, bytes);
  const text = decodeText(fileName, bytes, format.toUpperCase());
  if (text.trim() === '') throw new TableParseError(fileName, 'is empty (only whitespace)');
  if (format === 'json') return parseJson(fileName, text);
  return parseCsv(fileName, text, extensionOf(fileName) === 'tsv' ? '\t' : undefined, opts.onProgress);
}

/** Line numbers of character offsets, for offsets visited in increasing order. */
class LineCounter {
  private offset = 0;
  private line = 1;
  constructor(private readonly text: string) {}
  lineAt(target: number): number {
    const { text } = this;
    let { offset, line } = this;
    const end = Math.min(target, text.length);
    while (offset < end) {
      const next = text.indexOf('\n', offset);
      if (next < 0 || next >= end) break;
      line++;
      offset = next + 1;
    }
    this.offset = offset;
    this.line = line;
    return line;
  }
}

/** The offset where the next row begins after `from`: past line breaks and whitespace-only lines. */
function rowStart(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      i++;
      continue;
    }
    let j = i;
    while (j < text.length && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
    if (j < text.length && text.charCodeAt(j) !== 10 && text.charCodeAt(j) !== 13) return i;
    if (j === text.length) return j;
    i = j;
  }
  return i;
}

const PROGRESS_EVERY_ROWS = 20_000;

function parseCsv(file: string, text: string, delimiter: string | undefined, onProgress?: (fraction: number) => void): ParsedTable {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // One line break throughout, so papaparse's guess of it cannot leave stray \r in values.
  text = text.replace(/\r\n?/g, '\n');
  const lines = new LineCounter(text);
  const rows: Record<string, unknown>[] = [];
  const rowNumbers: number[] = [];
  const ragged: string[] = [];
  let raggedCount = 0;
  let fatal: TableParseError | undefined;
  let fields: string[] | undefined;
  let headerLine = 1;
  let previousCursor = 0;

  Papa.parse<string[]>(text, {
    header: false,
    delimiter,
    skipEmptyLines: 'greedy',
    step: (result, parser) => {
      const line = lines.lineAt(rowStart(text, previousCursor));
      previousCursor = result.meta.cursor;
      const cells = result.data;
      if (!fields) {
        headerLine = line;
        // '__proto__' as a plain key would set the row's prototype instead of a column.
        fields = cells.map((raw, index) => {
          const name = unguardCsvCell(raw.trim());
          return name === '__proto__' ? 'proto' : name || `column_${index + 1}`;
        });
        const duplicate = fields.find((name, i) => fields!.indexOf(name) !== i);
        if (duplicate !== undefined) {
          fatal = new TableParseError(file, `the header names column '${duplicate}' twice`, line);
          parser.abort();
        }
        return;
      }
      const error = result.errors.find((e) => e.type !== 'FieldMismatch');
      if (error) {
        fatal = new TableParseError(file, `${error.message.replace(/\.$/, '')} (CSV ${error.code})`, line);
        parser.abort();
        return;
      }
      if (cells.length !== fields.length) {
        raggedCount++;
        if (ragged.length < MAX_REPORTED) ragged.push(`line ${line}: expected ${fields.length} fields as in the header, found ${cells.length}`);
        return;
      }
      const row: Record<string, unknown> = {};
      for (let c = 0; c < fields.length; c++) row[fields[c]] = unguardCsvCell(cells[c]);
      rows.push(row);
      rowNumbers.push(line);
      if (onProgress && rows.length % PROGRESS_EVERY_ROWS === 0) onProgress(result.meta.cursor / text.length);
    },
  });

  if (fatal) throw fatal;
  if (raggedCount > 0) {
    const more = raggedCount > ragged.length ? `\n  ... and ${raggedCount - ragged.length} more` : '';
    const first = /^line (\d+)/.exec(ragged[0]);
    throw new TableParseError(
      file,
      `${raggedCount} row${raggedCount === 1 ? ' has' : 's have'} a different number of fields than the header (line ${headerLine}):\n  ${ragged.join('\n  ')}${more}`,
      first ? Number(first[1]) : undefined,
    );
  }
  return { format: 'csv', columns: fields ?? [], rows, rowNumbers, rowLabel: 'line' };
}

function lineAndColumn(text: string, position: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < position; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: position - lineStart + 1 };
}

function jsonErrorWhere(error: unknown, text: string): { line?: number; detail: string } {
  const message = error instanceof Error ? error.message : String(error);
  const lineCol = /line (\d+) column (\d+)/.exec(message);
  if (lineCol) return { line: Number(lineCol[1]), detail: message.replace(/\s*\(line \d+ column \d+\)/, '') + ` (column ${lineCol[2]})` };
  const position = /position (\d+)/.exec(message);
  if (position) {
    const where = lineAndColumn(text, Number(position[1]));
    return { line: where.line, detail: `${message.replace(/\s*(in JSON )?at position \d+.*$/, '')} (column ${where.column})` };
  }
  return { detail: message };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function columnsOf(rows: readonly Record<string, unknown>[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key in row) seen.add(key);
  return [...seen];
}

function parseJson(file: string, text: string): ParsedTable {
  const lines = extensionOf(file) === 'jsonl' || extensionOf(file) === 'ndjson';
  if (!lines) {
    const excess = findJsonDepthExcess(text);
    if (excess) throw new TableParseError(file, depthMessage(excess), excess.line);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      if (!looksLikeJsonLines(text)) {
        const where = jsonErrorWhere(error, text);
        throw new TableParseError(file, `is not valid JSON: ${where.detail}`, where.line);
      }
      return parseJsonLines(file, text);
    }
    const list = Array.isArray(value) ? value : isPlainObject(value) && Array.isArray(value.records) ? value.records : undefined;
    if (!list) {
      throw new TableParseError(file, 'holds JSON, but not a table: expected an array of objects, {"records": [...]}, or one object per line (JSON Lines)');
    }
    const bad = list.findIndex((item) => !isPlainObject(item));
    if (bad >= 0) throw new TableParseError(file, `record ${bad + 1} of the array is ${Array.isArray(list[bad]) ? 'a list' : JSON.stringify(list[bad])}, not an object`);
    const rows = list as Record<string, unknown>[];
    return { format: 'json', columns: columnsOf(rows), rows, rowNumbers: rows.map((_, i) => i + 1), rowLabel: 'record' };
  }
  return parseJsonLines(file, text);
}

function looksLikeJsonLines(text: string): boolean {
  const first = text.trimStart().split('\n', 1)[0].trim();
  if (!first.startsWith('{')) return false;
  try {
    return isPlainObject(JSON.parse(first));
  } catch {
    return false;
  }
}

function parseJsonLines(file: string, text: string): ParsedTable {
  const rows: Record<string, unknown>[] = [];
  const rowNumbers: number[] = [];
  const all = text.split('\n');
  for (let i = 0; i < all.length; i++) {
    const line = all[i].trim();
    if (line === '') continue;
    const excess = findJsonDepthExcess(line);
    if (excess) throw new TableParseError(file, `is not valid JSON Lines: ${depthMessage(excess)}`, i + 1);
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      const where = jsonErrorWhere(error, line);
      throw new TableParseError(file, `is not valid JSON Lines: ${where.detail}`, i + 1);
    }
    if (!isPlainObject(value)) throw new TableParseError(file, 'is not valid JSON Lines: each line must be one JSON object', i + 1);
    rows.push(value);
    rowNumbers.push(i + 1);
  }
  return { format: 'json', columns: columnsOf(rows), rows, rowNumbers, rowLabel: 'line' };
}

function plainValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'bigint':
      return Number(value);
    case 'number':
    case 'string':
    case 'boolean':
      return value;
    default:
      break;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));
}

/** Snappy is built into hyparquet; gzip comes from fflate, already a dependency. */
const COMPRESSORS: Compressors = {
  GZIP: (input, outputLength) => gunzipSync(input, { out: new Uint8Array(outputLength) }),
};

async function parseParquet(file: string, bytes: Uint8Array): Promise<ParsedTable> {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let columns: string[];
  let raw: Record<string, unknown>[];
  try {
    const metadata = parquetMetadata(buffer);
    columns = parquetSchema(metadata).children.map((child) => child.element.name);
    raw = await parquetReadObjects({ file: buffer, metadata, compressors: COMPRESSORS });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const codec = /unsupported compression codec: (\w+)/.exec(message);
    if (codec) {
      throw new TableParseError(
        file,
        `is compressed with ${codec[1]}, which Perfcast cannot read; write it with snappy, gzip or no compression ` +
          `(e.g. in DuckDB: COPY t TO 'out.parquet' (COMPRESSION snappy))`,
      );
    }
    throw new TableParseError(file, `is not a readable Parquet file: ${message}`);
  }
  const rows = new Array<Record<string, unknown>>(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const source = raw[i];
    const row: Record<string, unknown> = {};
    for (const name of columns) row[name] = plainValue(source[name]);
    rows[i] = row;
  }
  return { format: 'parquet', columns, rows, rowNumbers: rows.map((_, i) => i + 1), rowLabel: 'row' };
}
