import { expect, test } from '@playwright/test';
import { chromiumPath } from '../playwright.config.ts';
import { runUrl, waitForPlan } from './run-helpers.ts';

// The flag exposes navigator.ml, but Debian's Chromium has no WebNN backend.
test.use({
  launchOptions: {
    executablePath: chromiumPath,
    args: [
      '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
      '--enable-unsafe-webgpu', '--enable-features=WebMachineLearningNeuralNetwork',
    ],
  },
});

test("WebNN's absence is reported with its reason and a WebNN request is labelled a fallback", async ({ page }) => {
  await page.goto(runUrl({ models: ['bert-tiny'], eps: ['webnn'], seqs: [16], runs: 3, seconds: 0, warmup: 1 }));
  const status = page.getByTestId('ep-webnn-status');
  await expect(status).toContainText(/^unavailable: /);
  // With the flag on, navigator.ml exists: the reason must come from the platform, not "missing".
  await expect(status).not.toContainText('navigator.ml missing');
  await waitForPlan(page, 1);
  const row = page.getByRole('table', { name: 'Measured runs' }).locator('tbody tr');
  await expect(row).toHaveAttribute('data-ep', 'wasm');
  await expect(row).toContainText('wasm (fallback from webnn)');
});
