import { expect, test, type Page } from '@playwright/test';

async function openImport(page: Page) {
  await page.goto('/#/data');
  await expect(page.getByRole('heading', { name: 'Data', exact: true })).toBeVisible();
  const panel = page.getByRole('region', { name: 'Import' });
  if (!(await panel.isVisible())) await page.getByRole('button', { name: /^Import/ }).first().click();
  return panel;
}

test.describe('issue 14 in the page', () => {
  test('item 6: a JSON field nested 200k levels gets a precise error and the page stays', async ({ page }) => {
    const panel = await openImport(page);
    const deep = `[{"model":"m","hardware":"h","batch_size":1,"precision":"fp32","latency_ms":1,"x":${'['.repeat(200_000)}${']'.repeat(200_000)}}]`;
    await panel.getByLabel('Choose a file to import').setInputFiles({ name: 'deep.json', mimeType: 'application/json', buffer: Buffer.from(deep) });
    await expect(panel.getByRole('alert')).toContainText('deep.json:1: is nested more than 64 levels deep');
    await expect(page.getByRole('heading', { name: 'Data', exact: true })).toBeVisible();
  });

  test('item 13: a large CSV shows progress and Cancel stops the import', async ({ page }) => {
    const panel = await openImport(page);
    const lines = ['model,hardware,batch_size,precision,latency_ms'];
    for (let i = 0; i < 1_000_000; i++) lines.push(`m${i},h,${(i % 64) + 1},fp32,${i + 0.5}`);
    await panel.getByLabel('Choose a file to import').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
    await expect(panel.getByLabel('Import progress')).toBeVisible();
    await panel.getByRole('button', { name: 'Cancel' }).click();
    await expect(panel.getByLabel('Import progress')).toHaveCount(0);
    await expect(panel.getByText(/big\.csv: CSV/)).toHaveCount(0);
  });

  test('item 8: stepfit on step_time 1e308 shows the line and the bound', async ({ page }) => {
    await page.goto('/#/steptime');
    const rows = [[1, 64, 0.1], [2, 64, 0.2], [1, 128, 0.2], [2, 128, 1e308], [4, 256, 0.5]];
    await page.getByLabel('Choose a step log file').setInputFiles({
      name: 's.jsonl', mimeType: 'application/x-ndjson',
      buffer: Buffer.from(rows.map(([b, s, t]) => JSON.stringify({ batch_size: b, avg_seq_len: s, step_time: t })).join('\n')),
    });
    await expect(page.getByText(/s\.jsonl:4: step_time 1e\+308 is beyond the plausible maximum/)).toBeVisible();
  });
});
