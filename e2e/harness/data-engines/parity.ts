// Runs the shared parity script through the page's real connector (duckdb-wasm in its worker)
// and writes the outcome into the page for e2e/connector-parity.spec.ts to read.
import { runParityScript } from '../../../src/data/connector-parity-cases.ts';
import { createWasmConnector } from '../../../src/data/wasm-connector.ts';

const out = document.getElementById('outcome') as HTMLPreElement;

async function main(): Promise<void> {
  const db = await createWasmConnector();
  try {
    const outcome = await runParityScript(db);
    let extensionError = '';
    try {
      await db.query("SELECT * FROM read_parquet('nothing.parquet')");
    } catch (e) {
      extensionError = (e as Error).message;
    }
    out.textContent = JSON.stringify({ kind: db.kind, crossOriginIsolated, outcome, extensionError });
  } finally {
    await db.close();
  }
}

main().catch((e: unknown) => {
  out.textContent = JSON.stringify({ error: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) });
});
