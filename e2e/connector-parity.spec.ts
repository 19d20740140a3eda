/**
 * The page's connector (duckdb-wasm 1.32 in its worker, loaded exactly as the app loads it)
 * answers the shared parity script like native DuckDB in Node, without any request leaving
 * the page's own origin.
 *
 * The page under test is a small harness (e2e/harness/connector-parity/) that this spec builds
 * with Vite into a temporary folder and serves itself, with the app's COOP/COEP headers. The app
 * build carries no test hooks; the harness imports the same src/data/wasm-connector.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { build, preview, type PreviewServer } from 'vite';
import { runParityScript, type ParityOutcome } from '../src/data/connector-parity-cases.ts';
import { createNodeConnector } from '../src/data/node-connector.ts';

const here = dirname(fileURLToPath(import.meta.url));
const harnessRoot = join(here, 'harness', 'connector-parity');
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

let outDir = '';
let server: PreviewServer | null = null;
let baseUrl = '';

test.beforeAll(async () => {
  test.setTimeout(240_000);
  outDir = mkdtempSync(join(tmpdir(), 'perfcast-parity-harness-'));
  await build({
    root: harnessRoot,
    configFile: false,
    logLevel: 'warn',
    worker: { format: 'es' },
    build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 4096 },
  });
  server = await preview({
    root: harnessRoot,
    configFile: false,
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, headers: isolation },
  });
  baseUrl = server.resolvedUrls?.local[0] ?? '';
});

test.afterAll(async () => {
  await server?.close();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

test('the page connector matches native DuckDB and stays on its own origin', async ({ page }) => {
  expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  const origin = new URL(baseUrl).origin;
  const foreign: string[] = [];
  const seen: string[] = [];
  await page.context().route('**/*', (route) => {
    const url = route.request().url();
    seen.push(url);
    if (url.startsWith(origin) || url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
    foreign.push(url);
    return route.abort();
  });

  await page.goto(baseUrl);
  const outcome = page.locator('#outcome');
  await expect(outcome).not.toBeEmpty({ timeout: 90_000 });
  const fromPage = JSON.parse((await outcome.textContent()) ?? '{}') as {
    error?: string;
    kind: string;
    crossOriginIsolated: boolean;
    outcome: ParityOutcome;
    extensionError: string;
  };
  expect(fromPage.error).toBeUndefined();
  expect(fromPage.kind).toBe('wasm');
  expect(fromPage.crossOriginIsolated).toBe(true);
  expect(fromPage.extensionError).toMatch(/parquet extension/);

  const native = await createNodeConnector();
  const expected = await runParityScript(native);
  await native.close();

  for (const name of Object.keys(expected.results)) {
    expect(fromPage.outcome.results[name], name).toEqual(expected.results[name]);
  }
  expect(fromPage.outcome.failedInserts).toEqual(expected.failedInserts);
  // the worker's own fetch of the wasm binary went through the same route, so it was watched too
  expect(seen.some((url) => url.endsWith('.wasm'))).toBe(true);
  expect(foreign).toEqual([]);
});
