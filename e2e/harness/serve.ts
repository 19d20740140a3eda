/**
 * Builds a test harness page with Vite into a temporary folder and serves it on a free port with
 * the app's COOP/COEP headers. Only e2e specs and benchmark scripts use it; the app's own build
 * has no test pages or hooks.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview, type PluginOption } from 'vite';

const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export interface Harness {
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** Builds and serves the harness page whose index.html is in `root`. */
export async function serveHarness(root: string, label: string, plugins: PluginOption[] = []): Promise<Harness> {
  const outDir = mkdtempSync(join(tmpdir(), `perfcast-${label}-harness-`));
  try {
    await build({
      root,
      configFile: false,
      logLevel: 'warn',
      plugins,
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
    if (!baseUrl) throw new Error(`${label} harness preview server reported no URL`);
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

/** The data-engine harness page (e2e/harness/data-engines/). */
export function startHarness(): Promise<Harness> {
  return serveHarness(join(dirname(fileURLToPath(import.meta.url)), 'data-engines'), 'data');
}
