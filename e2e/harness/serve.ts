/**
 * Builds the data-engine harness page (e2e/harness/data-engines/) with Vite into a temporary
 * folder and serves it on a free port with the app's COOP/COEP headers. Only the e2e specs use
 * it; the app's own build has no test pages or hooks.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), 'data-engines');
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export interface Harness {
  readonly baseUrl: string;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const outDir = mkdtempSync(join(tmpdir(), 'perfcast-data-harness-'));
  try {
    await build({
      root,
      configFile: false,
      logLevel: 'warn',
      worker: { format: 'es' },
      build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 4096 },
    });
    const server = await preview({
      root,
      configFile: false,
      logLevel: 'warn',
      build: { outDir },
      preview: { host: '127.0.0.1', port: 0, strictPort: false, headers: isolation },
    });
    const baseUrl = server.resolvedUrls?.local[0] ?? '';
    if (!baseUrl) throw new Error('harness preview server reported no URL');
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
