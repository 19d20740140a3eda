/**
 * Arrow on both sides of duckdb-wasm: staged insert columns -> Arrow IPC bytes, and Arrow
 * result tables -> plain rows with DuckDB type names.
 *
 * duckdb-wasm bundles its own apache-arrow (17) while Perfcast uses apache-arrow 21, so values
 * cross the boundary as IPC bytes and results are read through the small structural types
 * below rather than through either library's classes.
 */
import {
  Bool,
  Dictionary,
  Field,
  Float64,
  Int32,
  Int64,
  makeData,
  makeVector,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableToIPC,
  TimestampMicrosecond,
  Utf8,
  type Data,
} from 'apache-arrow';
import type { Scalar } from '../core/schema/record.ts';
import type { ColumnInfo, QueryResult, Row } from './connector.ts';
import { isoDateFromEpochDays, isoFromEpochMillis, jsonText, type StagedColumn } from './sql-values.ts';

/** Arrow type ids (Arrow's Schema.fbs; the same in every apache-arrow release). */
const TypeId = {
  Dictionary: -1,
  Null: 1,
  Int: 2,
  Float: 3,
  Binary: 4,
  Utf8: 5,
  Bool: 6,
  Decimal: 7,
  Date: 8,
  Time: 9,
  Timestamp: 10,
  Interval: 11,
  List: 12,
  Struct: 13,
  Map: 17,
  LargeBinary: 19,
  LargeUtf8: 20,
} as const;

export interface ArrowTypeLike {
  readonly typeId: number;
  readonly bitWidth?: number;
  readonly isSigned?: boolean;
  readonly precision?: number;
  readonly scale?: number;
  readonly unit?: number;
  readonly timezone?: string | null;
  readonly children?: readonly ArrowFieldLike[];
  readonly valueType?: ArrowTypeLike;
  toString(): string;
}
export interface ArrowFieldLike {
  readonly name: string;
  readonly type: ArrowTypeLike;
}
export interface ArrowVectorLike {
  readonly length: number;
  get(index: number): unknown;
}
export interface ArrowTableLike {
  readonly numRows: number;
  readonly schema: { readonly fields: readonly ArrowFieldLike[] };
  getChildAt(index: number): ArrowVectorLike | null;
}

const INT_NAMES: Record<string, string> = {
  's8': 'TINYINT', 's16': 'SMALLINT', 's32': 'INTEGER', 's64': 'BIGINT',
  'u8': 'UTINYINT', 'u16': 'USMALLINT', 'u32': 'UINTEGER', 'u64': 'UBIGINT',
};
const TIMESTAMP_NAMES = ['TIMESTAMP_S', 'TIMESTAMP_MS', 'TIMESTAMP', 'TIMESTAMP_NS'];

/**
 * The DuckDB type name for an Arrow type as duckdb-wasm emits it, matching what
 * @duckdb/node-api reports. One known difference: duckdb-wasm sends HUGEINT (e.g. SUM of a
 * BIGINT column) as Decimal(38,0), which is reported as HUGEINT here.
 */
export function duckTypeName(type: ArrowTypeLike): string {
  switch (type.typeId) {
    case TypeId.Null: return 'NULL';
    case TypeId.Int: return INT_NAMES[`${type.isSigned ? 's' : 'u'}${type.bitWidth}`] ?? 'BIGINT';
    case TypeId.Float: return type.precision === 1 ? 'FLOAT' : type.precision === 0 ? 'HALF' : 'DOUBLE';
    case TypeId.Utf8:
    case TypeId.LargeUtf8: return 'VARCHAR';
    case TypeId.Binary:
    case TypeId.LargeBinary: return 'BLOB';
    case TypeId.Bool: return 'BOOLEAN';
    case TypeId.Decimal:
      return type.precision === 38 && type.scale === 0 ? 'HUGEINT' : `DECIMAL(${type.precision},${type.scale})`;
    case TypeId.Date: return 'DATE';
    case TypeId.Time: return 'TIME';
    case TypeId.Timestamp:
      return type.timezone ? 'TIMESTAMP WITH TIME ZONE' : (TIMESTAMP_NAMES[type.unit ?? 2] ?? 'TIMESTAMP');
    case TypeId.Interval: return 'INTERVAL';
    case TypeId.List: return type.children?.[0] ? `${duckTypeName(type.children[0].type)}[]` : 'LIST';
    case TypeId.Struct:
      return `STRUCT(${(type.children ?? []).map((c) => `"${c.name}" ${duckTypeName(c.type)}`).join(', ')})`;
    case TypeId.Map: return 'MAP';
    case TypeId.Dictionary: return type.valueType ? duckTypeName(type.valueType) : 'VARCHAR';
    default: return String(type);
  }
}

