/**
 * Engine-independent pieces shared by the node and wasm connectors: identifier quoting, the
 * check of rows handed to insertRows, the staging SQL both engines run, and the conversion of
 * engine values to plain JS values. Both engines go through these functions so they agree.
 */
import type { Scalar } from '../core/schema/record.ts';
import type { ColumnInfo, Row } from './connector.ts';

/** How a declared DuckDB column type is fed from JS values. */
export type ValueKind = 'integer' | 'float' | 'boolean' | 'string' | 'timestamp';

export class InsertRowsError extends Error {
  constructor(
    message: string,
    readonly table: string,
    readonly row?: number,
    readonly column?: string,
  ) {
    super(message);
    this.name = 'InsertRowsError';
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A table name as written by the caller: `t` or `schema.t`, each part quoted. */
export function quoteTableName(table: string): string {
  if (table.trim() === '') throw new InsertRowsError('insertRows: table name is empty', table);
  return table.split('.').map(quoteIdent).join('.');
}

const INTEGER_TYPES = new Set([
  'TINYINT', 'SMALLINT', 'INTEGER', 'INT', 'INT4', 'BIGINT', 'INT8', 'LONG', 'HUGEINT', 'UTINYINT', 'USMALLINT',
  'UINTEGER', 'UBIGINT', 'UHUGEINT', 'INT1', 'INT2', 'SHORT', 'SIGNED',
]);
const FLOAT_TYPES = new Set(['DOUBLE', 'FLOAT', 'REAL', 'FLOAT4', 'FLOAT8', 'NUMERIC']);
const STRING_TYPES = new Set(['VARCHAR', 'TEXT', 'STRING', 'CHAR', 'BPCHAR', 'UUID']);
const TIMESTAMP_TYPES = new Set(['TIMESTAMP', 'DATETIME', 'DATE', 'TIMESTAMP_MS', 'TIMESTAMP_S', 'TIMESTAMP_NS']);

export function valueKind(duckType: string): ValueKind {
  const base = duckType.trim().toUpperCase().replace(/\(.*\)$/, '').trim();
  if (INTEGER_TYPES.has(base)) return 'integer';
  if (FLOAT_TYPES.has(base) || base === 'DECIMAL') return 'float';
  if (base === 'BOOLEAN' || base === 'BOOL') return 'boolean';
  if (STRING_TYPES.has(base)) return 'string';
  if (TIMESTAMP_TYPES.has(base)) return 'timestamp';
  throw new Error(`unsupported column type for insertRows: ${duckType}`);
}

/** The column type of the staging table: numbers arrive as DOUBLE, everything else as VARCHAR. */
export function stagingType(kind: ValueKind): 'DOUBLE' | 'VARCHAR' {
  return kind === 'string' || kind === 'timestamp' ? 'VARCHAR' : 'DOUBLE';
}

const NAIVE_TIMESTAMP = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?$/;
const OFFSET_TIMESTAMP = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Timestamps are stored as UTC TIMESTAMP. A string with an offset is converted to UTC here,
 * because DuckDB's cast to TIMESTAMP silently drops a non-zero offset.
 * Returns null when the string is not an ISO 8601 date or date-time.
 */
export function normalizeTimestamp(text: string): string | null {
  const s = text.trim();
  if (NAIVE_TIMESTAMP.test(s)) return s;
  if (OFFSET_TIMESTAMP.test(s)) {
    if (s.endsWith('Z')) return s.slice(0, -1);
    const ms = Date.parse(s);
    return Number.isNaN(ms) ? null : new Date(ms).toISOString().slice(0, -1);
  }
  return null;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  if (typeof value === 'number') return `number ${value}`;
  return typeof value;
}

/**
 * Checks every value against its declared column type and returns the columns of staged
 * values (number | string | null), one array per column. Throws InsertRowsError naming the
 * table, the 1-based row and the column of the first bad value.
 */
export function stageColumns(
  table: string,
  columns: readonly ColumnInfo[],
  rows: readonly Row[],
): { kinds: ValueKind[]; values: (number | string | null)[][] } {
  if (columns.length === 0) throw new InsertRowsError(`insertRows(${table}): no columns given`, table);
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c.name)) throw new InsertRowsError(`insertRows(${table}): column '${c.name}' given twice`, table, undefined, c.name);
    seen.add(c.name);
  }
  const kinds = columns.map((c) => {
    try {
      return valueKind(c.type);
    } catch (e) {
      throw new InsertRowsError(`insertRows(${table}): column '${c.name}': ${(e as Error).message}`, table, undefined, c.name);
    }
  });
  const values = columns.map(() => new Array<number | string | null>(rows.length));
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    for (let c = 0; c < columns.length; c++) {
      const name = columns[c].name;
      const v: unknown = row[name];
      if (v === null || v === undefined) {
        values[c][r] = null;
        continue;
      }
      const kind = kinds[c];
      const fail = (expected: string): never => {
        throw new InsertRowsError(
          `insertRows(${table}): row ${r + 1}, column '${name}': expected ${expected} for ${columns[c].type}, got ${describe(v)}`,
          table, r + 1, name,
        );
      };
      switch (kind) {
        case 'integer':
          if (typeof v !== 'number' || !Number.isInteger(v)) fail('an integer');
          values[c][r] = v as number;
          break;
        case 'float':
          if (typeof v !== 'number') fail('a number');
          values[c][r] = v as number;
          break;
        case 'boolean':
          if (v === true || v === false) values[c][r] = v ? 1 : 0;
          else if (v === 0 || v === 1) values[c][r] = v;
          else fail('0, 1 or a boolean');
          break;
        case 'string':
          if (typeof v !== 'string') fail('a string');
          values[c][r] = v as string;
          break;
        case 'timestamp': {
          if (typeof v !== 'string') fail('an ISO 8601 date-time string');
          const normal = normalizeTimestamp(v as string);
          if (normal === null) fail('an ISO 8601 date-time string');
          values[c][r] = normal;
          break;
        }
      }
    }
  }
  return { kinds, values };
}

