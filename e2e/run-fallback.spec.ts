import { expect, test } from '@playwright/test';
import { chromiumPath } from '../playwright.config.ts';
import { runUrl, storedRuns, waitForPlan } from './run-helpers.ts';

// No --enable-unsafe-webgpu: headless Chromium has no WebGPU adapter, so a WebGPU request must
// end up on wasm and be labelled as a fallback, never as WebGPU.
test.use({
  launchOptions: {
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  },
});

test('a WebGPU request without WebGPU is measured on wasm and labelled a fallback', async ({ page }) => {
  await page.goto(runUrl({ models: ['bert-tiny'], eps: ['webgpu'], seqs: [16], runs: 3, seconds: 0, warmup: 1 }));
  await expect(page.getByTestId('ep-webgpu-status')).toContainText(/^unavailable: /);
  await waitForPlan(page, 1);
  const row = page.getByRole('table', { name: 'Measured runs' }).locator('tbody tr');
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-ep', 'wasm');
  await expect(row).toHaveAttribute('data-fallback', 'true');
  await expect(row).toContainText('wasm (fallback from webgpu)');
  const stored = await storedRuns(page);
  expect(stored.map((s) => s.executionProvider)).toEqual(['wasm']);
});

test('with fallback set to skip, an unavailable provider is skipped and nothing is stored', async ({ page }) => {
  await page.goto(runUrl({ models: ['bert-tiny'], eps: ['webgpu'], seqs: [16], runs: 3, seconds: 0, onUnavailable: 'skip' }));
  await waitForPlan(page, 1);
  await expect(page.locator('.run-items li[data-status="skipped"]')).toContainText('webgpu unavailable');
  expect(await storedRuns(page)).toEqual([]);
});
