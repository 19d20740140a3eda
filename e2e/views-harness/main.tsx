/**
 * Test-only page for the dashboard views: the real App, the real duckdb-wasm connector and the
 * real RecordStore, plus a `window.__views` hook that loads rows through RecordStore.addRecords
 * (the same insert path imports use) and counts queries so the benchmark knows when the page
 * has settled. Built only by e2e/views-harness/serve.ts; the production build never sees it.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { BenchmarkRecord } from '../../src/core/schema/record.ts';
import type { Connector } from '../../src/data/connector.ts';
import { RecordStore } from '../../src/data/store/index.ts';
import { createWasmConnector } from '../../src/data/wasm-connector.ts';
import { App } from '../../src/ui/App.tsx';
import { useCubeStore } from '../../src/ui/charts/cube.ts';
import { useDataStore } from '../../src/ui/stores/data.ts';
import { useViewStore } from '../../src/ui/stores/view.ts';
import '../../src/ui/styles.css';
import { simulatedRows } from './simulate.ts';

interface ViewsHook {
  ready: Promise<void>;
  /** Generates `rows` simulated rows in the page and loads them in chunks; returns ms taken. */
  loadSimulated(rows: number, chunk?: number): Promise<number>;
  loadRecords(records: BenchmarkRecord[], importId: string): Promise<number>;
  pendingQueries(): number;
  /** How long the last per-configuration cube build took, ms. */
  cubeBuildMs(): number | null;
  /** True once the cube for the current data revision exists (views query it). */
  cubeReady(): boolean;
  /** Queries answered since the last call, with their durations. */
  takeQueryLog(): { sql: string; ms: number }[];
  issuedQueries(): number;
  store: typeof useViewStore;
  query(sql: string): Promise<unknown[]>;
}

declare global {
  interface Window { __views: ViewsHook }
}

let pending = 0;
let issued = 0;
const log: { sql: string; ms: number }[] = [];

function counting(inner: Connector): Connector {
  return {
    kind: inner.kind,
    async query(sql) {
      pending++; issued++;
      const t0 = performance.now();
      try { return await inner.query(sql); } finally { pending--; log.push({ sql, ms: performance.now() - t0 }); }
    },
    exec: (sql) => inner.exec(sql),
    insertRows: (t, c, r) => inner.insertRows(t, c, r),
    close: () => inner.close(),
  };
}

const ready = (async () => {
  const connector = counting(await createWasmConnector());
  const records = new RecordStore(connector);
  await records.ensureSchema();
  useDataStore.getState().setConnector(connector);
  useDataStore.getState().setStatus({ state: 'ready' });
  window.__views.loadSimulated = async (rows, chunk = 100_000) => {
    const t0 = performance.now();
    for (let offset = 0; offset < rows; offset += chunk) {
      await records.addRecords(simulatedRows({ rows: Math.min(chunk, rows - offset), offset }), { importId: 'views-harness-simulated' });
    }
    useDataStore.getState().bump();
    return performance.now() - t0;
  };
  window.__views.loadRecords = async (list, importId) => {
    const { added } = await records.addRecords(list, { importId });
    useDataStore.getState().bump();
    return added;
  };
  window.__views.query = async (sql) => (await connector.query(sql)).rows as unknown[];
})();

window.__views = {
  ready,
  loadSimulated: async () => { throw new Error('not ready'); },
  loadRecords: async () => { throw new Error('not ready'); },
  pendingQueries: () => pending,
  takeQueryLog: () => log.splice(0, log.length),
  cubeBuildMs: () => useCubeStore.getState().buildMs,
  cubeReady: () => useCubeStore.getState().builtFor === useDataStore.getState().revision,
  issuedQueries: () => issued,
  store: useViewStore,
  query: async () => [],
};

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