let stageCounter = 0;
export function nextStageName(): string {
  stageCounter += 1;
  return `__perfcast_stage_${Date.now().toString(36)}_${stageCounter}`;
}

export function createStageSql(stage: string, columns: readonly ColumnInfo[], kinds: readonly ValueKind[]): string {
  const cols = columns.map((c, i) => `${quoteIdent(c.name)} ${stagingType(kinds[i])}`).join(', ');
  return `CREATE TEMP TABLE ${quoteIdent(stage)} (${cols})`;
}

export function insertFromStageSql(table: string, stage: string, columns: readonly ColumnInfo[]): string {
  const target = columns.map((c) => quoteIdent(c.name)).join(', ');
  const casts = columns.map((c) => `CAST(${quoteIdent(c.name)} AS ${c.type})`).join(', ');
  return `INSERT INTO ${quoteTableName(table)} (${target}) SELECT ${casts} FROM ${quoteIdent(stage)}`;
}

export function dropStageSql(stage: string): string {
  return `DROP TABLE IF EXISTS ${quoteIdent(stage)}`;
}

/** Microseconds since the epoch to an ISO string with millisecond precision (what Date keeps). */
export function isoFromEpochMicros(micros: bigint): string {
  const ms = Number(micros / 1000n) - (micros % 1000n < 0n ? 1 : 0);
  return isoFromEpochMillis(ms);
}

export function isoFromEpochMillis(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? (ms > 0 ? 'infinity' : '-infinity') : d.toISOString();
}

export function isoDateFromEpochDays(days: number): string {
  return isoFromEpochMillis(days * 86_400_000).slice(0, 10);
}

/** Large integers become the nearest double: the record's integer fields are far below 2^53. */
export function numberFromBigInt(v: bigint): number {
  return Number(v);
}

/** Anything that has no plain scalar form (lists, structs, intervals) is written as JSON text. */
export function jsonText(value: unknown): Scalar {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));
}
