import { parquetWriteBuffer } from 'hyparquet-writer';
import type { ColumnInfo } from '../connector.ts';

type ParquetBasic = 'STRING' | 'DOUBLE' | 'INT64' | 'BOOLEAN' | 'TIMESTAMP';

const INTEGER = /^(TINYINT|SMALLINT|INTEGER|INT|INT1|INT2|INT4|INT8|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|LONG|SHORT)$/;
const FLOAT = /^(DOUBLE|FLOAT|REAL|FLOAT4|FLOAT8|NUMERIC|DECIMAL)$/;

/** The Parquet type a DuckDB column is written as; anything unusual goes out as text. */
export function parquetTypeOf(duckType: string): ParquetBasic {
  const base = duckType.trim().toUpperCase().replace(/\(.*\)$/, '').trim();
  if (INTEGER.test(base)) return 'INT64';
  if (FLOAT.test(base)) return 'DOUBLE';
  if (base === 'BOOLEAN' || base === 'BOOL') return 'BOOLEAN';
  if (base.startsWith('TIMESTAMP') || base === 'DATETIME') return 'TIMESTAMP';
  return 'STRING';
}

class ExportError extends Error {}

function columnData(column: ColumnInfo, type: ParquetBasic, rows: readonly Record<string, unknown>[]): unknown[] {
  const data = new Array<unknown>(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const v = rows[r][column.name];
    // typeof 'function': an inherited member read through a column named like 'constructor'.
    if (v === null || v === undefined || typeof v === 'function') {
      data[r] = null;
      continue;
    }
    const bad = (): never => {
      throw new ExportError(`row ${r + 1}, column ${column.name}: cannot write ${JSON.stringify(v)} as ${column.type}`);
    };
    switch (type) {
      case 'STRING':
        data[r] = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
        break;
      case 'DOUBLE':
        if (typeof v !== 'number') bad();
        data[r] = v;
        break;
      case 'INT64':
        if (typeof v === 'bigint') data[r] = v;
        else if (typeof v === 'number' && Number.isInteger(v)) data[r] = BigInt(v);
        else bad();
        break;
      case 'BOOLEAN':
        data[r] = v === true || v === 1 ? true : v === false || v === 0 ? false : bad();
        break;
      case 'TIMESTAMP': {
        const time = v instanceof Date ? v.getTime() : typeof v === 'string' ? Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v}Z`) : Number.NaN;
        if (Number.isNaN(time)) bad();
        data[r] = new Date(time);
        break;
      }
    }
  }
  return data;
}

/**
 * Rows to a Parquet file: VARCHAR as UTF-8 strings, DOUBLE as doubles, integer types as INT64,
 * TIMESTAMP as millisecond timestamps (UTC), nulls as nulls. hyparquet reads it back to the same
 * values, DuckDB reads it with the same column types.
 */
export function toParquet(columns: readonly ColumnInfo[], rows: readonly Record<string, unknown>[]): Uint8Array {
  const sources = columns.map((column) => {
    const type = parquetTypeOf(column.type);
    return { name: column.name, type, data: columnData(column, type, rows), nullable: true };
  });
  const buffer = parquetWriteBuffer({ columnData: sources as Parameters<typeof parquetWriteBuffer>[0]['columnData'] });
  return new Uint8Array(buffer);
}
