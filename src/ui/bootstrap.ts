import { createWasmConnector } from '../data/wasm-connector.ts';
import { DataLibrary } from '../data/library.ts';
import { openIndexedDbBatchStore } from '../data/persist/indexeddb-store.ts';
import { createMemoryBatchStore, type BatchStore } from '../data/persist/store.ts';
import { useDataStore } from './stores/data.ts';
import { useLibraryStore, type DatasetManifest } from './stores/library.ts';

const DEFAULT_DATA = 'data/default.parquet';
const DEFAULT_MANIFEST = 'data/manifest.json';

async function openBatches(): Promise<{ store: BatchStore; persistence: 'indexeddb' | { memoryOnly: string } }> {
  try {
    return { store: await openIndexedDbBatchStore(), persistence: 'indexeddb' };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { store: createMemoryBatchStore(), persistence: { memoryOnly: `IndexedDB is unavailable (${reason}); imports last until the tab closes` } };
  }
}

async function fetchBytes(url: string): Promise<Uint8Array | null> {
  const response = await fetch(url);
  // A static server with an SPA fallback answers a missing file with index.html and status 200.
  if (response.status === 404 || (response.headers.get('content-type') ?? '').startsWith('text/html')) return null;
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** Starts DuckDB, loads the shipped measured data set, then restores the user's imports. */
export async function startData(): Promise<void> {
  const data = useDataStore.getState();
  const lib = useLibraryStore.getState();
  try {
    const connector = await createWasmConnector();
    const { store, persistence } = await openBatches();
    const { library, restore } = await DataLibrary.open(connector, store);
    let defaultDataset: (typeof lib)['defaultDataset'] = { rows: 0, missing: 'no default data set is shipped with this build' };
    const bytes = await fetchBytes(new URL(DEFAULT_DATA, document.baseURI).href);
    if (bytes && bytes.byteLength > 0) {
      const rows = await library.loadDefault('default.parquet', bytes);
      const manifestBytes = await fetchBytes(new URL(DEFAULT_MANIFEST, document.baseURI).href);
      const manifest = manifestBytes ? (JSON.parse(new TextDecoder().decode(manifestBytes)) as DatasetManifest) : null;
      defaultDataset = { rows, manifest };
    }
    lib.set({ library, restore, persistence, defaultDataset });
    data.setConnector(connector);
    data.setStatus({ state: 'ready' });
    data.bump();
  } catch (error) {
    data.setStatus({ state: 'error', message: error instanceof Error ? error.message : String(error) });
  }
}
