/**
 * The `records` table over any Connector: the record's fields as typed columns, extra columns
 * added as imports bring them, and imports that land whole or not at all.
 */
import { FIELD_BY_NAME, type BenchmarkRecord, type Scalar } from '../../core/schema/record.ts';
import { snakeCase } from '../../core/schema/mapping.ts';
import { quoteIdent, quoteLiteral } from '../../core/sql.ts';
import type { ColumnInfo, Connector, Row } from '../connector.ts';
import { RECORD_COLUMNS } from '../export/columns.ts';
import { toCsv } from '../export/csv.ts';
import { toParquet } from '../export/parquet.ts';

export const IMPORT_ID = 'import_id';

export class RecordStoreError extends Error {}

/** An extra column's name as stored: snake_case, never empty, never a name the store uses itself. */
export function sanitizeColumnName(name: string): string {
  const snake = snakeCase(name) || 'column';
  const safe = /^[0-9]/.test(snake) ? `c_${snake}` : snake;
  return safe === IMPORT_ID ? `extra_${safe}` : safe;
}

function isNumericType(duckType: string): boolean {
  return /^(DOUBLE|FLOAT|REAL|DECIMAL|NUMERIC|BIGINT|INTEGER|INT|SMALLINT|TINYINT|HUGEINT|UBIGINT|UINTEGER)/i.test(duckType.trim());
}

let stageCounter = 0;

/**
 * Imports through one connector run one after another: a second BEGIN on the same connection
 * while the first import's transaction is open would fail (DuckDB does not nest transactions).
 */
const importQueues = new WeakMap<Connector, Promise<unknown>>();

function serialized<T>(db: Connector, task: () => Promise<T>): Promise<T> {
  const previous = importQueues.get(db) ?? Promise.resolve();
  const run = previous.then(task, task);
  importQueues.set(db, run.catch(() => undefined));
  return run;
}

export interface AddRecordsResult {
  readonly added: number;
  /** Extra columns this import created. */
  readonly newColumns: readonly ColumnInfo[];
}

export interface SourceOriginCount {
  readonly source: string;
  readonly origin: string;
  readonly count: number;
}

export class RecordStore {
  private columns: Map<string, string> | undefined;

  constructor(
    readonly db: Connector,
    readonly table = 'records',
  ) {}

  private get tableSql(): string {
    return quoteIdent(this.table);
  }

  /** Creates the table if it is not there, and reads the columns it has. */
  async ensureSchema(): Promise<void> {
    const defs = [...RECORD_COLUMNS, { name: IMPORT_ID, type: 'VARCHAR' }]
      .map((c) => `${quoteIdent(c.name)} ${c.type}`)
      .join(', ');
    await this.db.exec(`CREATE TABLE IF NOT EXISTS ${this.tableSql} (${defs})`);
    await this.readColumns();
  }

  private async readColumns(): Promise<Map<string, string>> {
    const result = await this.db.query(
      `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ${quoteLiteral(this.table)} ORDER BY ordinal_position`,
    );
    this.columns = new Map(result.rows.map((r) => [String(r.column_name), String(r.data_type)]));
    return this.columns;
  }

  /** The table's columns and DuckDB types, in table order. */
  async tableColumns(): Promise<ColumnInfo[]> {
    const columns = this.columns ?? (await this.readColumns());
    return [...columns].map(([name, type]) => ({ name, type }));
  }

  /**
   * Appends the records in one transaction, tagged with `importId`; extra columns the table
   * lacks are added in the same transaction (DOUBLE where every value is a number, else
   * VARCHAR). Any failure leaves the table, columns included, exactly as it was.
   */
  addRecords(records: readonly BenchmarkRecord[], opts: { importId: string }): Promise<AddRecordsResult> {
    return serialized(this.db, () => this.addRecordsNow(records, opts.importId));
  }

