/**
 * Import batches survive a reload: the IndexedDB batch store (src/data/persist/) with the page's
 * duckdb-wasm connector, on the harness page built by e2e/harness/serve.ts.
 */
import { expect, test, type Page } from '@playwright/test';
import { startHarness, type Harness } from './harness/serve.ts';

let harness: Harness | null = null;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  harness = await startHarness();
});

test.afterAll(async () => {
  await harness?.close();
});

interface PersistOutcome {
  error?: string;
  restore: { restored: { importId: string; rowCount: number }[]; failed: unknown[] };
  refused: string;
  rows: Record<string, unknown>[];
  stored: { importId: string; rowCount: number }[];
}

async function step(page: Page, name: string): Promise<PersistOutcome> {
  await page.goto(`${harness!.baseUrl}?run=persist&step=${name}`);
  const outcome = page.locator('#outcome');
  await expect(outcome).not.toBeEmpty({ timeout: 90_000 });
  const parsed = JSON.parse((await outcome.textContent()) ?? '{}') as PersistOutcome;
  expect(parsed.error).toBeUndefined();
  return parsed;
}

test('a saved batch is restored after reload; a refused batch leaves no trace; delete removes it from both', async ({ page }) => {
  await step(page, 'clear');

  const saved = await step(page, 'save');
  expect(saved.restore.restored).toEqual([]);
  expect(saved.refused).toMatch(/NOT NULL/);
  expect(saved.stored.map((s) => [s.importId, s.rowCount])).toEqual([['good-1', 2]]);
  const expectedRows = [
    { import_id: 'good-1', model: 'bert', latency_ms: 1.5, measured_at: '2025-03-01T10:00:00.000Z' },
    { import_id: 'good-1', model: 'vit', latency_ms: null, measured_at: null },
  ];
  expect(saved.rows).toEqual(expectedRows);

  const reloaded = await step(page, 'check');
  expect(reloaded.restore.restored.map((s) => s.importId)).toEqual(['good-1']);
  expect(reloaded.restore.failed).toEqual([]);
  expect(reloaded.rows).toEqual(expectedRows);

  const deleted = await step(page, 'delete');
  expect(deleted.rows).toEqual([]);
  expect(deleted.stored).toEqual([]);

  const after = await step(page, 'check');
  expect(after.restore.restored).toEqual([]);
  expect(after.rows).toEqual([]);
});
