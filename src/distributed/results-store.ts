/**
 * The sweep's DuckDB file: table `records` (one measured benchmark record a row, keyed by job id,
 * so a result delivered twice lands once) and table `sweep_failures` (jobs that failed every
 * attempt, with the reason). Storing runs belongs in the service layer (src/services/) once it
 * exists; this is the small version the coordinator needs until then.
 */
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { MEASURED_EXTRA_COLUMNS } from '../core/measure/record.ts';
import { FIELDS, type BenchmarkRecord } from '../core/schema/record.ts';

/** Columns a distributed record carries on top of a `perfcast bench` record: who measured it, when, how. */
export const DISTRIBUTED_COLUMNS = [
  { name: 'sweep_id', type: 'string' },
  { name: 'hardware_class', type: 'string' },
  { name: 'worker_id', type: 'string' },
  { name: 'worker_host', type: 'string' },
  { name: 'worker_pid', type: 'integer' },
  { name: 'worker_cpu', type: 'string' },
  { name: 'job_attempt', type: 'integer' },
  { name: 'job_enqueued_at', type: 'string' },
  { name: 'job_started_at', type: 'string' },
  { name: 'job_finished_at', type: 'string' },
  { name: 'job_ms', type: 'number' },
] as const;

type ColumnType = 'string' | 'integer' | 'number' | 'timestamp';

const SQL_TYPE: Record<ColumnType, string> = { string: 'VARCHAR', integer: 'BIGINT', number: 'DOUBLE', timestamp: 'VARCHAR' };

const COLUMNS: ReadonlyArray<{ name: string; type: ColumnType }> = [
  ...FIELDS.map((f) => ({ name: f.name, type: f.type })),
  ...MEASURED_EXTRA_COLUMNS,
  ...DISTRIBUTED_COLUMNS,
];
const COLUMN_NAMES = new Set(COLUMNS.map((c) => c.name));

export interface StoredFailure {
  readonly jobId: string;
  readonly sweepId: string;
  readonly config: string;
  readonly attempts: number;
  readonly reason: string;
  readonly failedAt: string;
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function value(raw: unknown, type: ColumnType, column: string, jobId: string): DuckDBValue {
  if (raw === null || raw === undefined) return null;
  const shown = typeof raw === 'number' ? String(raw) : JSON.stringify(raw);
  if (type === 'string' || type === 'timestamp') return String(raw);
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new Error(`job ${jobId}: column ${column} = ${shown} is not a finite number`);
  if (type === 'integer') {
    if (!Number.isInteger(n)) throw new Error(`job ${jobId}: column ${column} = ${shown} is not an integer`);
    return BigInt(n);
  }
  return n;
}

export class ResultsStore {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    readonly path: string,
    private readonly stored: Set<string>,
  ) {}

