import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { startViewsHarness, type Harness } from './views-harness/serve.ts';
import { mlEnergyDiffusionRecords } from './views-harness/mlenergy.ts';

/**
 * Every dashboard view renders real charts from DuckDB: a small fixture of SIMULATED rows (the
 * harness generator, labelled simulated) plus, where ../shared/datasets is present, real
 * ML.ENERGY rows imported as `imported`. Screenshots go to test-results/screenshots/ for review.
 */

const SHOTS = 'test-results/screenshots';
let harness: Harness;

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  harness = await startViewsHarness();
});

test.afterAll(async () => {
  await harness?.close();
});

async function open(page: Page): Promise<{ imported: number }> {
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.goto(harness.baseUrl);
  await page.evaluate(() => window.__views.ready);
  await page.evaluate(() => window.__views.loadSimulated(3000));
  const records = mlEnergyDiffusionRecords();
  if (!records) test.info().annotations.push({ type: 'note', description: '../shared/datasets absent: imported ML.ENERGY rows skipped' });
  const imported = records ? await page.evaluate((r) => window.__views.loadRecords(r, 'e2e-mlenergy'), records) : 0;
  return { imported };
}

async function show(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => { location.hash = h; }, hash);
  const id = hash.replace(/^#\//, '').split('?')[0];
  await page.waitForFunction((view) => {
    const s = [...document.querySelectorAll(`section[data-view="${view}"] [data-view-status]`)].map((e) => e.getAttribute('data-view-status'));
    return s.length > 0 && s.every((x) => x === 'done') && window.__views.cubeReady() && window.__views.pendingQueries() === 0;
  }, id);
  // a filter or option change may still be on its way through React: settle once more
  await page.waitForTimeout(300);
  await page.waitForFunction(() => window.__views.pendingQueries() === 0);
}

/** Every chart has titled axes with units in parentheses, a legend, and marks that say their source. */
async function expectReadableCharts(page: Page, minCharts: number): Promise<void> {
  const charts = page.locator('figure[data-chart] svg');
  expect(await charts.count()).toBeGreaterThanOrEqual(minCharts);
  for (const svg of await charts.all()) {
    const axisLabels = await svg.locator('[data-axis-label]').allTextContents();
    expect(axisLabels.length).toBeGreaterThanOrEqual(1);
    expect(axisLabels.some((t) => /\([^)]+\)/.test(t)), `an axis label with a unit among: ${axisLabels.join(' | ')}`).toBe(true);
    await expect(svg.locator('[data-legend]')).toHaveCount(1);
    expect(await svg.locator('[data-chart-title]').textContent()).not.toBe('');
    const marks = svg.locator('[data-mark]');
    expect(await marks.count()).toBeGreaterThan(0);
    const sources = await marks.evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-source')))]);
    expect(sources.every((s) => ['measured', 'imported', 'predicted', 'simulated'].includes(String(s)))).toBe(true);
  }
}

