/**
 * Shared links in a real browser: a link reproduces view, filters and options; the address bar
 * follows the state; hostile, broken and old links fall back to defaults with a visible warning
 * and never put markup of their own into the page.
 */
import { expect, test, type Page } from '@playwright/test';

/** Chips of the shared filter bar, as their visible text. */
async function chips(page: Page): Promise<string[]> {
  return page.getByRole('list', { name: 'Active filters' }).getByRole('listitem').evaluateAll(
    (items) => items.map((li) => (li.querySelector('span')?.textContent ?? '').replace(/ \(not in data\)$/, '')),
  );
}

function hashParams(page: Page): URLSearchParams {
  const hash = new URL(page.url()).hash;
  return new URLSearchParams(hash.includes('?') ? hash.slice(hash.indexOf('?') + 1) : '');
}

test('a shared link opens the same view, filters and options', async ({ page }) => {
  const link = '/#/history?s=1&fm=bert-base,vit%252Cb16&fp=fp16,int8&fb=1,32&m=throughput_items_s&fs=measured';
  await page.goto(link);
  await expect(page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'History' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('heading', { level: 2, name: 'History' })).toBeVisible();
  await expect.poll(() => chips(page)).toEqual([
    'Model: bert-base', 'Model: vit,b16', 'Precision: fp16', 'Precision: int8', 'Source: measured', 'Batch: 1', 'Batch: 32',
  ]);
  await expect(page.getByLabel('Metric')).toHaveValue('throughput_items_s');
  await expect(page.getByTestId('url-warnings')).toHaveCount(0);

  // The address bar keeps the same state (the data set hash may be added once data has loaded).
  const params = hashParams(page);
  expect(params.get('fm')).toBe('bert-base,vit%2Cb16');
  expect(params.get('fp')).toBe('fp16,int8');
  expect(params.get('m')).toBe('throughput_items_s');

  // Changing the view through the navigation keeps the filters and writes them back to the URL.
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Data' }).click();
  await expect(page).toHaveURL(/#\/data\?/);
  expect(hashParams(page).get('fp')).toBe('fp16,int8');

  // Back returns to the shared view with the same state.
  await page.goBack();
  await expect(page).toHaveURL(/#\/history\?/);
  await expect.poll(() => chips(page)).toContain('Batch: 32');

  // Removing a chip updates the link (debounced replaceState), and reloading reproduces it.
  await page.goto(link);
  await page.getByRole('button', { name: 'Remove Precision int8' }).click();
  await expect.poll(() => hashParams(page).get('fp')).toBe('fp16');
  await page.reload();
  await expect.poll(() => chips(page)).not.toContain('Precision: int8');
  await expect.poll(() => chips(page)).toContain('Precision: fp16');
});

test('hostile, broken and old links show defaults with a warning and inject nothing', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  const img = encodeURIComponent('<img src=x onerror="window.__pwned=1;alert(1)">');
  const script = encodeURIComponent('<script>window.__pwned=2</script>');
  const hostile = [
    `/#/history?s=1&v=${img}&fm=${img},${script}&fp=fp16,${img}&m=${script}&x=${img}&cam=${img}&__proto__=1&constructor=x&z=${img}`,
    `/#/${img}?s=1&fb=-5,abc&ds=${script}`,
    '/#/history?s=1&z=eJzLSM3JyVcozy_KSQEAGgQEXQ&fm=%E0%A4%A&%%%=&&==',
    '/#/compare?s=0&fp=fp16&m=power_w',
    '/#/history?s=99&fp=fp16&zz=1',
  ];
  for (const link of hostile) {
    await page.goto(link);
    const banner = page.getByTestId('url-warnings');
    await expect(banner).toBeVisible();
    await expect(banner.getByRole('listitem').first()).toBeVisible();
    expect(await page.locator('img[src="x"], main script').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.evaluate(() => ({} as Record<string, unknown>).constructor === Object)).toBe(true);
    // Values come back as text, never as elements.
    const bannerHtml = await banner.innerHTML();
    expect(bannerHtml).not.toMatch(/<img|<script/i);
  }
  expect(dialogs).toEqual([]);

  // The old (version 0) link keeps its view and drops what version 0 did not have.
  await page.goto('/#/compare?s=0&fp=fp16');
  await expect(page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Compare' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('url-warnings')).toContainText('version 0 links carry only the view');
  await expect.poll(() => chips(page)).toEqual([]);

  // A link naming a view that does not exist lands on the first view, with defaults.
  await page.goto(`/#/nope?s=1&m=${script}`);
  await expect(page.getByTestId('url-warnings')).toContainText('view that does not exist');
  await expect(page.getByTestId('url-warnings')).toContainText('Unknown metric');
  // Dismissing hides the warnings.
  await page.getByRole('button', { name: 'Dismiss link warnings' }).click();
  await expect(page.getByTestId('url-warnings')).toHaveCount(0);
});

/** A flat series with one +30% step, generated here and labelled simulated. */
function stepCsv(): string {
  const header = 'source,origin,model,hardware,batch_size,precision,latency_ms,measured_at';
  const lines = Array.from({ length: 30 }, (_, i) => {
    const level = i < 15 ? 10 : 13;
    const value = level * (1 + 0.01 * Math.sin(i * 1.7));
    const day = String(1 + i).padStart(2, '0');
    return `simulated,share-e2e,e2e-model,e2e-hw,1,fp32,${value.toFixed(4)},2025-01-${day}T12:00:00Z`;
  });
  return [header, ...lines].join('\n');
}

/** Imports CSV text through the Data view; false when DuckDB never started in the page. */
async function importCsv(page: Page, name: string, text: string): Promise<void> {
  await page.goto('/#/data');
  const importButton = page.getByRole('button', { name: 'Import…' });
  await importButton.waitFor({ timeout: 90_000 });
  await importButton.click();
  await page.getByLabel('Choose a file to import').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  await page.getByRole('button', { name: /^Import (30|30 valid) rows/ }).click();
  await expect(page.locator('.import-done')).toBeVisible();
}

/**
 * History flags the step of an imported file, the flag can be shared as a link, and the link
 * names the data set the same way in any browser that imports the same file.
 */
test('History flags a step in imported results, and the flag is shareable', async ({ page }) => {
  await importCsv(page, 'history-step.csv', stepCsv());

  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'History' }).click();
  await page.locator('details[data-filter="model"] summary').click();
  await page.getByRole('group', { name: 'Model filter' }).getByLabel('e2e-model').check();
  const step = page.locator('tr[data-flag-entry="step"]');
  await expect(step).toHaveCount(1);
  await expect(step).toContainText('2025-01-16');
  await expect(step).toContainText('+30%');
  await expect(page.locator('[data-flag="step"][data-direction="regression"]')).toHaveCount(1);
  await step.click();
  await expect(step).toHaveAttribute('aria-selected', 'true');
  await expect.poll(() => hashParams(page).get('sel') ?? '').toMatch(/^f:[0-9a-f]+:\d+:step$/);
  await expect.poll(() => hashParams(page).get('ds') ?? '').toMatch(/^[0-9a-f]{12}$/);
  const ds = hashParams(page).get('ds');

  // The same link in a fresh page shows the same flag highlighted; imports persist in the browser.
  const link = page.url();
  const second = await page.context().newPage();
  await second.goto(link);
  await expect(second.locator('tr[data-flag-entry="step"]')).toHaveAttribute('aria-selected', 'true');
  await expect(second.getByTestId('url-warnings')).toHaveCount(0);
  // Edited to name other data, the link warns.
  await second.goto(link.replace(/ds=[0-9a-f]+/, 'ds=000000000000'));
  await expect(second.getByTestId('url-warnings')).toContainText('made on a different data set');
  await second.close();

  // Another browser profile importing the same file names the same data set.
  const other = await page.context().browser()!.newContext();
  const third = await other.newPage();
  await importCsv(third, 'history-step.csv', stepCsv());
  await expect.poll(() => hashParams(third).get('ds'), { timeout: 30_000 }).toBe(ds);
  await other.close();
});
