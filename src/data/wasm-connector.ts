/**
 * The page's Connector: duckdb-wasm 1.32 in its own worker. The wasm binaries and worker
 * scripts are bundled from node_modules by Vite (`?url`) and served by the app itself, so
 * DuckDB starts offline; extension autoloading is switched off (see OFFLINE_SETTINGS).
 */
import * as duckdb from '@duckdb/duckdb-wasm';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import type { Connector } from './connector.ts';
import { WasmConnector } from './wasm-engine.ts';

const BUNDLES: duckdb.DuckDBBundles = {
  mvp: { mainModule: mvpWasm, mainWorker: mvpWorker },
  eh: { mainModule: ehWasm, mainWorker: ehWorker },
};

export interface WasmConnectorOptions {
  /** Log duckdb-wasm's own events to the console (off by default). */
  readonly verbose?: boolean;
}

/**
 * Starts DuckDB in a worker and opens one in-memory database with one connection.
 * Call once per page; `close()` terminates the worker.
 */
export async function createWasmConnector(options: WasmConnectorOptions = {}): Promise<Connector> {
  // 'eh' (wasm exceptions) where the browser supports it, 'mvp' otherwise; never the threaded 'coi' build
  const bundle = await duckdb.selectBundle(BUNDLES);
  if (!bundle.mainWorker) throw new Error('duckdb-wasm: no worker script for the selected bundle');
  const worker = new Worker(bundle.mainWorker);
  const logger = options.verbose ? new duckdb.ConsoleLogger() : new duckdb.VoidLogger();
  const db = new duckdb.AsyncDuckDB(logger, worker);
  try {
    await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
    await db.open({ query: { castBigIntToDouble: false, castDecimalToDouble: false } });
    const connection = await db.connect();
    return await WasmConnector.open(connection, () => db.terminate());
  } catch (error) {
    await db.terminate();
    throw new Error(`DuckDB (wasm) failed to start: ${(error as Error).message}`, { cause: error });
  }
}