test('each view renders the fixture with units, legends and provenance', async ({ page }) => {
  const { imported } = await open(page);

  await show(page, '#/compare');
  await page.getByLabel('Baseline hardware').selectOption('sim-cpu-server');
  await show(page, '#/compare');
  await expectReadableCharts(page, 1);
  await expect(page.locator('[data-chart="compare"] text', { hasText: /^\d.*×$/ }).first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/compare.png`, fullPage: true });

  await show(page, '#/heatmap');
  await expectReadableCharts(page, 1);
  if (imported > 0) expect(await page.locator('[data-mark="cell"][data-source="imported"]').count()).toBeGreaterThan(0);
  await page.locator('[data-mark="cell"]').first().click();
  await expect(page.locator('[data-drilldown] tbody tr').first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/heatmap.png`, fullPage: true });

  await show(page, '#/scaling');
  await expectReadableCharts(page, 2);
  await expect(page.locator('[data-chart="scaling-throughput"] [data-axis-label="x"]')).toContainText('Batch size (items), log scale');
  await page.screenshot({ path: `${SHOTS}/scaling.png`, fullPage: true });

  await show(page, '#/pareto');
  await expectReadableCharts(page, 1);
  await expect(page.locator('[data-overlay="frontier"]')).toHaveCount(1);
  await page.screenshot({ path: `${SHOTS}/pareto.png`, fullPage: true });

  await show(page, '#/precision');
  await expectReadableCharts(page, 2);
  await page.screenshot({ path: `${SHOTS}/precision.png`, fullPage: true });

  await show(page, '#/power');
  await expectReadableCharts(page, 3);
  await page.screenshot({ path: `${SHOTS}/power.png`, fullPage: true });

  // browser wasm rows carry no power: the view names what is missing
  await page.evaluate(() => window.__views.store.getState().setFilter('hardware', ['sim-browser-wasm']));
  await show(page, '#/power');
  await expect(page.locator('[data-empty-state]')).toContainText('power_w');
  await expect(page.locator('[data-missing]')).toContainText('Missing: power_w and energy_j');
  await page.screenshot({ path: `${SHOTS}/power-empty.png`, fullPage: true });
  await page.evaluate(() => window.__views.store.getState().clearFilters());

  if (imported > 0) {
    await page.evaluate(() => window.__views.store.getState().setFilter('source', ['imported']));
    await show(page, '#/power');
    await expectReadableCharts(page, 3);
    await expect(page.locator('[data-mark][data-source="imported"]').first()).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/power-imported.png`, fullPage: true });
    await page.evaluate(() => window.__views.store.getState().clearFilters());
  }

  await show(page, '#/space');
  const canvas = page.locator('[data-chart="space"] canvas');
  await expect(canvas).toBeVisible();
  await expect(page.locator('[data-chart="space"] [data-legend]')).toContainText('Hardware');
  const titles = await page.locator('[data-chart="space"] [data-axis-label="title"]').allInnerTexts();
  expect(titles).toHaveLength(3);
  for (const t of titles) expect(t).toMatch(/\([^)]+\)/);
  await expect.poll(() => canvas.getAttribute('data-frames')).not.toBeNull();
  await page.screenshot({ path: `${SHOTS}/space.png`, fullPage: true });

  // hovering points shows their provenance; orbiting stores the camera in the shared state
  const box = (await canvas.boundingBox())!;
  let tip = '';
  for (let i = 0; i < 60 && !tip; i++) {
    await page.mouse.move(box.x + box.width * (0.3 + 0.4 * ((i * 7) % 60) / 60), box.y + box.height * (0.3 + 0.4 * ((i * 13) % 60) / 60));
    await page.waitForTimeout(50);
    const t = page.locator('[data-chart="space"] [role="tooltip"]');
    if (await t.count()) tip = await t.innerText();
  }
  expect(tip).toMatch(/Source: simulated — origin: /);
  expect(await page.evaluate(() => window.__views.store.getState().cam)).toBeNull();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2 + 30, { steps: 8 });
  await page.mouse.up();
  const cam = await page.evaluate(() => window.__views.store.getState().cam);
  expect(cam).not.toBeNull();
  expect(cam!.r).toBeGreaterThan(0);
});

test('charts export as SVG and PNG, and the report downloads as escaped self-contained HTML', async ({ page }) => {
  await open(page);
  await show(page, '#/compare');
  const figure = page.locator('figure[data-chart="compare"]');

  const [svgDownload] = await Promise.all([page.waitForEvent('download'), figure.getByRole('button', { name: /as SVG/ }).click()]);
  expect(svgDownload.suggestedFilename()).toMatch(/^perfcast-.*\.svg$/);
  const svg = readFileSync(await svgDownload.path(), 'utf8');
  expect(svg).toContain('<svg');
  expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
  expect(svg).toMatch(/Latency \(median\) \(ms\)/);
  expect(svg).toMatch(/style="fill:/);

  const [pngDownload] = await Promise.all([page.waitForEvent('download'), figure.getByRole('button', { name: /as PNG/ }).click()]);
  const png = readFileSync(await pngDownload.path());
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  expect(png.length).toBeGreaterThan(5000);

  await page.locator('[data-report-panel] summary').click();
  const [report] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download HTML report' }).click()]);
  const html = readFileSync(await report.path(), 'utf8');
  expect(html.startsWith('<!doctype html>')).toBe(true);
  expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
  expect(html).toContain('simulated');
  expect(html).not.toMatch(/<script/i);

  await show(page, '#/space');
  const [webgl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-chart="space"]').getByRole('button', { name: /as PNG/ }).click()]);
  const shot = readFileSync(await webgl.path());
  expect(shot.subarray(1, 4).toString()).toBe('PNG');
});
