// Runs the shared parity script through the page's real connector (duckdb-wasm in its worker).
import { runParityScript } from '../../../src/data/connector-parity-cases.ts';
import { createWasmConnector } from '../../../src/data/wasm-connector.ts';

export async function runParity(): Promise<unknown> {
  const db = await createWasmConnector();
  try {
    const outcome = await runParityScript(db);
    let extensionError = '';
    try {
      await db.query("SELECT * FROM read_parquet('nothing.parquet')");
    } catch (e) {
      extensionError = (e as Error).message;
    }
    return { kind: db.kind, crossOriginIsolated, outcome, extensionError };
  } finally {
    await db.close();
  }
}