  static async open(path: string): Promise<ResultsStore> {
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, { autoinstall_known_extensions: 'false' });
    } catch (error) {
      throw new Error(`cannot open the results file ${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const connection = await instance.connect();
    const columns = COLUMNS.map((c) => `${quote(c.name)} ${SQL_TYPE[c.type]}`).join(', ');
    // No PRIMARY KEY: DuckDB's index check costs ~100 ms an insert here. DuckDB lets one process
    // write a file, so the set of job ids read at open keeps job_id unique.
    await connection.run(`CREATE TABLE IF NOT EXISTS records (job_id VARCHAR NOT NULL, ${columns}, extra_json VARCHAR)`);
    await connection.run('CREATE TABLE IF NOT EXISTS sweep_failures (job_id VARCHAR PRIMARY KEY, sweep_id VARCHAR, config VARCHAR, attempts BIGINT, reason VARCHAR, failed_at VARCHAR)');
    const existing = await connection.runAndReadAll("SELECT column_name FROM information_schema.columns WHERE table_name = 'records'");
    const have = new Set(existing.getRowObjects().map((r) => String(r.column_name)));
    const missing = COLUMNS.filter((c) => !have.has(c.name)).map((c) => c.name);
    if (missing.length > 0) throw new Error(`${path} has a table records without the columns ${missing.join(', ')}: not a sweep results file (write the sweep to a new file)`);
    const ids = await connection.runAndReadAll('SELECT job_id FROM records');
    return new ResultsStore(instance, connection, path, new Set(ids.getRows().map((r) => String(r[0]))));
  }

  async jobIds(): Promise<Set<string>> {
    return new Set(this.stored);
  }

  async failedJobIds(): Promise<Set<string>> {
    const reader = await this.connection.runAndReadAll('SELECT job_id FROM sweep_failures');
    return new Set(reader.getRows().map((r) => String(r[0])));
  }

  /** Inserts the record unless its job id is there already; true when a row was added. */
  async addRecord(jobId: string, record: BenchmarkRecord): Promise<boolean> {
    return (await this.addRecords([{ jobId, record }])) === 1;
  }

  /** Throws, naming the job and column, when a record has a value its column cannot hold. */
  checkRecord(jobId: string, record: BenchmarkRecord): void {
    const fields = record as unknown as Record<string, unknown>;
    for (const c of COLUMNS) value(fields[c.name], c.type, c.name, jobId);
  }

  /**
   * Appends records whose job ids are not there yet through DuckDB's appender (an INSERT with
   * ~90 bound parameters costs tens of ms a row here); returns how many rows were added. A row
   * with a bad value is refused before anything of the batch is written.
   */
  async addRecords(batch: ReadonlyArray<{ jobId: string; record: BenchmarkRecord }>): Promise<number> {
    const rows: DuckDBValue[][] = [];
    const seen = new Set<string>();
    for (const { jobId, record } of batch) {
      if (seen.has(jobId) || this.stored.has(jobId)) continue;
      seen.add(jobId);
      const fields = record as unknown as Record<string, unknown>;
      const extra = Object.fromEntries(Object.entries(fields).filter(([k]) => !COLUMN_NAMES.has(k)));
      rows.push([jobId, ...COLUMNS.map((c) => value(fields[c.name], c.type, c.name, jobId)), Object.keys(extra).length > 0 ? JSON.stringify(extra) : null]);
    }
    if (rows.length === 0) return 0;
    const appender = await this.connection.createAppender('records');
    try {
      for (const row of rows) {
        for (const cell of row) {
          if (cell === null) appender.appendNull();
          else if (typeof cell === 'bigint') appender.appendBigInt(cell);
          else if (typeof cell === 'number') appender.appendDouble(cell);
          else appender.appendVarchar(String(cell));
        }
        appender.endRow();
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
    for (const id of seen) this.stored.add(id);
    return rows.length;
  }

  async addFailure(failure: StoredFailure): Promise<void> {
    await this.connection.run(
      'INSERT OR REPLACE INTO sweep_failures VALUES ($1, $2, $3, $4, $5, $6)',
      [failure.jobId, failure.sweepId, failure.config, BigInt(failure.attempts), failure.reason, failure.failedAt],
    );
  }

  async removeFailure(jobId: string): Promise<void> {
    await this.connection.run('DELETE FROM sweep_failures WHERE job_id = $1', [jobId]);
  }

  async failures(): Promise<StoredFailure[]> {
    const reader = await this.connection.runAndReadAll('SELECT * FROM sweep_failures ORDER BY failed_at');
    return reader.getRowObjects().map((r) => ({
      jobId: String(r.job_id), sweepId: String(r.sweep_id), config: String(r.config), attempts: Number(r.attempts), reason: String(r.reason), failedAt: String(r.failed_at),
    }));
  }

  async count(): Promise<number> {
    const reader = await this.connection.runAndReadAll('SELECT count(*) FROM records');
    return Number(reader.getRows()[0][0]);
  }

  /** Rows as plain objects (numbers, strings, nulls), for tests and summaries. */
  async rows(where = 'TRUE'): Promise<Array<Record<string, string | number | null>>> {
    const reader = await this.connection.runAndReadAll(`SELECT * FROM records WHERE ${where} ORDER BY job_finished_at, job_id`);
    return reader.getRowObjects().map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : (v as string | number | null)])));
  }

  /** Writes the records table as Parquet (the dashboard imports it like any benchmark file). */
  async exportParquet(path: string): Promise<number> {
    const count = await this.count();
    await this.connection.run(`COPY (SELECT * EXCLUDE (extra_json) FROM records ORDER BY job_finished_at, job_id) TO '${path.replace(/'/g, "''")}' (FORMAT parquet)`);
    return count;
  }

  async close(): Promise<void> {
    try { await this.connection.run('CHECKPOINT'); } catch { /* nothing to flush */ }
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