  private async addRecordsNow(records: readonly BenchmarkRecord[], importId: string): Promise<AddRecordsResult> {
    await this.ensureSchema();
    const existing = this.columns!;
    const { rows, writeColumns, newColumns } = this.prepare(records, existing, importId);
    if (rows.length === 0) return { added: 0, newColumns: [] };

    stageCounter += 1;
    const stage = `__perfcast_import_${Date.now().toString(36)}_${stageCounter}`;
    const stageDefs = writeColumns.map((c) => `${quoteIdent(c.name)} ${c.type}`).join(', ');
    const names = writeColumns.map((c) => quoteIdent(c.name)).join(', ');
    // Rows are staged first (insertRows is all-or-nothing on its own); the one change to the
    // records table, new columns and rows together, then happens in a single transaction.
    await this.db.exec(`CREATE TEMP TABLE ${quoteIdent(stage)} (${stageDefs})`);
    try {
      try {
        await this.db.insertRows(stage, writeColumns, rows);
      } catch (error) {
        // The staging table's generated name means nothing to the user; the records table does.
        const message = (error as Error).message.split(stage).join(this.table);
        throw new RecordStoreError(message, { cause: error });
      }
      await this.db.exec('BEGIN TRANSACTION');
      try {
        for (const c of newColumns) await this.db.exec(`ALTER TABLE ${this.tableSql} ADD COLUMN ${quoteIdent(c.name)} ${c.type}`);
        await this.db.exec(`INSERT INTO ${this.tableSql} (${names}) SELECT ${names} FROM ${quoteIdent(stage)}`);
        await this.db.exec('COMMIT');
      } catch (error) {
        await this.db.exec('ROLLBACK');
        throw error;
      }
    } finally {
      this.columns = undefined;
      await this.db.exec(`DROP TABLE IF EXISTS ${quoteIdent(stage)}`);
      await this.readColumns();
    }
    return { added: rows.length, newColumns };
  }

  private prepare(records: readonly BenchmarkRecord[], existing: ReadonlyMap<string, string>, importId: string) {
    const storedName = new Map<string, string>();
    const newTypes = new Map<string, 'DOUBLE' | 'VARCHAR'>();
    for (const record of records) {
      for (const key in record) {
        const value = record[key];
        if (value === null || value === undefined) continue;
        let name = storedName.get(key);
        if (name === undefined) {
          name = FIELD_BY_NAME.has(key) ? key : sanitizeColumnName(key);
          storedName.set(key, name);
        }
        if (existing.has(name)) continue;
        const numeric = typeof value === 'number';
        newTypes.set(name, newTypes.get(name) === 'VARCHAR' || !numeric ? 'VARCHAR' : 'DOUBLE');
      }
    }
    const writeColumns: ColumnInfo[] = [];
    for (const [name, type] of existing) writeColumns.push({ name, type });
    const newColumns: ColumnInfo[] = [...newTypes].map(([name, type]) => ({ name, type }));
    writeColumns.push(...newColumns);
    const types = new Map(writeColumns.map((c) => [c.name, c.type]));

    const rows: Row[] = new Array(records.length);
    for (let r = 0; r < records.length; r++) {
      const record = records[r];
      const row: Row = { [IMPORT_ID]: importId };
      for (const key in record) {
        let value = record[key] as Scalar | undefined;
        if (value === null || value === undefined) continue;
        const name = storedName.get(key)!;
        const type = types.get(name)!;
        if (typeof value === 'number' && !isNumericType(type)) value = String(value);
        else if (typeof value === 'string' && isNumericType(type)) {
          throw new RecordStoreError(
            `record ${r + 1}: column ${name} holds numbers in table ${this.table}, but this record has text ${JSON.stringify(value)}`,
          );
        }
        row[name] = value;
      }
      rows[r] = row;
    }
    return { rows, writeColumns, newColumns };
  }

  async count(whereSql = 'TRUE'): Promise<number> {
    if (!this.columns) await this.ensureSchema();
    const result = await this.db.query(`SELECT count(*) AS n FROM ${this.tableSql} WHERE ${whereSql}`);
    return Number(result.rows[0].n);
  }

  async countsBySourceOrigin(): Promise<SourceOriginCount[]> {
    if (!this.columns) await this.ensureSchema();
    const result = await this.db.query(
      `SELECT source, origin, count(*) AS n FROM ${this.tableSql} GROUP BY source, origin ORDER BY source, origin`,
    );
    return result.rows.map((r) => ({ source: String(r.source), origin: String(r.origin), count: Number(r.n) }));
  }

  private selectSql(whereSql: string): string {
    return `SELECT * EXCLUDE (${quoteIdent(IMPORT_ID)}) FROM ${this.tableSql} WHERE ${whereSql} ORDER BY rowid`;
  }

  /** Records in insertion order; null values are left out, as in validated records. */
  async selectRecords(whereSql = 'TRUE'): Promise<BenchmarkRecord[]> {
    if (!this.columns) await this.ensureSchema();
    const result = await this.db.query(this.selectSql(whereSql));
    return result.rows.map((row) => {
      const record: Record<string, Scalar> = {};
      for (const key in row) if (row[key] !== null) record[key] = row[key];
      return record as BenchmarkRecord;
    });
  }

  /** The selected rows as a CSV or Parquet file, every table column with its type. */
  async exportSelection(format: 'csv' | 'parquet', whereSql = 'TRUE'): Promise<Uint8Array> {
    if (!this.columns) await this.ensureSchema();
    const result = await this.db.query(this.selectSql(whereSql));
    if (format === 'parquet') return toParquet(result.columns, result.rows);
    return new TextEncoder().encode(toCsv(result.columns.map((c) => c.name), result.rows));
  }
}
