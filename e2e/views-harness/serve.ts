/**
 * Builds the views harness page (e2e/views-harness/) with Vite into a temporary folder and serves
 * it with the app's COOP/COEP headers. Only the views e2e spec and scripts/bench-dashboard.ts use it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { build, preview } from 'vite';

const root = dirname(fileURLToPath(import.meta.url));
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export interface Harness {
  readonly baseUrl: string;
  close(): Promise<void>;
}

export async function startViewsHarness(): Promise<Harness> {
  const outDir = mkdtempSync(join(tmpdir(), 'perfcast-views-harness-'));
  try {
    await build({
      root,
      configFile: false,
      logLevel: 'warn',
      plugins: [react()],
      worker: { format: 'es' },
      optimizeDeps: { exclude: ['@duckdb/duckdb-wasm', 'onnxruntime-web'] },
      build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 8192 },
    });
    const server = await preview({
      root,
      configFile: false,
      logLevel: 'warn',
      build: { outDir },
      preview: { host: '127.0.0.1', port: 0, strictPort: false, headers: isolation },
    });
    const baseUrl = server.resolvedUrls?.local[0] ?? '';
    if (!baseUrl) throw new Error('views harness preview server reported no URL');
    return {
      baseUrl,
      async close() {
        await server.close();
        rmSync(outDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(outDir, { recursive: true, force: true });
    throw error;
  }
}
