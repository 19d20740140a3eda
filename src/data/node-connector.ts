/**
 * The Connector on native DuckDB through @duckdb/node-api: used by the command line, the Node
 * agent and the tests. The page uses wasm-connector.ts; both return the same plain values.
 */
import {
  DuckDBAppender,
  DuckDBConnection,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBInstance,
  DuckDBTimestampMillisecondsValue,
  DuckDBTimestampNanosecondsValue,
  DuckDBTimestampSecondsValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  type DuckDBValue,
} from '@duckdb/node-api';
import type { Scalar } from '../core/schema/record.ts';
import type { ColumnInfo, Connector, QueryResult, Row } from './connector.ts';
import {
  createStageSql,
  dropStageSql,
  insertFromStageSql,
  isoDateFromEpochDays,
  isoFromEpochMicros,
  jsonText,
  nextStageName,
  numberFromBigInt,
  stageColumns,
} from './sql-values.ts';

/**
 * Extensions are never installed from the network: Perfcast works offline, and a query that
 * waits on a download that cannot happen is worse than one that fails at once.
 */
const OFFLINE_CONFIG: Record<string, string> = {
  autoinstall_known_extensions: 'false',
};

export function scalarFromNodeValue(value: DuckDBValue): Scalar {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'number':
    case 'string':
      return value;
    case 'bigint':
      return numberFromBigInt(value);
    case 'boolean':
      return value ? 1 : 0;
    default:
      break;
  }
  if (value instanceof DuckDBDecimalValue) return value.toDouble();
  if (value instanceof DuckDBTimestampValue || value instanceof DuckDBTimestampTZValue) return isoFromEpochMicros(value.micros);
  if (value instanceof DuckDBTimestampMillisecondsValue) return isoFromEpochMicros(value.millis * 1000n);
  if (value instanceof DuckDBTimestampSecondsValue) return isoFromEpochMicros(value.seconds * 1_000_000n);
  if (value instanceof DuckDBTimestampNanosecondsValue) return isoFromEpochMicros(value.nanos / 1000n);
  if (value instanceof DuckDBDateValue) return isoDateFromEpochDays(value.days);
  if (value instanceof Uint8Array) return jsonText(Array.from(value));
  const text = String(value);
  return /^[[{]/.test(text) ? jsonText(value) : text;
}

class NodeConnector implements Connector {
  readonly kind = 'node' as const;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  /** One statement at a time on the one connection, so a transaction is never interleaved. */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('connector is closed'));
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  query(sql: string): Promise<QueryResult> {
    return this.serial(async () => {
      const reader = await this.connection.runAndReadAll(sql);
      const names = reader.columnNames();
      const columns: ColumnInfo[] = reader.columnTypes().map((t, i) => ({ name: names[i], type: t.toString() }));
      const rows: Row[] = reader.getRows().map((values) => {
        const row: Row = {};
        for (let i = 0; i < names.length; i++) row[names[i]] = scalarFromNodeValue(values[i]);
        return row;
      });
      return { columns, rows };
    });
  }

  exec(sql: string): Promise<void> {
    return this.serial(async () => {
      await this.connection.run(sql);
    });
  }

  async insertRows(table: string, columns: readonly ColumnInfo[], rows: readonly Row[]): Promise<void> {
    const staged = stageColumns(table, columns, rows);
    if (rows.length === 0) return;
    await this.serial(async () => {
      const stage = nextStageName();
      await this.connection.run('BEGIN TRANSACTION');
      let appender: DuckDBAppender | null = null;
      try {
        await this.connection.run(createStageSql(stage, columns, staged.kinds));
        appender = await this.connection.createAppender(stage, 'main', 'temp');
        for (let r = 0; r < rows.length; r++) {
          for (let c = 0; c < columns.length; c++) {
            const v = staged.values[c][r];
            if (v === null) appender.appendNull();
            else if (typeof v === 'number') appender.appendDouble(v);
            else appender.appendVarchar(v);
          }
          appender.endRow();
        }
        appender.closeSync();
        appender = null;
        await this.connection.run(insertFromStageSql(table, stage, columns));
        await this.connection.run(dropStageSql(stage));
        await this.connection.run('COMMIT');
      } catch (error) {
        if (appender) {
          try {
            appender.closeSync();
          } catch {
            // the appender failed to flush; the rollback below discards what it held
          }
        }
        await this.connection.run('ROLLBACK');
        throw new Error(`insertRows(${table}): ${(error as Error).message}`, { cause: error });
      }
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.queue;
    this.closed = true;
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** Opens native DuckDB at `path` (a file, or ':memory:') with one connection. */
export async function createNodeConnector(path = ':memory:'): Promise<Connector> {
  const instance = await DuckDBInstance.create(path, OFFLINE_CONFIG);
  const connection = await instance.connect();
  return new NodeConnector(instance, connection);
}
