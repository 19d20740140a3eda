/**
 * Dashboard benchmark: loads 1,000,000 SIMULATED rows (e2e/views-harness/simulate.ts, labelled
 * `simulated`, origin "perfcast dashboard test generator") into the page's duckdb-wasm through
 * RecordStore.addRecords, then for every view prints the time from a filter change in the shared
 * store to the view's queries answered and its charts rendered, and the 3-D view's frame rate
 * with 10,000 points while orbiting. Goals: <= 200 ms per filter change, >= 30 fps.
 *
 *   npx tsx scripts/bench-dashboard.ts [--rows 1000000] [--repeats 5]
 *
 * Runs headless Chromium (/usr/bin/chromium or PERFCAST_CHROMIUM); WebGL there is SwiftShader
 * (software), so the frame rate is a floor, not what a GPU would give.
 */
import { chromium, type Page } from '@playwright/test';
import { cpus } from 'node:os';
import { startViewsHarness } from '../e2e/views-harness/serve.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const ROWS = arg('rows', 1_000_000);
const REPEATS = arg('repeats', 5);
const VIEWS = ['compare', 'heatmap', 'scaling', 'pareto', 'precision', 'power', 'space'];
const FILTERS: [string, (string | number)[]][] = [
  ['hardware', ['sim-gpu-large', 'sim-gpu-mid', 'sim-cpu-server']],
  ['precision', ['fp32', 'fp16']],
  ['hardware', []],
  ['precision', []],
  ['batch', [1, 8, 64]],
  ['batch', []],
];

/** In the page: applies a filter and resolves with the ms until all queries are answered and two frames painted. */
async function timeFilterChange(page: Page, key: string, values: (string | number)[]): Promise<{ total: number; queryMs: number; queries: number }> {
  return page.evaluate(async ([key, values]) => {
    // no named inner functions here: tsx would wrap them in a __name helper the page lacks
    const v = window.__views;
    v.takeQueryLog();
    const before = v.issuedQueries();
    const t0 = performance.now();
    (v.store.getState().setFilter as (k: string, vals: unknown[]) => void)(key as string, values as unknown[]);
    for (;;) {
      await new Promise<void>((r) => requestAnimationFrame(() => r()));
      if (v.issuedQueries() > before && v.pendingQueries() === 0) {
        const issued = v.issuedQueries();
        await new Promise<void>((r) => requestAnimationFrame(() => r()));
        await new Promise<void>((r) => requestAnimationFrame(() => r()));
        if (v.pendingQueries() === 0 && v.issuedQueries() === issued) break;
      }
      if (performance.now() - t0 > 60_000) throw new Error('view did not settle within 60 s');
    }
    const statuses = [...document.querySelectorAll('section[data-view] [data-view-status]')].map((e) => e.getAttribute('data-view-status'));
    if (statuses.some((s) => s !== 'done')) throw new Error(`view not done after settling: ${statuses.join(',')}`);
    const total = performance.now() - t0;
    const queries = v.takeQueryLog();
    return { total, queryMs: queries.reduce((a, q) => a + q.ms, 0), queries: queries.length };
  }, [key, values] as const);
}

async function settle(page: Page, view: string): Promise<void> {
  await page.waitForFunction((id) => {
    const s = [...document.querySelectorAll(`section[data-view="${id}"] [data-view-status]`)].map((e) => e.getAttribute('data-view-status'));
    return s.length > 0 && s.every((x) => x === 'done') && window.__views.cubeReady() && window.__views.pendingQueries() === 0;
  }, view, { timeout: 300_000 });
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

async function main() {
  const harness = await startViewsHarness();
  const browser = await chromium.launch({
    executablePath: process.env.PERFCAST_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.goto(harness.baseUrl);
    await page.evaluate(() => window.__views.ready);
    const gl = await page.evaluate(() => {
      const c = document.createElement('canvas').getContext('webgl2');
      const ext = c?.getExtension('WEBGL_debug_renderer_info');
      return c && ext ? String(c.getParameter(ext.UNMASKED_RENDERER_WEBGL)) : 'no WebGL2';
    });
    console.log(`Perfcast dashboard benchmark: ${browser.version()} headless, ${cpus().length} CPU cores, WebGL renderer: ${gl}`);
    const loadMs = await page.evaluate((n) => window.__views.loadSimulated(n), ROWS);
    const [{ n }] = (await page.evaluate(() => window.__views.query('SELECT count(*)::INTEGER AS n FROM records'))) as { n: number }[];
    console.log(`loaded ${n.toLocaleString('en-US')} simulated rows through RecordStore.addRecords in ${(loadMs / 1000).toFixed(1)} s`);
    await page.evaluate(() => { location.hash = '#/compare'; });
    await settle(page, 'compare');
    const cube = await page.evaluate(async () => (await window.__views.query('SELECT count(*)::INTEGER AS n FROM records_cube'))[0] as { n: number });
    const cubeMs = await page.evaluate(() => window.__views.cubeBuildMs());
    console.log(`per-configuration cube: ${cube.n.toLocaleString('en-US')} configurations, built in ${((cubeMs ?? NaN) / 1000).toFixed(1)} s (once per data change)`);

    console.log('\nfilter change -> view updated (ms), goal <= 200');
    console.log('view        median     max   (of which DuckDB, median)   samples');
    const worst: number[] = [];
    for (const view of VIEWS) {
      await page.evaluate((id) => { window.__views.store.getState().clearFilters(); location.hash = `#/${id}`; }, view);
      await settle(page, view);
      const times: number[] = [];
      const queryTimes: number[] = [];
      for (let r = 0; r < REPEATS; r++) {
        const [key, values] = FILTERS[r % FILTERS.length];
        const t = await timeFilterChange(page, key, values);
        times.push(t.total);
        queryTimes.push(t.queryMs);
      }
      worst.push(Math.max(...times));
      console.log(`${view.padEnd(10)} ${median(times).toFixed(0).padStart(7)} ${Math.max(...times).toFixed(0).padStart(7)}   ${median(queryTimes).toFixed(0).padStart(12)}               ${times.map((t) => t.toFixed(0)).join(' ')}`);
    }

    await page.evaluate(() => { window.__views.store.getState().clearFilters(); location.hash = '#/space'; });
    await settle(page, 'space');
    await page.getByLabel('Point budget').selectOption('10000'); // the default; set explicitly so the figure stays comparable
    await settle(page, 'space');
    const note = await page.locator('p.view-note[data-view-status]').innerText();
    await page.getByLabel('Auto-rotate').check();
    await page.waitForTimeout(1000);
    const seconds = 5;
    const fps = await page.evaluate(async (s) => {
      const canvas = document.querySelector('[data-chart="space"] canvas') as HTMLCanvasElement;
      const f0 = Number(canvas.dataset.frames);
      const t0 = performance.now();
      await new Promise((r) => setTimeout(r, s * 1000));
      return (Number(canvas.dataset.frames) - f0) / ((performance.now() - t0) / 1000);
    }, seconds);
    await page.getByLabel('Auto-rotate').uncheck();
    console.log(`\n3-D view: ${note.split('.')[0]}; orbiting for ${seconds} s: ${fps.toFixed(1)} fps (goal >= 30; software WebGL)`);
    console.log(`\nworst filter-change time over all views: ${Math.max(...worst).toFixed(0)} ms`);
  } finally {
    await browser.close();
    await harness.close();
  }
}

main().catch((e) => { console.error(e); process.exitCode = 1; });
