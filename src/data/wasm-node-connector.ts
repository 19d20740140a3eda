/**
 * duckdb-wasm (the same duckdb-eh.wasm the page loads) in Node, through the package's blocking
 * bindings, behind the same WasmConnector the page uses. For parity tests and benchmark scripts;
 * the command line and the agent use the native node-connector.ts.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createDuckDB, NODE_RUNTIME, VoidLogger } from '@duckdb/duckdb-wasm/blocking';
import type { Connector } from './connector.ts';
import { WasmConnector } from './wasm-engine.ts';

export async function createWasmNodeConnector(): Promise<Connector> {
  const require = createRequire(import.meta.url);
  const dist = dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));
  const bundles = {
    mvp: { mainModule: join(dist, 'duckdb-mvp.wasm'), mainWorker: join(dist, 'duckdb-node-mvp.worker.cjs') },
    eh: { mainModule: join(dist, 'duckdb-eh.wasm'), mainWorker: join(dist, 'duckdb-node-eh.worker.cjs') },
  };
  const db = await createDuckDB(bundles, new VoidLogger(), NODE_RUNTIME);
  await db.instantiate();
  db.open({ query: { castBigIntToDouble: false, castDecimalToDouble: false } });
  const connection = db.connect();
  return WasmConnector.open(connection, () => db.reset());
}