function decimalToNumber(value: unknown, scale: number): number {
  // Same arithmetic as DuckDB's decimal_to_double, so both engines give the same double.
  const raw = typeof value === 'bigint' ? value : BigInt(String(value));
  return Number(raw) / 10 ** scale;
}

function toJsonable(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'object' && 'toJSON' in value && typeof value.toJSON === 'function') return value.toJSON();
  return value;
}

type Convert = (value: unknown) => Scalar;

function converterFor(type: ArrowTypeLike): Convert {
  switch (type.typeId) {
    case TypeId.Int:
    case TypeId.Float:
      return (v) => (typeof v === 'bigint' ? Number(v) : (v as number));
    case TypeId.Utf8:
    case TypeId.LargeUtf8:
      return (v) => v as string;
    case TypeId.Bool:
      return (v) => (v ? 1 : 0);
    case TypeId.Decimal: {
      const scale = type.scale ?? 0;
      return (v) => decimalToNumber(v, scale);
    }
    case TypeId.Timestamp:
      // apache-arrow returns epoch milliseconds with a fraction; keep whole milliseconds like Date does
      return (v) => isoFromEpochMillis(Math.floor(Number(v)));
    case TypeId.Date:
      return (v) => isoDateFromEpochDays(Math.floor(Number(v) / 86_400_000));
    case TypeId.Dictionary:
      return type.valueType ? converterFor(type.valueType) : (v) => String(v);
    default:
      return (v) => (typeof v === 'string' || typeof v === 'number' ? v : jsonText(toJsonable(v)));
  }
}

export function queryResultFromArrow(table: ArrowTableLike): QueryResult {
  const fields = table.schema.fields;
  const columns: ColumnInfo[] = fields.map((f) => ({ name: f.name, type: duckTypeName(f.type) }));
  const n = table.numRows;
  const rows: Row[] = new Array(n);
  for (let r = 0; r < n; r++) rows[r] = {};
  fields.forEach((field, c) => {
    const vector = table.getChildAt(c);
    const convert = converterFor(field.type);
    for (let r = 0; r < n; r++) {
      const v = vector ? vector.get(r) : null;
      rows[r][field.name] = v === null || v === undefined ? null : convert(v);
    }
  });
  return { columns, rows };
}

function validity(values: readonly unknown[]): { bitmap: Uint8Array | undefined; nullCount: number } {
  let nullCount = 0;
  const bitmap = new Uint8Array((values.length + 7) >> 3);
  for (let i = 0; i < values.length; i++) {
    if (values[i] === null) nullCount++;
    else bitmap[i >> 3] |= 1 << (i & 7);
  }
  return { bitmap: nullCount > 0 ? bitmap : undefined, nullCount };
}

const encoder = new TextEncoder();

function utf8Data(values: readonly (number | string | null)[], nullBitmap: Uint8Array | undefined, nullCount: number): Data<Utf8> {
  const offsets = new Int32Array(values.length + 1);
  let bytes = new Uint8Array(Math.max(64, values.length * 16));
  let end = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== null) {
      const s = v as string;
      // UTF-8 needs at most 3 bytes per UTF-16 code unit
      if (end + s.length * 3 > bytes.length) {
        const grown = new Uint8Array(Math.max(bytes.length * 2, end + s.length * 3));
        grown.set(bytes.subarray(0, end));
        bytes = grown;
      }
      end += encoder.encodeInto(s, bytes.subarray(end)).written;
    }
    offsets[i + 1] = end;
  }
  return makeData({ type: new Utf8(), length: values.length, nullCount, valueOffsets: offsets, data: bytes.subarray(0, end), nullBitmap });
}

