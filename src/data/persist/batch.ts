/**
 * An import batch as kept across reloads, and its stored form. The stored form keeps the rows
 * as a Parquet file (hyparquet-writer; every number as DOUBLE, every string or timestamp as
 * UTF-8 text) plus the DuckDB column types, so a batch is restored exactly as it was inserted.
 * Pure functions: no IndexedDB and no DuckDB here.
 */
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { ColumnInfo, Row } from '../connector.ts';
import { valueKind } from '../sql-values.ts';

export interface ImportBatch {
  /** Unique per batch; the key in IndexedDB. */
  readonly importId: string;
  /** The import adapter or harness that produced the rows (e.g. 'csv', 'mlperf-inference'). */
  readonly origin: string;
  /** ISO 8601. */
  readonly createdAt: string;
  readonly columns: readonly ColumnInfo[];
  readonly rows: readonly Row[];
  /** Free-form labels such as the file name. */
  readonly meta?: Readonly<Record<string, string>>;
}

export const STORED_BATCH_VERSION = 1;

/** The value written to IndexedDB (structured-clone friendly: plain object + ArrayBuffer). */
export interface StoredBatch {
  readonly version: typeof STORED_BATCH_VERSION;
  readonly importId: string;
  readonly origin: string;
  readonly createdAt: string;
  readonly rowCount: number;
  readonly columns: readonly ColumnInfo[];
  readonly meta: Readonly<Record<string, string>>;
  readonly format: 'parquet';
  readonly parquetBytes: ArrayBuffer;
}

export class BatchCodecError extends Error {
  constructor(message: string, readonly importId: string) {
    super(message);
    this.name = 'BatchCodecError';
  }
}

const KV_KEY = 'perfcast.batch';

export function encodeBatch(batch: ImportBatch): StoredBatch {
  const id = batch.importId;
  if (!id) throw new BatchCodecError('batch has no importId', '');
  if (!batch.origin) throw new BatchCodecError(`batch ${id}: origin is empty`, id);
  if (Number.isNaN(Date.parse(batch.createdAt))) throw new BatchCodecError(`batch ${id}: createdAt '${batch.createdAt}' is not a date`, id);
  if (batch.columns.length === 0) throw new BatchCodecError(`batch ${id}: no columns`, id);
  const columnData = batch.columns.map((column) => {
    let kind;
    try {
      kind = valueKind(column.type);
    } catch (e) {
      throw new BatchCodecError(`batch ${id}, column '${column.name}': ${(e as Error).message}`, id);
    }
    const numeric = kind !== 'string' && kind !== 'timestamp';
    const data = batch.rows.map((row, r) => {
      const v = row[column.name];
      if (v === null || v === undefined) return null;
      if (numeric ? typeof v !== 'number' : typeof v !== 'string') {
        throw new BatchCodecError(
          `batch ${id}, row ${r + 1}, column '${column.name}': expected a ${numeric ? 'number' : 'string'} for ${column.type}, got ${typeof v}`,
          id,
        );
      }
      return v;
    });
    return { name: column.name, data, type: numeric ? ('DOUBLE' as const) : ('STRING' as const) };
  });
  const meta = { ...(batch.meta ?? {}) };
  const header = { version: STORED_BATCH_VERSION, importId: id, origin: batch.origin, createdAt: batch.createdAt, columns: batch.columns, meta };
  const parquetBytes = parquetWriteBuffer({
    columnData,
    kvMetadata: [{ key: KV_KEY, value: JSON.stringify(header) }],
    createdBy: 'perfcast',
  });
  return {
    version: STORED_BATCH_VERSION,
    importId: id,
    origin: batch.origin,
    createdAt: batch.createdAt,
    rowCount: batch.rows.length,
    columns: batch.columns.map((c) => ({ name: c.name, type: c.type })),
    meta,
    format: 'parquet',
    parquetBytes,
  };
}

function isStoredBatch(value: unknown): value is StoredBatch {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.importId === 'string' && typeof v.origin === 'string' && typeof v.createdAt === 'string' &&
    typeof v.rowCount === 'number' && Array.isArray(v.columns) && v.format === 'parquet' && v.parquetBytes instanceof ArrayBuffer
  );
}

export async function decodeBatch(stored: unknown): Promise<ImportBatch> {
  if (!isStoredBatch(stored)) throw new BatchCodecError('stored batch is not in the expected shape', String((stored as { importId?: unknown })?.importId ?? ''));
  const id = stored.importId;
  if (stored.version !== STORED_BATCH_VERSION) throw new BatchCodecError(`batch ${id}: stored version ${String(stored.version)} is not supported`, id);
  let rows: Record<string, unknown>[];
  try {
    const metadata = parquetMetadata(stored.parquetBytes);
    const headerText = metadata.key_value_metadata?.find((kv) => kv.key === KV_KEY)?.value;
    if (!headerText || (JSON.parse(headerText) as { importId?: string }).importId !== id) {
      throw new Error('the Parquet file does not belong to this batch');
    }
    rows = await parquetReadObjects({ file: stored.parquetBytes, metadata });
  } catch (e) {
    throw new BatchCodecError(`batch ${id}: cannot read its Parquet data: ${(e as Error).message}`, id);
  }
  if (rows.length !== stored.rowCount) throw new BatchCodecError(`batch ${id}: ${rows.length} rows stored, ${stored.rowCount} expected`, id);
  const columns = stored.columns.map((c) => ({ name: c.name, type: c.type }));
  const out: Row[] = rows.map((raw) => {
    const row: Row = {};
    for (const c of columns) {
      const v = raw[c.name];
      row[c.name] = v === undefined ? null : (v as Row[string]);
    }
    return row;
  });
  return { importId: id, origin: stored.origin, createdAt: stored.createdAt, columns, rows: out, meta: { ...stored.meta } };
}
