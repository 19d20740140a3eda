/**
 * The Connector on native DuckDB through @duckdb/node-api: used by the command line, the Node
 * agent and the tests. The page uses wasm-connector.ts; both return the same plain values.
 */
import {
  DuckDBArrayValue,
  DuckDBConnection,
  DuckDBDateValue,
  DuckDBListValue,
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
  describeSql,
  dropStageSql,
  insertFromStageSql,
  isoDateFromEpochDays,
  isoFromEpochMicros,
  jsonText,
  matchesTable,
  nextStageName,
  numberFromBigInt,
  stageColumns,
  type StagedColumn,
} from './sql-values.ts';

interface TableLocation {
  readonly catalog: string;
  readonly schema: string;
  readonly name: string;
}

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
  // A list reads as a JSON array of its plain values, e.g. [1,2,4] or ["fp16","fp32"].
  if (value instanceof DuckDBListValue || value instanceof DuckDBArrayValue) return jsonText(value.items.map(scalarFromNodeValue));
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

  /**
   * One transaction. When the columns are the table's own (names, order and types) the rows are
   * appended straight to the table; otherwise to a staging table first, then INSERT ... SELECT
   * with casts where the declared type has no appender twin.
   */
  async insertRows(table: string, columns: readonly ColumnInfo[], rows: readonly Row[]): Promise<void> {
    const staged = stageColumns(table, columns, rows);
    if (rows.length === 0) return;
    await this.serial(async () => {
      try {
        await this.connection.run('BEGIN TRANSACTION');
      } catch (error) {
        // most often a transaction opened with exec('BEGIN') is still open; DuckDB aborts it
        throw new Error(`insertRows(${table}): cannot start its transaction: ${(error as Error).message}`, { cause: error });
      }
      try {
        const location = await this.locate(table);
        const tableColumns = await this.describe(table);
        if (location && matchesTable(tableColumns, staged)) {
          await this.append(location, staged, rows.length);
        } else {
          const stage = nextStageName();
          await this.connection.run(createStageSql(stage, staged));
          await this.append({ catalog: 'temp', schema: 'main', name: stage }, staged, rows.length);
          await this.connection.run(insertFromStageSql(table, stage, staged));
          await this.connection.run(dropStageSql(stage));
        }
        await this.connection.run('COMMIT');
      } catch (error) {
        try {
          await this.connection.run('ROLLBACK');
        } catch {
          // the failed statement already ended the transaction
        }
        throw new Error(`insertRows(${table}): ${(error as Error).message}`, { cause: error });
      }
    });
  }

  private async describe(table: string): Promise<ColumnInfo[]> {
    const reader = await this.connection.runAndReadAll(describeSql(table));
    return reader.getRowObjects().map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  }

  /** Where the appender finds the table: temporary tables shadow others of the same name. */
  private async locate(table: string): Promise<TableLocation | null> {
    const parts = table.split('.');
    const name = parts[parts.length - 1];
    const schema = parts.length > 1 ? parts[parts.length - 2] : null;
    const reader = await this.connection.runAndReadAll(
      'SELECT database_name, schema_name FROM duckdb_tables() WHERE table_name = $name AND ($schema IS NULL OR schema_name = $schema) ' +
        "ORDER BY temporary DESC, database_name = current_database() DESC, schema_name = 'main' DESC LIMIT 1",
      { name, schema },
    );
    const row = reader.getRows()[0];
    return row ? { catalog: String(row[0]), schema: String(row[1]), name } : null;
  }

  private async append(location: TableLocation, staged: readonly StagedColumn[], rowCount: number): Promise<void> {
    const appender = await this.connection.createAppender(location.name, location.schema, location.catalog);
    let failed = false;
    try {
      for (let r = 0; r < rowCount; r++) {
        for (const column of staged) {
          const v = column.values[r];
          if (v === null) {
            appender.appendNull();
            continue;
          }
          switch (column.native) {
            case 'VARCHAR': appender.appendVarchar(v as string); break;
            case 'DOUBLE': appender.appendDouble(v as number); break;
            case 'BIGINT': appender.appendBigInt(BigInt(v)); break;
            case 'INTEGER': appender.appendInteger(v as number); break;
            case 'BOOLEAN': appender.appendBoolean(v === 1); break;
            case 'TIMESTAMP': appender.appendTimestamp(new DuckDBTimestampValue(BigInt(v))); break;
          }
        }
        appender.endRow();
      }
      appender.flushSync();
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      try {
        appender.closeSync();
      } catch (closeError) {
        // after a failed flush, closing reports the aborted transaction; the flush error says why
        if (!failed) throw closeError;
      }
    }
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
