/**
 * Appends records to a Parquet data file without ever leaving it half-written or losing a
 * concurrent writer's rows: under a lock on the file, read the existing rows with the data
 * layer's parser, write old + new rows to a temporary file beside it, rename.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { columnsForRecords, toParquet } from '../../data/export/index.ts';
import { parseTable, TableParseError } from '../../data/parse/parse-table.ts';
import type { BenchmarkRecord } from '../../core/schema/record.ts';
import { withFileLock, type LockOptions } from '../../agent/io/lock.ts';
import { OutputError, writeFileAtomic } from '../../agent/io/output-file.ts';

function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  return value;
}

/**
 * The rows already in `path` ([] when it does not exist). Throws OutputError when it exists
 * but is not a Parquet file Perfcast can read back (another format, ZSTD, truncated), since
 * appending would then replace it.
 */
export async function readAppendTarget(path: string): Promise<Record<string, unknown>[]> {
  if (!existsSync(path)) return [];
  let table;
  try {
    table = await parseTable(basename(path), new Uint8Array(await readFile(path)));
  } catch (error) {
    const reason = error instanceof TableParseError ? error.message.replace(`${basename(path)}: `, '') : (error as Error).message;
    throw new OutputError(path, `cannot append to it: ${reason}; refusing to overwrite it`, { cause: error });
  }
  if (table.format !== 'parquet') throw new OutputError(path, `is not a Parquet file (looks like ${table.format}); refusing to overwrite it`);
  return table.rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, plain(v)])));
}

export async function appendRecordsToParquet(
  path: string,
  records: readonly BenchmarkRecord[],
  lock: LockOptions = {},
): Promise<{ before: number; after: number }> {
  return withFileLock(path, async () => {
    const existing = await readAppendTarget(path);
    const rows = [...existing, ...records];
    await writeFileAtomic(path, toParquet(columnsForRecords(rows), rows));
    return { before: existing.length, after: rows.length };
  }, lock);
}

/** Writes records to a new Parquet file (the rescue file when the target cannot take them). */
export async function writeRecordsToParquet(path: string, records: readonly BenchmarkRecord[]): Promise<void> {
  await writeFileAtomic(path, toParquet(columnsForRecords(records), records));
}
