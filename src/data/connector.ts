import type { Scalar } from '../core/schema/record.ts';

export type Row = Record<string, Scalar>;

export interface ColumnInfo {
  readonly name: string;
  /** DuckDB type name, e.g. VARCHAR, DOUBLE, BIGINT, TIMESTAMP. */
  readonly type: string;
}

export interface QueryResult {
  readonly columns: readonly ColumnInfo[];
  /** Plain JS values: numbers (BIGINT converted to number), strings, null; timestamps as ISO strings. */
  readonly rows: readonly Row[];
}

/**
 * One interface over DuckDB: duckdb-wasm in a worker in the page, @duckdb/node-api in Node.
 * Every engine sits behind it so views, the command line and tests share the same SQL.
 */
export interface Connector {
  readonly kind: 'wasm' | 'node';
  query(sql: string): Promise<QueryResult>;
  /** Runs statements that return nothing (DDL, INSERT ... SELECT, transactions). */
  exec(sql: string): Promise<void>;
  /**
   * Appends rows to an existing table in one transaction: all rows land or none do.
   * `columns` gives the order and DuckDB type of every column written.
   */
  insertRows(table: string, columns: readonly ColumnInfo[], rows: readonly Row[]): Promise<void>;
  close(): Promise<void>;
}
