import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { toParquet } from '../src/data/export/parquet.ts';

const FIXTURES = new URL('./fixtures/', import.meta.url);

async function fixture(name: string): Promise<Buffer> {
  return readFile(new URL(name, FIXTURES));
}

async function openData(page: Page) {
  await page.goto('/#/data');
  await expect(page.getByRole('heading', { name: 'Data', exact: true })).toBeVisible();
}

async function chooseFile(page: Page, name: string, buffer: Buffer, mimeType = 'text/csv') {
  const panel = page.getByRole('region', { name: 'Import' });
  if (!(await panel.isVisible())) await page.getByRole('button', { name: /^Import/ }).first().click();
  await panel.getByLabel('Choose a file to import').setInputFiles({ name, mimeType, buffer });
}

function rowCountStatus(page: Page) {
  return page.locator('.data-table-status');
}

test.describe('the Data view', () => {
  test('opens on an empty state that invites an import, never on invented rows', async ({ page }) => {
    await openData(page);
    const empty = page.getByText('No benchmark results yet');
    const table = page.getByRole('table', { name: 'Benchmark records' });
    await expect(empty.or(table)).toBeVisible();
    if (await empty.isVisible()) {
      await expect(page.getByRole('button', { name: 'Import a file' })).toBeVisible();
    } else {
      // A build that ships the measured default data set opens on it, and every row is measured.
      await expect(page.getByRole('list', { name: 'Rows by source' })).toContainText('measured');
      await expect(page.getByRole('list', { name: 'Rows by source' })).not.toContainText(/imported|simulated|predicted/);
    }
  });

  test('imports a CSV with a mapping preview, shows provenance, and keeps the rows after a reload', async ({ page }) => {
    await openData(page);
    await chooseFile(page, 'runs.csv', await fixture('runs.csv'));
    const mapping = page.getByRole('table', { name: 'Column mapping' });
    await expect(mapping.getByLabel('Map column Batch Size')).toHaveValue('batch_size');
    await expect(mapping.getByLabel('Map column Latency (ms)')).toHaveValue('latency_ms');
    await expect(page.getByRole('table', { name: 'Import preview' })).toContainText('a100-sxm4-80gb');
    await page.getByRole('button', { name: 'Import 4 rows' }).click();
    await expect(page.getByText(/Imported 4 rows from runs.csv/)).toBeVisible();

    const table = page.getByRole('table', { name: 'Benchmark records' });
    await expect(page.getByRole('list', { name: 'Rows by source' })).toContainText(/imported\s*4 rows/);
    const before = await page.getByRole('list', { name: 'Rows by source' }).innerText();
    await page.getByLabel('Filter origin').fill('=file:runs.csv');
    await expect(rowCountStatus(page)).toHaveText('4 rows match');
    await expect(table.getByRole('row').filter({ hasText: 'resnet-50' })).toContainText('imported');
    await expect(table.locator('[data-source="imported"]').first()).toHaveAttribute('title', 'imported: file:runs.csv');

    await page.reload();
    await expect.poll(() => page.getByRole('list', { name: 'Rows by source' }).innerText()).toBe(before);
    await page.getByLabel('Filter origin').fill('=file:runs.csv');
    await expect(table.getByRole('row').filter({ hasText: 'vit-base-patch16-224' })).toContainText('9.750');
  });

  test('imports a Parquet file', async ({ page }) => {
    const columns = [
      { name: 'model', type: 'VARCHAR' }, { name: 'hardware', type: 'VARCHAR' }, { name: 'batch_size', type: 'BIGINT' },
      { name: 'precision', type: 'VARCHAR' }, { name: 'latency_ms', type: 'DOUBLE' }, { name: 'memory_mb', type: 'DOUBLE' },
    ];
    const rows = [1, 2, 4].map((b) => ({ model: 'distilbert-base-uncased', hardware: 'rtx-4090', batch_size: b, precision: 'fp16', latency_ms: 1.5 * b, memory_mb: 300 + b }));
    await openData(page);
    await chooseFile(page, 'distil.parquet', Buffer.from(toParquet(columns, rows)), 'application/octet-stream');
    await expect(page.getByText(/PARQUET, 3 rows/)).toBeVisible();
    await page.getByRole('button', { name: 'Import 3 rows' }).click();
    await expect(page.getByText(/Imported 3 rows from distil.parquet/)).toBeVisible();
    await page.getByLabel('Filter origin').fill('=file:distil.parquet');
    await expect(rowCountStatus(page)).toHaveText('3 rows match');
    await expect(page.getByRole('table', { name: 'Benchmark records' }).getByRole('row').filter({ hasText: 'distilbert-base-uncased' })).toHaveCount(3);
  });

  test('a bad file gets a precise error and leaves the stored data intact', async ({ page }) => {
    await openData(page);
    await chooseFile(page, 'runs.csv', await fixture('runs.csv'));
    await page.getByRole('button', { name: 'Import 4 rows' }).click();
    await expect(page.getByText(/Imported 4 rows/)).toBeVisible();
    await expect(page.getByRole('list', { name: 'Rows by source' })).toContainText(/imported\s*4 rows/);
    const before = await page.getByRole('list', { name: 'Rows by source' }).innerText();

    await chooseFile(page, 'bad-metrics.csv', await fixture('bad-metrics.csv'));
    const problems = page.getByRole('alert', { name: 'Import problems' });
    await expect(problems).toContainText('3 of 4 rows have problems');
    await expect(problems).toContainText(/bad-metrics\.csv:3: column latency_ms/);
    await expect(problems).toContainText(/bad-metrics\.csv:4: column precision/);
    await expect(problems).toContainText(/bad-metrics\.csv:5: column latency_ms/);
    await page.getByRole('button', { name: 'Cancel import' }).click();

    await chooseFile(page, 'garbage.parquet', Buffer.from('this is not parquet at all'), 'application/octet-stream');
    await expect(page.getByRole('region', { name: 'Import' }).getByRole('alert')).toContainText('garbage.parquet');

    await page.reload();
    await expect.poll(() => page.getByRole('list', { name: 'Rows by source' }).innerText()).toBe(before);
  });

  test('an export re-imports to identical rows', async ({ page }) => {
    await openData(page);
    await chooseFile(page, 'runs.csv', await fixture('runs.csv'));
    await page.getByRole('button', { name: 'Import 4 rows' }).click();
    await expect(page.getByText(/Imported 4 rows/)).toBeVisible();
    await page.getByLabel('Filter origin').fill('=file:runs.csv');
    await expect(rowCountStatus(page)).toHaveText('4 rows match');

    const exportParquet = async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export Parquet' }).click()]);
      return { name: download.suggestedFilename(), bytes: await readFile((await download.path())!) };
    };
    const first = await exportParquet();
    await chooseFile(page, first.name, first.bytes, 'application/octet-stream');
    await page.getByRole('button', { name: 'Import 4 rows' }).click();
    await expect(page.getByText(/Imported 4 rows/)).toBeVisible();

    await page.getByLabel('Filter origin').fill(`=file:${first.name}`);
    await expect(rowCountStatus(page)).toHaveText('4 rows match');
    const second = await exportParquet();

    const { parseTable } = await import('../src/data/parse/parse-table.ts');
    const strip = (rows: Record<string, unknown>[]) => rows.map(({ origin: _o, claimed_origin: _c, ...rest }) => rest);
    const a = await parseTable(first.name, new Uint8Array(first.bytes));
    const b = await parseTable(second.name, new Uint8Array(second.bytes));
    expect(b.rows).toHaveLength(4);
    expect(strip(b.rows)).toEqual(strip(a.rows));
    expect(b.rows.every((r) => r.claimed_origin === 'file:runs.csv')).toBe(true);
  });
});
