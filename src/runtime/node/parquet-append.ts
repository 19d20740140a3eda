/**
 * Appends records to a Parquet data file without ever leaving it half-written: read the existing
 * rows with the data layer's parser, write old + new rows to a temporary file beside it, rename.
 */
import { existsSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { columnsForRecords, toParquet } from '../../data/export/index.ts';
import { parseTable } from '../../data/parse/parse-table.ts';
import type { BenchmarkRecord } from '../../core/schema/record.ts';

function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  return value;
}

export async function appendRecordsToParquet(path: string, records: readonly BenchmarkRecord[]): Promise<{ before: number; after: number }> {
  let existing: Record<string, unknown>[] = [];
  if (existsSync(path)) {
    const table = await parseTable(basename(path), new Uint8Array(await readFile(path)));
    if (table.format !== 'parquet') throw new Error(`${path} is not a Parquet file (looks like ${table.format}); refusing to overwrite it`);
    existing = table.rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, plain(v)])));
  }
  const rows = [...existing, ...records];
  const bytes = toParquet(columnsForRecords(rows), rows);
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return { before: existing.length, after: rows.length };
}
