/**
 * Takes a screenshot of the app in headless Chromium, to look at a view as a user would.
 * Usage: npx tsx scripts/screenshot.ts URL OUT.png [--wait SELECTOR] [--width 1400] [--height 900]
 */
import { chromium } from '@playwright/test';
import { parseArgs } from 'node:util';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { wait: { type: 'string' }, width: { type: 'string', default: '1400' }, height: { type: 'string', default: '900' } },
});
const [url, out] = positionals;
if (!url || !out) {
  console.error('usage: npx tsx scripts/screenshot.ts URL OUT.png [--wait SELECTOR]');
  process.exit(1);
}
const browser = await chromium.launch({
  executablePath: process.env.PERFCAST_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--enable-unsafe-webgpu'],
});
const page = await browser.newPage({ viewport: { width: Number(values.width), height: Number(values.height) } });
page.on('console', (m) => { if (m.type() === 'error') console.error('[page]', m.text()); });
page.on('pageerror', (e) => console.error('[pageerror]', e.message));
await page.goto(url);
if (values.wait) await page.waitForSelector(values.wait, { timeout: 60_000 });
else await page.waitForTimeout(3000);
await page.screenshot({ path: out, fullPage: true });
await browser.close();
console.log(`wrote ${out}`);
