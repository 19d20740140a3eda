/**
 * Keeping IndexedDB and DuckDB in step. IndexedDB is the durable copy and DuckDB (in memory in
 * the page) is rebuilt from it at every start, so every change goes to the batch store first and
 * to DuckDB second; when the DuckDB step fails, the batch-store step is undone, leaving both as
 * they were. A crash between the two steps is repaired by the next start's restore.
 */
import type { Connector } from '../connector.ts';
import type { ImportBatch } from './batch.ts';
import type { BatchStore, BatchSummary } from './store.ts';

export type ApplyBatch = (batch: ImportBatch) => Promise<void>;
export type RemoveBatch = (importId: string) => Promise<void>;

function withUndoFailure(error: unknown, undoError: unknown, what: string): Error {
  return new Error(
    `${(error as Error).message}; and undoing the saved copy failed too (${(undoError as Error).message}): ${what}`,
    { cause: error },
  );
}

/** Saves the batch, then inserts it into DuckDB; if the insert fails the saved batch is deleted. */
export async function saveAndInsert(store: BatchStore, batch: ImportBatch, insert: ApplyBatch): Promise<void> {
  const previous = await store.load(batch.importId);
  if (previous) throw new Error(`batch ${batch.importId} is already stored; delete it first or use a new importId`);
  await store.saveBatch(batch);
  try {
    await insert(batch);
  } catch (error) {
    try {
      await store.deleteBatch(batch.importId);
    } catch (undoError) {
      throw withUndoFailure(error, undoError, `batch ${batch.importId} stays stored and will be retried at the next start`);
    }
    throw error;
  }
}

/** Deletes the stored batch, then its rows in DuckDB; if that fails the batch is saved back. */
export async function deleteAndRemove(store: BatchStore, importId: string, remove: RemoveBatch): Promise<void> {
  const batch = await store.load(importId);
  if (!batch) throw new Error(`no stored batch ${importId}`);
  await store.deleteBatch(importId);
  try {
    await remove(importId);
  } catch (error) {
    try {
      await store.saveBatch(batch);
    } catch (undoError) {
      throw withUndoFailure(error, undoError, `batch ${importId} is gone from storage but its rows stay until reload`);
    }
    throw error;
  }
}

export interface RestoreReport {
  readonly restored: BatchSummary[];
  /** Batches that could not be read or inserted; they stay stored so nothing is lost silently. */
  readonly failed: { readonly importId: string; readonly error: string }[];
}

/** Inserts every stored batch into DuckDB, oldest first; used once at start. */
export async function restoreAll(store: BatchStore, insert: ApplyBatch): Promise<RestoreReport> {
  const restored: BatchSummary[] = [];
  const failed: { importId: string; error: string }[] = [];
  for (const summary of await store.list()) {
    try {
      const batch = await store.load(summary.importId);
      if (batch) {
        await insert(batch);
        restored.push(summary);
      }
    } catch (error) {
      failed.push({ importId: summary.importId, error: (error as Error).message });
    }
  }
  return { restored, failed };
}

/** The plain insert: the batch's rows into `table` with the batch's columns. */
export function insertInto(db: Connector, table: string): ApplyBatch {
  return (batch) => db.insertRows(table, batch.columns, batch.rows);
}
