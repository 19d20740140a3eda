/**
 * The Connector over a duckdb-wasm connection. The page drives duckdb-wasm's AsyncDuckDB in a
 * worker (wasm-connector.ts); Node tests and scripts drive the same wasm build in-thread through
 * its blocking bindings (wasm-node-connector.ts). Both hand their connection to this class, so
 * query conversion and insertRows are the same code in both places.
 */
import type { ColumnInfo, Connector, QueryResult, Row } from './connector.ts';
import { ipcFromStaged, queryResultFromArrow, type ArrowTableLike } from './arrow.ts';
import { describeSql, dropStageSql, insertFromStageSql, matchesTable, nextStageName, stageColumns } from './sql-values.ts';

/** What both AsyncDuckDBConnection and the blocking DuckDBConnection offer (sync or async). */
export interface WasmConnectionLike {
  query(sql: string): ArrowTableLike | Promise<ArrowTableLike>;
  insertArrowFromIPCStream(buffer: Uint8Array, options: { name: string; schema?: string; create?: boolean }): void | Promise<void>;
  close(): void | Promise<void>;
}

/**
 * Settings applied before any query. duckdb-wasm 1.29+ would otherwise fetch extensions (parquet,
 * json, icu, ...) from extensions.duckdb.org when a query needs one; offline that fetch fails
 * or stalls. With autoloading off such a query fails at once with "extension not loaded", and
 * Perfcast never needs one: Parquet, CSV and JSON are parsed in JS and inserted as Arrow.
 */
export const OFFLINE_SETTINGS = [
  'SET autoinstall_known_extensions = false',
  'SET autoload_known_extensions = false',
] as const;

export class WasmConnector implements Connector {
  readonly kind = 'wasm' as const;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly connection: WasmConnectionLike,
    private readonly shutdown: () => void | Promise<void>,
  ) {}

  static async open(connection: WasmConnectionLike, shutdown: () => void | Promise<void>): Promise<WasmConnector> {
    for (const sql of OFFLINE_SETTINGS) await connection.query(sql);
    return new WasmConnector(connection, shutdown);
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('connector is closed'));
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  query(sql: string): Promise<QueryResult> {
    return this.serial(async () => queryResultFromArrow(await this.connection.query(sql)));
  }

  exec(sql: string): Promise<void> {
    return this.serial(async () => {
      await this.connection.query(sql);
    });
  }

  /**
   * One transaction. When the columns are the table's own (names, order and types), the Arrow
   * batch goes straight into the table; otherwise into a staging table first, then
   * INSERT ... SELECT with casts where the declared type has no Arrow twin.
   */
  async insertRows(table: string, columns: readonly ColumnInfo[], rows: readonly Row[]): Promise<void> {
    const staged = stageColumns(table, columns, rows);
    if (rows.length === 0) return;
    const ipc = ipcFromStaged(staged, rows.length);
    await this.serial(async () => {
      const target = splitTableName(table);
      try {
        await this.connection.query('BEGIN TRANSACTION');
      } catch (error) {
        // most often a transaction opened with exec('BEGIN') is still open; DuckDB aborts it
        throw new Error(`insertRows(${table}): cannot start its transaction: ${(error as Error).message}`, { cause: error });
      }
      try {
        const described = queryResultFromArrow(await this.connection.query(describeSql(table)));
        const tableColumns = described.rows.map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
        if (matchesTable(tableColumns, staged)) {
          await this.connection.insertArrowFromIPCStream(ipc, { ...target, create: false });
        } else {
          const stage = nextStageName();
          await this.connection.insertArrowFromIPCStream(ipc, { name: stage, create: true });
          await this.connection.query(insertFromStageSql(table, stage, staged));
          await this.connection.query(dropStageSql(stage));
        }
        await this.connection.query('COMMIT');
      } catch (error) {
        try {
          await this.connection.query('ROLLBACK');
        } catch {
          // the failed statement already ended the transaction
        }
        throw new Error(`insertRows(${table}): ${(error as Error).message}`, { cause: error });
      }
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.queue;
    this.closed = true;
    await this.connection.close();
    await this.shutdown();
  }
}

function splitTableName(table: string): { name: string; schema?: string } {
  const dot = table.indexOf('.');
  return dot < 0 ? { name: table } : { schema: table.slice(0, dot), name: table.slice(dot + 1) };
}
