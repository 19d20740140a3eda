import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';

// steps-hiccup.jsonl follows step_time_ms = 0.002·b·s + 0.5·b + 0.01·s + 20 with ±1% noise, except line 7
// (batch 2, seq 512), which has an 80 ms wall-clock hiccup added (see fixtures/steptime/generate-steps.mjs).
const STEPS = new URL('./fixtures/steptime/', import.meta.url);
const LAW = { a: 0.002, b: 0.5, c: 0.01, d: 20 };

async function openStepTime(page: Page) {
  await page.goto('/#/steptime');
  await expect(page.getByRole('heading', { name: 'Step time', exact: true })).toBeVisible();
}

async function chooseLog(page: Page, name: string) {
  await page.getByLabel('Choose a step log file').setInputFiles({
    name, mimeType: 'application/x-ndjson', buffer: await readFile(new URL(name, STEPS)),
  });
}

function close(shown: string, expected: number, relative: number) {
  const v = Number(shown);
  expect(Number.isFinite(v), `"${shown}" is a number`).toBe(true);
  expect(Math.abs(v - expected) / expected, `${shown} within ${relative * 100}% of ${expected}`).toBeLessThan(relative);
}

test.describe('the Step time view', () => {
  test('fits a step log: coefficients, metrics, the hiccup warning and labelled charts', async ({ page }) => {
    await openStepTime(page);
    await chooseLog(page, 'steps-hiccup.jsonl');

    await expect(page.getByText(/A least-squares model fitted to/)).toContainText('steps-hiccup.jsonl (24 steps)');
    await expect(page.locator('.badge-fitted')).toHaveText('fitted');

    const warnings = page.getByRole('alert', { name: 'Warnings about this fit' });
    await expect(warnings).toContainText(/R² is dominated by 1 point\(s\): without line 7 \(batch 2, seq 512: 108\.\d ms measured/);
    await expect(warnings).toContainText(/RANSAC set aside 1 of 24 steps as outliers/);

    // OLS coefficients are shown with their units; the hiccup pulls them, so only check they are numbers.
    const coefficients = page.locator('table.coefficients');
    for (const [term, unit] of [['a', 'ms / token'], ['b', 'ms / sequence'], ['c', 'ms / token'], ['d', 'ms']]) {
      const row = coefficients.getByRole('row').filter({ has: page.getByRole('cell', { name: term, exact: true }) });
      await expect(row.getByRole('cell').nth(4)).toHaveText(unit);
      expect(Number(await row.getByRole('cell').nth(1).innerText())).not.toBeNaN();
    }

    // The robust fits set the hiccup aside and recover the law the log was generated from.
    const compare = page.locator('table.compare').first();
    for (const method of ['huber', 'ransac']) {
      const cells = compare.getByRole('row').filter({ hasText: new RegExp(`^\\s*${method}`, 'i') }).first().getByRole('cell');
      const head = await compare.locator('thead th').allInnerTexts();
      for (const k of ['a', 'b', 'c', 'd'] as const) {
        close(await cells.nth(head.findIndex((h) => h.startsWith(`${k} (`))).innerText(), LAW[k], k === 'd' ? 0.05 : 0.1);
      }
    }

    const metrics = page.getByLabel('Fit metrics');
    await expect(metrics.locator('.card').filter({ hasText: 'steps (n)' }).locator('.value')).toHaveText('24');
    const r2 = Number(await metrics.locator('.card').filter({ hasText: /^R²/ }).locator('.value').innerText());
    expect(r2).toBeGreaterThan(0);
    expect(r2).toBeLessThan(0.95); // one hiccup drags OLS R² well below the robust fits'
    await expect(metrics.locator('.card').filter({ hasText: 'RMSE' }).locator('.value')).toHaveText(/^[\d.]+ ms$/);
    await expect(metrics.locator('.card').filter({ hasText: 'MAPE' }).locator('.value')).toHaveText(/^[\d.]+ %$/);
    await expect(metrics.locator('.card').filter({ hasText: '5-fold CV R²' }).locator('.value')).toHaveText(/^-?[\d.]+$/);

    const influential = page.locator('.panel').filter({ has: page.getByRole('heading', { name: 'Influential steps' }) });
    await expect(influential.getByRole('row').nth(1).getByRole('cell').first()).toHaveText('7');

    const charts = page.locator('svg[role="img"]');
    await expect(charts).toHaveCount(5);
    const labels = await page.locator('svg .axis-label').allTextContents();
    expect(labels).toContain('measured step time (ms)');
    expect(labels).toContain('residual: measured − fitted (ms)');
    expect(labels).toContain('step time (ms)');
    expect(labels.some((l) => /^batch size \(sequences/.test(l))).toBe(true);
    expect(labels.some((l) => /^average sequence length \(tokens/.test(l))).toBe(true);
    // Every step is a point in the fitted-vs-measured chart; the hiccup is drawn flagged.
    const pva = page.getByRole('img', { name: /^Fitted vs measured/ });
    await expect(pva.locator('circle')).toHaveCount(24);
    await expect(pva.locator('circle.flagged').first()).toBeVisible();

    await expect(page.locator('output[aria-label="Predicted step time"]')).toContainText(/predicted\s+[\d.]+ ms, 95% prediction interval \[[\d.]+, [\d.]+\] ms/);
  });

  test('a malformed log is refused with an error naming each bad line', async ({ page }) => {
    await openStepTime(page);
    await chooseLog(page, 'malformed.jsonl');
    const error = page.getByRole('alert');
    await expect(error).toContainText('malformed.jsonl: 2 bad line(s) in the step log');
    await expect(error).toContainText(/malformed\.jsonl:3: not valid JSON/);
    await expect(error).toContainText('malformed.jsonl:4: step_time must be a number, got "slow"');
    await expect(page.locator('table.coefficients')).toHaveCount(0);
    await expect(page.locator('svg[role="img"]')).toHaveCount(0);
  });
});