/**
 * Benchmark tables repeat a few model, hardware and precision names over many rows: such a
 * column goes as dictionary indices plus each distinct string once, which is less to encode
 * here and less to copy into DuckDB.
 */
function dictionaryData(values: readonly (number | string | null)[], nullBitmap: Uint8Array | undefined, nullCount: number, id: number): Data | null {
  const n = values.length;
  const limit = Math.max(16, n >> 3);
  const index = new Map<string, number>();
  const indices = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null) continue;
    let k = index.get(v as string);
    if (k === undefined) {
      if (index.size >= limit) return null;
      k = index.size;
      index.set(v as string, k);
    }
    indices[i] = k;
  }
  const words = [...index.keys()];
  const dictionary = makeVector(utf8Data(words, undefined, 0));
  const type = new Dictionary(new Utf8(), new Int32(), id);
  return makeData({ type, length: n, nullCount, data: indices, nullBitmap, dictionary });
}

function columnData(column: StagedColumn, position: number): Data {
  const values = column.values;
  const n = values.length;
  const { bitmap: nullBitmap, nullCount } = validity(values);
  switch (column.native) {
    case 'VARCHAR':
      return dictionaryData(values, nullBitmap, nullCount, position) ?? utf8Data(values, nullBitmap, nullCount);
    case 'DOUBLE': {
      const data = new Float64Array(n);
      for (let i = 0; i < n; i++) if (values[i] !== null) data[i] = values[i] as number;
      return makeData({ type: new Float64(), length: n, nullCount, data, nullBitmap });
    }
    case 'INTEGER': {
      const data = new Int32Array(n);
      for (let i = 0; i < n; i++) if (values[i] !== null) data[i] = values[i] as number;
      return makeData({ type: new Int32(), length: n, nullCount, data, nullBitmap });
    }
    case 'BIGINT':
    case 'TIMESTAMP': {
      // Each 64-bit value as two 32-bit words, low word first (the platform order of the
      // BigInt64Array view, little-endian on every browser): exact for |v| < 2^53 and far
      // faster than a BigInt per value.
      const data = new BigInt64Array(n);
      const words = new Int32Array(data.buffer);
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (v === null) continue;
        words[2 * i] = (v as number) >>> 0;
        words[2 * i + 1] = Math.floor((v as number) / 4294967296);
      }
      return column.native === 'BIGINT'
        ? makeData({ type: new Int64(), length: n, nullCount, data, nullBitmap })
        : makeData({ type: new TimestampMicrosecond(), length: n, nullCount, data, nullBitmap });
    }
    case 'BOOLEAN': {
      const data = new Uint8Array((n + 7) >> 3);
      for (let i = 0; i < n; i++) if (values[i] === 1) data[i >> 3] |= 1 << (i & 7);
      return makeData({ type: new Bool(), length: n, nullCount, data, nullBitmap });
    }
  }
}

/**
 * Staged columns as one Arrow record batch with DuckDB's native Arrow types (BIGINT -> Int64,
 * TIMESTAMP -> Timestamp[us], ...), serialized as an IPC stream for insertArrowFromIPCStream.
 */
export function ipcFromStaged(staged: readonly StagedColumn[], rowCount: number): Uint8Array {
  const children = staged.map((c, i) => columnData(c, i));
  const fields = staged.map((c, i) => new Field(c.name, children[i].type, true));
  const schema = new Schema(fields);
  const batch = new RecordBatch(schema, makeData({ type: new Struct(fields), length: rowCount, nullCount: 0, children }));
  return tableToIPC(new Table([batch]), 'stream');
}
