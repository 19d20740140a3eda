/**
 * Stores one finished run at once: into the page's DuckDB records table (RecordStore, all or
 * nothing) and into IndexedDB (one import batch per run), so closing the tab keeps every finished run.
 */
import type { BenchmarkRecord } from '../../core/schema/record.ts';
import { columnsForRecords } from '../../data/export/columns.ts';
import { openIndexedDbBatchStore } from '../../data/persist/indexeddb-store.ts';
import type { BatchStore } from '../../data/persist/store.ts';
import { RecordStore } from '../../data/store/record-store.ts';
import type { Row } from '../../data/connector.ts';
import { useDataStore } from '../stores/data.ts';

let batchStore: Promise<BatchStore> | null = null;
let recordStore: { connector: unknown; store: RecordStore } | null = null;

function batches(): Promise<BatchStore> {
  batchStore ??= openIndexedDbBatchStore().catch((error: unknown) => {
    batchStore = null;
    throw error;
  });
  return batchStore;
}

export interface StoredRun {
  /** Where the run landed: 'table' is the page's DuckDB, 'browser' is IndexedDB. */
  readonly table: boolean;
  readonly browser: boolean;
  readonly problems: string[];
}

export async function persistRun(record: BenchmarkRecord, importId: string): Promise<StoredRun> {
  const problems: string[] = [];
  const { connector, bump } = useDataStore.getState();
  let table = false;
  if (connector) {
    if (recordStore?.connector !== connector) recordStore = { connector, store: new RecordStore(connector) };
    try {
      await recordStore.store.addRecords([record], { importId });
      table = true;
    } catch (error) {
      problems.push(`not added to the data table: ${error instanceof Error ? error.message : String(error)}`);
    }
  } else {
    problems.push('the data table is not ready; the run is kept in this browser and loads with the data next time');
  }
  let browser = false;
  try {
    const store = await batches();
    await store.saveBatch({
      importId,
      origin: String(record.origin),
      createdAt: new Date().toISOString(),
      columns: columnsForRecords([record]),
      rows: [record as unknown as Row],
      meta: { kind: 'measured-run', model: record.model, execution_provider: String(record.execution_provider) },
    });
    browser = true;
  } catch (error) {
    problems.push(`not saved in this browser: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (table) bump();
  return { table, browser, problems };
}
