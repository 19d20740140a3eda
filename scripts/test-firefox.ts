/**
 * Firefox smoke test: Debian's firefox-esr driven by puppeteer-core over WebDriver BiDi (Playwright
 * cannot drive stock Firefox). Opens the built app, imports e2e/fixtures/runs.csv through the Data
 * view's file input, checks the rows carry the 'imported' badge, then opens a shared Compare link
 * built with the share codec and checks the view shows that state and the address bar keeps it.
 *
 *   npx tsx scripts/test-firefox.ts                      builds into a temp folder and serves it itself
 *   PERFCAST_PREVIEW_URL=http://127.0.0.1:4173 npx tsx scripts/test-firefox.ts   reuses a running preview
 *
 * PERFCAST_FIREFOX (default /usr/bin/firefox-esr) names the browser; PERFCAST_FIREFOX_HEADFUL=1 shows it.
 * Exits 0 when every check passes, 1 on a failed check, 2 when Firefox is not installed.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';
import { decodeState, defaultState, encodeState, type ShareState } from '../src/core/share/index.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIREFOX = process.env.PERFCAST_FIREFOX ?? '/usr/bin/firefox-esr';
const RUNS_CSV = join(ROOT, 'e2e/fixtures/runs.csv');
const WAIT_MS = 90_000;

function log(message: string): void {
  process.stdout.write(`${message}\n`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
  });
}

async function waitForHttp(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`vite preview exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within 60 s`);
}

/** Builds into a temp folder (leaving dist/ alone) and serves it with vite preview; returns the URL and a stop function. */
async function serveApp(): Promise<{ url: string; stop: () => Promise<void> }> {
  const outDir = await mkdtemp(join(tmpdir(), 'perfcast-firefox-'));
  const started = performance.now();
  await run('npx', ['vite', 'build', '--logLevel', 'error', '--outDir', outDir, '--emptyOutDir']);
  log(`built the app in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // detached: its own process group, so stopping it also stops the node process npx starts.
  const child = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort', '--outDir', outDir], {
    cwd: ROOT, stdio: 'ignore', detached: true,
  });
  const stop = async () => {
    if (child.pid !== undefined && child.exitCode === null) {
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
    }
    await rm(outDir, { recursive: true, force: true });
  };
  try {
    await waitForHttp(url, child);
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, stop };
}

/** The first element matching `selector` whose trimmed text matches `text`, waiting for it to appear. */
async function byText(page: Page, selector: string, text: string | RegExp): Promise<ElementHandle<Element>> {
  const pattern = typeof text === 'string' ? { source: `^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, flags: '' } : { source: text.source, flags: text.flags };
  const handle = await page.waitForFunction(
    (sel: string, source: string, flags: string) => {
      const re = new RegExp(source, flags);
      return [...document.querySelectorAll(sel)].find((el) => re.test((el.textContent ?? '').trim())) ?? null;
    },
    { timeout: WAIT_MS, polling: 200 },
    selector, pattern.source, pattern.flags,
  );
  return handle as ElementHandle<Element>;
}

async function textOf(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, (el) => (el.textContent ?? '').trim());
}

async function chips(page: Page): Promise<string[]> {
  return page.$$eval('[aria-label="Active filters"] li', (items) =>
    items.map((li) => (li.querySelector('span')?.textContent ?? '').replace(/ \(not in data\)$/, '')));
}

async function poll<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  let last = await read();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 200));
    last = await read();
  }
  return last;
}

function hashParams(url: string): URLSearchParams {
  const hash = new URL(url).hash;
  return new URLSearchParams(hash.includes('?') ? hash.slice(hash.indexOf('?') + 1) : '');
}

async function importRuns(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/#/data`);
  await byText(page, 'h2', 'Data');
  if (!(await page.$('input[aria-label="Choose a file to import"]'))) await (await byText(page, 'button', 'Import…')).click();
  const input = (await page.waitForSelector('input[aria-label="Choose a file to import"]', { timeout: WAIT_MS })) as ElementHandle<HTMLInputElement>;
  await input.uploadFile(RUNS_CSV);
  await (await byText(page, 'button', 'Import 4 rows')).click();
  await byText(page, '.import-done', /^Imported 4 rows from runs\.csv/);
  // Narrow the (virtualized) table to this file's rows, as a user would, then read them.
  const originFilter = await page.waitForSelector('input[aria-label="Filter origin"]', { timeout: WAIT_MS });
  await originFilter!.type('=file:runs.csv');
  await byText(page, '.data-table-status', '4 rows match');
  const readRows = () => page.$$eval('[aria-label="Benchmark records"] [role="row"][aria-rowindex]', (rows) =>
    rows.map((row) => ({ text: row.textContent ?? '', badge: row.querySelector('[data-source]')?.getAttribute('data-source') ?? '' })));
  const rows = await poll(readRows, (r) => r.length === 4 && r.every((x) => x.badge !== ''), 'the 4 imported rows');
  for (const row of rows) assert.equal(row.badge, 'imported', `row "${row.text.slice(0, 60)}" is badged imported`);
  const models = rows.map((r) => /resnet-50|bert-base-uncased|vit-base-patch16-224/.exec(r.text)?.[0]).sort();
  assert.deepEqual(models, ['bert-base-uncased', 'bert-base-uncased', 'resnet-50', 'vit-base-patch16-224']);
  const bySource = await textOf(page, '[aria-label="Rows by source"]');
  assert.match(bySource, /imported\s*4 rows/, `Rows by source: ${bySource}`);
  const title = await page.$eval('[aria-label="Benchmark records"] [data-source="imported"]', (el) => el.getAttribute('title'));
  assert.equal(title, 'imported: file:runs.csv');
}

