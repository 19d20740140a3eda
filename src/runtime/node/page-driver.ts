/**
 * Drives the built app's Run view in headless Chromium: one page stays open, each configuration
 * is started through a plan link (`#/run?plan=...&autostart=1`), and its record is read back from
 * the page's IndexedDB, exactly as the app stored it.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from '@playwright/test';
import { build, preview, type PreviewServer } from 'vite';
import { configKey, type RunConfig } from '../../core/measure/plan.ts';
import type { ProtocolSettings } from '../../core/measure/protocol.ts';
import type { BenchmarkRecord } from '../../core/schema/record.ts';
import { decodeBatch } from '../../data/persist/batch.ts';

export const CHROMIUM_FLAGS = [
  '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--disable-quic', '--enable-unsafe-webgpu',
];

export interface PageOutcome {
  readonly status: 'measured' | 'failed' | 'skipped' | 'cancelled' | 'timeout';
  readonly record: BenchmarkRecord | null;
  readonly message: string;
}

/**
 * Every import batch the app keeps in the page's IndexedDB, as stored (parquetBytes an
 * ArrayBuffer). Never creates the app's database: an empty one would lack its object store.
 */
export async function readStoredBatches(page: Page): Promise<Array<Record<string, unknown>>> {
  const raw = await page.evaluate(() => new Promise<Array<Record<string, unknown>>>((resolve, reject) => {
    const open = indexedDB.open('perfcast');
    open.onupgradeneeded = () => open.transaction?.abort();
    open.onerror = () => (open.error?.name === 'AbortError' ? resolve([]) : reject(open.error));
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('import_batches')) { db.close(); resolve([]); return; }
      const req = db.transaction('import_batches', 'readonly').objectStore('import_batches').getAll();
      req.onerror = () => reject(req.error);
      req.onsuccess = () => {
        db.close();
        resolve((req.result as Array<Record<string, unknown>>).map((b) => ({ ...b, parquetBytes: Array.from(new Uint8Array(b.parquetBytes as ArrayBuffer)) })));
      };
    };
  }));
  return raw.map((b) => ({ ...b, parquetBytes: Uint8Array.from(b.parquetBytes as number[]).buffer }));
}

export class PageDriver {
  private server: PreviewServer | null = null;
  private browser: Browser | null = null;
  private page: Page | null = null;
  private seen = new Set<string>();
  browserVersion = '';
  providerStatus: Record<string, string> = {};

  constructor(private readonly outDir: string, private readonly chromiumPath = process.env.PERFCAST_CHROMIUM ?? '/usr/bin/chromium') {}

  async start(): Promise<void> {
    if (!existsSync(this.chromiumPath)) throw new Error(`Chromium not found at ${this.chromiumPath} (set PERFCAST_CHROMIUM)`);
    await build({ logLevel: 'warn', build: { outDir: this.outDir, emptyOutDir: true, rolldownOptions: { checks: { pluginTimings: false } } } });
    this.server = await preview({ logLevel: 'warn', build: { outDir: this.outDir }, preview: { host: '127.0.0.1', port: 0 } });
    const address = this.server.httpServer.address();
    if (!address || typeof address === 'string') throw new Error('preview server has no port');
    this.browser = await chromium.launch({ executablePath: this.chromiumPath, args: CHROMIUM_FLAGS });
    this.browserVersion = this.browser.version();
    this.page = await this.browser.newPage();
    await this.page.goto(`http://127.0.0.1:${address.port}/#/run`);
    for (const ep of ['wasm', 'webgpu', 'webnn']) {
      const status = this.page.getByTestId(`ep-${ep}-status`);
      await status.filter({ hasNotText: 'detecting' }).waitFor({ timeout: 60_000 });
      this.providerStatus[ep] = (await status.textContent()) ?? '';
    }
    this.seen = new Set((await this.storedBatches()).map((b) => b.importId));
  }

  private async storedBatches(): Promise<Array<{ importId: string; stored: unknown }>> {
    return (await readStoredBatches(this.page!)).map((b) => ({ importId: String(b.importId), stored: b }));
  }

  async run(config: RunConfig, protocol: ProtocolSettings, hardware: string, timeoutMs: number): Promise<PageOutcome> {
    const page = this.page!;
    const key = configKey(config);
    const plan = {
      v: 1, models: [config.model], eps: [config.ep], batches: [config.batch], seqs: [config.seq], precisions: [config.precision],
      threads: [config.threads], runs: protocol.minRuns, seconds: protocol.minSeconds, warmup: protocol.warmupRuns,
      maxRuns: protocol.maxRuns, maxSeconds: protocol.maxSeconds, hardware,
    };
    await page.evaluate((hash) => { window.location.hash = hash; }, `#/run?plan=${encodeURIComponent(JSON.stringify(plan))}&autostart=1`);
    const item = page.locator(`.run-items li[data-key="${key}"]`);
    try {
      await item.and(page.locator('[data-status="measured"], [data-status="failed"], [data-status="skipped"], [data-status="cancelled"]')).waitFor({ timeout: timeoutMs });
    } catch {
      await page.getByRole('button', { name: 'Cancel' }).click().catch(() => undefined);
      await page.locator('.run-items li[data-status="running"]').waitFor({ state: 'detached', timeout: 30_000 }).catch(() => undefined);
      return { status: 'timeout', record: null, message: `no result within ${Math.round(timeoutMs / 1000)} s; cancelled` };
    }
    const status = (await item.getAttribute('data-status')) as PageOutcome['status'];
    const message = ((await item.locator('.detail').textContent()) ?? '').trim();
    if (status !== 'measured') return { status, record: null, message };
    const fresh = (await this.storedBatches()).filter((b) => !this.seen.has(b.importId));
    for (const b of fresh) this.seen.add(b.importId);
    const records: BenchmarkRecord[] = [];
    for (const b of fresh) {
      const batch = await decodeBatch(b.stored);
      for (const row of batch.rows) records.push(row as unknown as BenchmarkRecord);
    }
    if (records.length !== 1) return { status: 'failed', record: null, message: `expected 1 stored record, found ${records.length} (${message})` };
    return { status, record: records[0], message };
  }

  async stop(): Promise<void> {
    await this.browser?.close().catch(() => undefined);
    await this.server?.close().catch(() => undefined);
    this.browser = null;
    this.server = null;
  }
}
