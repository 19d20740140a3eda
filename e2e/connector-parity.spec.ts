/**
 * The page's connector (duckdb-wasm 1.32 in its worker, loaded exactly as the app loads it)
 * answers the shared parity script like native DuckDB in Node, and no request leaves the
 * page's own origin. The page is the harness built by e2e/harness/serve.ts; it imports the
 * same src/data/wasm-connector.ts as the app, and the app build carries no test hooks.
 */
import { expect, test } from '@playwright/test';
import { runParityScript, type ParityOutcome } from '../src/data/connector-parity-cases.ts';
import { createNodeConnector } from '../src/data/node-connector.ts';
import { startHarness, type Harness } from './harness/serve.ts';

let harness: Harness | null = null;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  harness = await startHarness();
});

test.afterAll(async () => {
  await harness?.close();
});

test('the page connector matches native DuckDB and stays on its own origin', async ({ page }) => {
  const origin = new URL(harness!.baseUrl).origin;
  const foreign: string[] = [];
  const seen: string[] = [];
  await page.context().route('**/*', (route) => {
    const url = route.request().url();
    seen.push(url);
    if (url.startsWith(origin) || url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
    foreign.push(url);
    return route.abort();
  });

  await page.goto(`${harness!.baseUrl}?run=parity`);
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
