/**
 * Engine-independent pieces shared by the node and wasm connectors: identifier quoting, the
 * check of rows handed to insertRows, the staging SQL both engines run, and the conversion of
 * engine values to plain JS values. Both engines go through these functions so they agree.
 */
import type { Scalar } from '../core/schema/record.ts';
import type { ColumnInfo, Row } from './connector.ts';
import { quoteIdent } from '../core/sql.ts';

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

/**
 * The DuckDB type a staged column carries natively (Arrow Int64/Int32/Float64/Bool/Utf8/
 * Timestamp[us] in duckdb-wasm, the matching appender calls in node-api). Declared types with
 * no native twin (DECIMAL, FLOAT, DATE, SMALLINT, ...) arrive as the nearest native type and are
 * CAST on the way into the table.
 */
export type NativeType = 'BIGINT' | 'INTEGER' | 'DOUBLE' | 'BOOLEAN' | 'VARCHAR' | 'TIMESTAMP';

export interface StagedColumn {
  readonly name: string;
  readonly declared: string;
  readonly native: NativeType;
  /** Numbers for BIGINT/INTEGER/DOUBLE, 0/1 for BOOLEAN, epoch microseconds for TIMESTAMP, strings for VARCHAR. */
  readonly values: (number | string | null)[];
}

const INT32_NAMES = new Set(['INTEGER', 'INT', 'INT4', 'SIGNED']);
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

function baseName(duckType: string): string {
  return duckType.trim().toUpperCase().replace(/\(.*\)$/, '').trim();
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Reads `count` decimal digits at `at`; -1 when any is not a digit. */
function digits(text: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * Epoch microseconds (UTC) of an ISO 8601 date or date-time: `YYYY-MM-DD`, optionally followed by
 * `T` or a space, `HH:MM`, `:SS`, `.fraction` (up to 9 digits, microseconds kept) and a zone
 * (`Z`, `+HH`, `+HH:MM`, `+HHMM`; no zone means UTC). Null when the text is not one or names a
 * day or time that does not exist. Hand-written because it runs once per timestamp of every
 * import (a million rows per second matters here).
 */
export function epochMicrosFromTimestamp(input: string): number | null {
  const text = input.length > 0 && (input.charCodeAt(0) <= 32 || input.charCodeAt(input.length - 1) <= 32) ? input.trim() : input;
  const len = text.length;
  if (len < 10 || text[4] !== '-' || text[7] !== '-') return null;
  const year = digits(text, 0, 4), month = digits(text, 5, 2), day = digits(text, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1) return null;
  if (day > (month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1])) return null;
  let micros = daysFromCivil(year, month, day) * 86_400_000_000;
  if (len === 10) return micros;
  if ((text[10] !== 'T' && text[10] !== ' ') || len < 16 || text[13] !== ':') return null;
  const hour = digits(text, 11, 2), minute = digits(text, 14, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return null;
  let second = 0;
  let fraction = 0;
  let at = 16;
  if (text[at] === ':') {
    second = digits(text, at + 1, 2);
    if (second < 0 || second > 59) return null;
    at += 3;
    if (text[at] === '.') {
      const from = ++at;
      while (at < len && at - from < 9 && text.charCodeAt(at) >= 48 && text.charCodeAt(at) <= 57) at++;
      const count = at - from;
      if (count === 0) return null;
      fraction = count >= 6 ? Math.floor(digits(text, from, count) / 10 ** (count - 6)) : digits(text, from, count) * 10 ** (6 - count);
    }
  }
  micros += ((hour * 60 + minute) * 60 + second) * 1_000_000 + fraction;
  if (at === len) return micros;
  const zone = text[at];
  if (zone === 'Z') return at + 1 === len ? micros : null;
  if (zone !== '+' && zone !== '-') return null;
  const rest = len - at - 1;
  const offHours = digits(text, at + 1, 2);
  let offMinutes = 0;
  if (rest === 2) offMinutes = 0;
  else if (rest === 4) offMinutes = digits(text, at + 3, 2);
  else if (rest === 5 && text[at + 3] === ':') offMinutes = digits(text, at + 4, 2);
  else return null;
  if (offHours < 0 || offHours > 23 || offMinutes < 0 || offMinutes > 59) return null;
  return micros - (zone === '-' ? -1 : 1) * (offHours * 60 + offMinutes) * 60_000_000;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  if (typeof value === 'number') return `number ${value}`;
  return typeof value;
}

function badValue(table: string, row: number, column: ColumnInfo, expected: string, value: unknown): InsertRowsError {
  return new InsertRowsError(
    `insertRows(${table}): row ${row}, column '${column.name}': expected ${expected} for ${column.type}, got ${describe(value)}`,
    table, row, column.name,
  );
}

const KIND_CODE: Record<ValueKind, number> = { integer: 0, float: 1, boolean: 2, string: 3, timestamp: 4 };
const EXPECTED = ['an integer', 'a number', '0, 1 or a boolean', 'a string', 'an ISO 8601 date-time string'];

/**
 * Checks every value against its declared column type and returns one staged column per
 * column. Throws InsertRowsError naming the table, the 1-based row and the column of the first
 * bad value. Walks the rows once, row by row (several times faster on large imports than a pass
 * per column, which revisits every row object once per column).
 */
export function stageColumns(table: string, columns: readonly ColumnInfo[], rows: readonly Row[]): StagedColumn[] {
  if (columns.length === 0) throw new InsertRowsError(`insertRows(${table}): no columns given`, table);
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c.name)) throw new InsertRowsError(`insertRows(${table}): column '${c.name}' given twice`, table, undefined, c.name);
    seen.add(c.name);
  }
  const codes = columns.map((c) => {
    try {
      return KIND_CODE[valueKind(c.type)];
    } catch (e) {
      throw new InsertRowsError(`insertRows(${table}): column '${c.name}': ${(e as Error).message}`, table, undefined, c.name);
    }
  });
  const names = columns.map((c) => c.name);
  const width = columns.length;
  const out: (number | string | null)[][] = columns.map(() => []);
  const fitsInt32 = columns.map((c) => INT32_NAMES.has(baseName(c.type)));
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    for (let c = 0; c < width; c++) {
      const v: unknown = row[names[c]];
      if (v === null || v === undefined) {
        out[c].push(null);
        continue;
      }
      let staged: number | string | null = null;
      switch (codes[c]) {
        case 0:
          if (typeof v === 'number' && Number.isInteger(v)) {
            staged = v;
            if (v < INT32_MIN || v > INT32_MAX) fitsInt32[c] = false;
          }
          break;
        case 1:
          if (typeof v === 'number') staged = v;
          break;
        case 2:
          staged = v === true || v === 1 ? 1 : v === false || v === 0 ? 0 : null;
          break;
        case 3:
          if (typeof v === 'string') staged = v;
          break;
        case 4:
          staged = typeof v === 'string' ? epochMicrosFromTimestamp(v) : null;
          break;
      }
      if (staged === null) throw badValue(table, r + 1, columns[c], EXPECTED[codes[c]], v);
      out[c].push(staged);
    }
  }
  const natives: NativeType[] = ['BIGINT', 'DOUBLE', 'BOOLEAN', 'VARCHAR', 'TIMESTAMP'];
  return columns.map((c, i) => ({
    name: c.name,
    declared: c.type,
    native: codes[i] === 0 && fitsInt32[i] ? 'INTEGER' : natives[codes[i]],
    values: out[i],
  }));
}