function compareState(ds: string | null): ShareState {
  const state = defaultState();
  state.v = 'compare';
  state.f.precision = ['fp16'];
  state.f.source = ['imported'];
  state.o.model = 'bert-base-uncased';
  state.o.metric = 'throughput_items_s';
  state.o.baseline = 'a100-sxm4-80gb';
  state.ds = ds;
  return state;
}

async function openSharedLink(browser: Browser, first: Page, base: string, errors: string[]): Promise<void> {
  // The data set hash the page computed for its data (with runs.csv imported) goes into the link,
  // so the link names the data it was made on and opening it must not warn.
  const ds = await poll(async () => hashParams(first.url()).get('ds'), (v) => v !== null && /^[0-9a-f]{12}$/.test(v), 'the data set hash in the address bar');
  const state = compareState(ds);
  // The view goes in the route, as the app's own links write it, not in the parameters.
  const params = new URLSearchParams(encodeState(state));
  params.delete('v');
  const link = `${base}/#/compare?${params.toString()}`;
  log(`shared link: ${link.slice(base.length)}`);
  // A fresh load in a new tab of the same profile: the import comes back from IndexedDB.
  const page = await browser.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(link);
  await byText(page, 'h2', 'Hardware comparison');
  const current = await page.$eval('nav[aria-label="Views"] a[aria-current="page"]', (a) => (a.textContent ?? '').trim());
  assert.equal(current, 'Compare');
  await poll(() => chips(page), (c) => c.join('|') === 'Precision: fp16|Source: imported', 'the filter chips');
  const selects = async () => page.evaluate(() => Object.fromEntries(['Model', 'Metric', 'Baseline hardware'].map((label) => [
    label, (document.querySelector(`select[aria-label="${label}"]`) as HTMLSelectElement | null)?.value ?? null,
  ])));
  await poll(selects, (s) => s.Model === 'bert-base-uncased' && s.Metric === 'throughput_items_s' && s['Baseline hardware'] === 'a100-sxm4-80gb', 'the Compare selects');
  assert.equal(await page.$('[data-testid="url-warnings"]'), null, 'the link opens without warnings');
  // The address bar is rewritten in canonical form; it must decode to the state the link carried.
  await new Promise((r) => setTimeout(r, 500));
  const decoded = decodeState(hashParams(page.url()));
  assert.deepEqual(decoded.warnings, []);
  assert.deepEqual({ ...decoded.state, v: 'compare' }, state);
  const view = new URL(page.url()).hash.replace(/^#\/?/, '').split('?')[0];
  assert.equal(view, 'compare');
  await page.close();
}

async function main(): Promise<number> {
  if (!existsSync(FIREFOX)) {
    log(`Firefox not found at ${FIREFOX}: install it with apt-get install -y firefox-esr (or set PERFCAST_FIREFOX)`);
    return 2;
  }
  const started = performance.now();
  const given = process.env.PERFCAST_PREVIEW_URL?.replace(/\/$/, '');
  const server = given ? { url: given, stop: async () => {} } : await serveApp();
  let browser: Browser | null = null;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX,
      headless: process.env.PERFCAST_FIREFOX_HEADFUL !== '1',
      protocolTimeout: 120_000,
    });
    log(`browser: ${await browser.version()}`);
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const step = async (name: string, body: () => Promise<void>) => {
      const t = performance.now();
      await body();
      log(`ok  ${name} (${((performance.now() - t) / 1000).toFixed(1)} s)`);
    };
    await step('Data view imports runs.csv through the file input; rows badged imported', () => importRuns(page, server.url));
    await step('a shared Compare link opens with the same view, filters and options', () => openSharedLink(browser!, page, server.url, errors));
    assert.deepEqual(errors, [], 'no uncaught page errors');
    log(`Firefox smoke test passed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return 0;
  } catch (e) {
    log(`FAILED: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    return 1;
  } finally {
    await browser?.close();
    await server.stop();
  }
}

process.exitCode = await main();
