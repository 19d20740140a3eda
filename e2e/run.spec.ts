import { existsSync, readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { parseTable } from '../src/data/parse/parse-table.ts';
import { runUrl, storedRuns, waitForPlan } from './run-helpers.ts';

test('bert-tiny runs on wasm and on WebGPU (SwiftShader) and is stored with the provider that ran', async ({ page, baseURL }) => {
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(runUrl({ models: ['bert-tiny'], eps: ['wasm', 'webgpu'], seqs: [16], runs: 3, seconds: 0, warmup: 1 }));
  await expect(page.getByTestId('ep-webgpu-status')).toContainText(/available: software fallback adapter/);
  await waitForPlan(page, 2);
  const results = page.getByRole('table', { name: 'Measured runs' });
  const wasmRow = results.locator('tr[data-ep="wasm"][data-fallback="false"]');
  const gpuRow = results.locator('tr[data-ep="webgpu"][data-fallback="false"]');
  await expect(wasmRow).toHaveCount(1);
  await expect(gpuRow).toHaveCount(1);
  await expect(wasmRow).toContainText('measured (onnxruntime-web 1.30.0, wasm, Chromium');
  await expect(gpuRow).toContainText('measured (onnxruntime-web 1.30.0, webgpu, Chromium');
  await expect(gpuRow).toContainText('pass');
  const stored = await storedRuns(page);
  expect(stored.map((s) => `${s.model}/${s.executionProvider}/${s.origin}/${s.rowCount}`).sort())
    .toEqual(['bert-tiny/wasm/perfcast-page/1', 'bert-tiny/webgpu/perfcast-page/1']);
  // onnxruntime-web's wasm comes from this origin: the run works offline.
  expect(requests.filter((url) => !url.startsWith(baseURL!))).toEqual([]);
  expect(requests.some((url) => /ort-wasm-simd-threaded.*\.wasm$/.test(url))).toBe(true);
});

test('a link without autostart only fills the form', async ({ page }) => {
  await page.goto(runUrl({ models: ['bert-tiny'], batches: [1, 4], seqs: [32] }, false));
  await expect(page.getByLabel('Batch sizes')).toHaveValue('1, 4');
  await expect(page.getByLabel('Sequence lengths')).toHaveValue('32');
  await expect(page.getByRole('checkbox', { name: /^bert-tiny/ })).toBeChecked();
  await expect(page.getByText(/Plan progress/)).toHaveCount(0);
});

async function pageRowsInDataView(page: import('@playwright/test').Page): Promise<number> {
  const byOrigin = page.getByLabel('Rows by origin');
  await expect(byOrigin).toBeAttached({ timeout: 60_000 });
  const text = (await byOrigin.textContent()) ?? '';
  const match = /perfcast-page: ([\d,]+)/.exec(text);
  return match ? Number(match[1].replace(/,/g, '')) : 0;
}

/** Rows from the page harness in the shipped default data set, which the app loads at every start. */
async function shippedPageRows(): Promise<number> {
  const file = 'public/data/default.parquet';
  if (!existsSync(file)) return 0;
  const table = await parseTable(file, new Uint8Array(readFileSync(file)));
  return table.rows.filter((r) => r.origin === 'perfcast-page').length;
}

test('closing the page mid-plan keeps every finished run', async ({ page, context }) => {
  const before = await shippedPageRows();
  // Three wasm runs of at least 1.5 s each; the page is closed once the first has been stored.
  await page.goto(runUrl({ models: ['bert-tiny'], eps: ['wasm'], batches: [1, 2, 4], seqs: [16], runs: 3, seconds: 1.5, warmup: 0 }));
  await expect(page.locator('.run-items li[data-status="measured"]').first()).toBeVisible({ timeout: 90_000 });
  const finished = await page.locator('.run-items li[data-status="measured"]').count();
  expect(finished).toBeLessThan(3);
  await page.close();

  const reopened = await context.newPage();
  await reopened.goto('/#/run');
  await expect(reopened.getByTestId('ep-wasm-status')).toContainText('available');
  const stored = await storedRuns(reopened);
  expect(stored.length).toBeGreaterThanOrEqual(finished);
  expect(stored.every((s) => s.model === 'bert-tiny' && s.executionProvider === 'wasm' && s.rowCount === 1)).toBe(true);
  // The next start restores them into the data set: the Data view counts them.
  await reopened.goto('/#/data');
  await expect.poll(() => pageRowsInDataView(reopened), { timeout: 60_000 }).toBe(before + stored.length);
});

test('cancel stops the plan, drops the run in progress and leaves the page usable', async ({ page }) => {
  await page.goto(runUrl({ models: ['bert-tiny'], eps: ['wasm'], batches: [1, 2, 4], seqs: [16], runs: 3, seconds: 3, warmup: 0 }));
  await expect(page.locator('.run-items li[data-status="running"]')).toHaveCount(1, { timeout: 60_000 });
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByText(/Plan progress .*\(cancelled\)/)).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('.run-items li[data-status="running"], .run-items li[data-status="pending"]')).toHaveCount(0);
  const cancelled = await page.locator('.run-items li[data-status="cancelled"]').count();
  const measured = await page.locator('.run-items li[data-status="measured"]').count();
  expect(cancelled).toBeGreaterThanOrEqual(1);
  expect((await storedRuns(page)).length).toBe(measured);
  await expect(page.getByRole('button', { name: 'Start' })).toBeEnabled();
});