/**
 * True when the staged columns are exactly the table's columns, in order, each with the
 * table's type: then the rows can go straight into the table without a staging copy.
 */
export function matchesTable(tableColumns: readonly ColumnInfo[], staged: readonly StagedColumn[]): boolean {
  return (
    tableColumns.length === staged.length &&
    staged.every((s, i) => tableColumns[i].name === s.name && baseName(tableColumns[i].type) === s.native && baseName(s.declared) === baseName(tableColumns[i].type))
  );
}

export function describeSql(table: string): string {
  return `DESCRIBE ${quoteTableName(table)}`;
}

let stageCounter = 0;
export function nextStageName(): string {
  stageCounter += 1;
  return `__perfcast_stage_${Date.now().toString(36)}_${stageCounter}`;
}

export function createStageSql(stage: string, staged: readonly StagedColumn[]): string {
  return `CREATE TEMP TABLE ${quoteIdent(stage)} (${staged.map((c) => `${quoteIdent(c.name)} ${c.native}`).join(', ')})`;
}

export function insertFromStageSql(table: string, stage: string, staged: readonly StagedColumn[]): string {
  const target = staged.map((c) => quoteIdent(c.name)).join(', ');
  const values = staged
    .map((c) => (baseName(c.declared) === c.native ? quoteIdent(c.name) : `CAST(${quoteIdent(c.name)} AS ${c.declared})`))
    .join(', ');
  return `INSERT INTO ${quoteTableName(table)} (${target}) SELECT ${values} FROM ${quoteIdent(stage)}`;
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
