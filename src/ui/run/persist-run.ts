/**
 * Stores one finished run at once, as one import batch: into IndexedDB and the page's DuckDB
 * records table together (DataLibrary.addBatch: both or neither), so closing the tab
 * keeps every finished run and the next start restores it.
 */
import type { BenchmarkRecord } from '../../core/schema/record.ts';
import type { Row } from '../../data/connector.ts';
import { columnsForRecords } from '../../data/export/columns.ts';
import type { ImportBatch } from '../../data/persist/batch.ts';
import { openIndexedDbBatchStore } from '../../data/persist/indexeddb-store.ts';
import type { BatchStore } from '../../data/persist/store.ts';
import { useDataStore } from '../stores/data.ts';
import { libraryWhenReady } from '../stores/library.ts';

let fallbackStore: Promise<BatchStore> | null = null;

function ownBatchStore(): Promise<BatchStore> {
  fallbackStore ??= openIndexedDbBatchStore().catch((error: unknown) => {
    fallbackStore = null;
    throw error;
  });
  return fallbackStore;
}

export function runBatch(record: BenchmarkRecord, importId: string, now = new Date()): ImportBatch {
  return {
    importId,
    origin: String(record.origin),
    createdAt: now.toISOString(),
    columns: columnsForRecords([record]),
    rows: [record as unknown as Row],
    meta: { kind: 'measured-run', model: record.model, execution_provider: String(record.execution_provider) },
  };
}

/** Returns the problems met; an empty list means the run is in the table and in this browser. */
export async function persistRun(record: BenchmarkRecord, importId: string): Promise<string[]> {
  const batch = runBatch(record, importId);
  try {
    const library = await libraryWhenReady();
    if (library) {
      await library.addBatch(batch);
      useDataStore.getState().bump();
      return [];
    }
    await (await ownBatchStore()).saveBatch(batch);
    return ['saved in this browser only: the data engine failed to start, so the run joins the data table at the next start'];
  } catch (error) {
    return [`not stored: ${error instanceof Error ? error.message : String(error)}`];
  }
}
