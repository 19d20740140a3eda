/**
 * Data view scrolling with 100k rows, in headless Chromium: imports a generated 100k-row Parquet
 * file through the real import dialog (rows are source = simulated, a benchmark input only), then
 * scrolls the virtualized table and prints frame times while scrolling and how long rows take to
 * appear after a jump.
 *
 *   npx tsx scripts/bench-scroll.ts [--rows 100000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { build, preview } from 'vite';
import { toParquet } from '../src/data/export/parquet.ts';
import { mulberry32 } from '../src/core/random.ts';
import { CHROMIUM_FLAGS } from '../src/runtime/node/page-driver.ts';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' } } });
const n = Number(values.rows);
const random = mulberry32(11);
const models = ['bert-base-uncased', 'resnet-50', 'vit-base-patch16-224', 'mobilenet-v2', 'whisper-tiny-encoder'];
const hardware = ['a100-sxm4-80gb', 't4', 'l4', 'h100-sxm5-80gb', 'rtx-4090'];
const columns = [
  { name: 'source', type: 'VARCHAR' }, { name: 'model', type: 'VARCHAR' },
  { name: 'hardware', type: 'VARCHAR' }, { name: 'batch_size', type: 'BIGINT' }, { name: 'precision', type: 'VARCHAR' },
  { name: 'seq_len', type: 'BIGINT' }, { name: 'run_id', type: 'VARCHAR' }, { name: 'latency_ms', type: 'DOUBLE' }, { name: 'memory_mb', type: 'DOUBLE' },
];
const rows = Array.from({ length: n }, (_, i) => ({
  source: 'simulated', model: models[i % 5], hardware: hardware[Math.floor(i / 5) % 5],
  batch_size: 2 ** (i % 7), precision: i % 2 ? 'fp16' : 'fp32', seq_len: 128, run_id: `r${i}`,
  latency_ms: 1 + random() * 100, memory_mb: 100 + random() * 1000,
}));
const parquet = Buffer.from(toParquet(columns, rows));

const outDir = mkdtempSync(join(tmpdir(), 'perfcast-bench-scroll-'));
await build({ logLevel: 'warn', build: { outDir, emptyOutDir: true } });
const server = await preview({ logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0 } });
const browser = await chromium.launch({ executablePath: process.env.PERFCAST_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_FLAGS });
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  // tsx compiles this file with esbuild's keepNames, which wraps the evaluated functions in __name().
  await page.addInitScript({ content: 'window.__name = (f) => f;' });
  await page.goto(`${server.resolvedUrls!.local[0]}#/data`);
  await page.getByRole('heading', { name: 'Data', exact: true }).waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: /^Import/ }).first().click();
  const t0 = Date.now();
  await page.getByLabel('Choose a file to import').setInputFiles({ name: 'scroll.parquet', mimeType: 'application/octet-stream', buffer: parquet });
  await page.getByRole('button', { name: new RegExp(`^Import ${n.toLocaleString('en-US')} rows`) }).click({ timeout: 300_000 });
  await page.getByText(/Imported \d+ rows/).waitFor({ timeout: 300_000 });
  console.log(`import of ${n} rows through the dialog: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  await page.getByLabel('Filter origin').fill('=file:scroll.parquet');
  await page.getByText(`${n.toLocaleString('en-US')} rows match`).waitFor({ timeout: 60_000 });

  const result = await page.evaluate(async () => {
    const el = document.querySelector('.data-table-scroll') as HTMLElement;
    const frames: number[] = [];
    let last = performance.now();
    const end = last + 3000;
    await new Promise<void>((resolve) => {
      const step = () => {
        const now = performance.now();
        frames.push(now - last);
        last = now;
        el.scrollTop += 600;
        if (now < end) requestAnimationFrame(step);
        else resolve();
      };
      requestAnimationFrame(step);
    });
    const jumps: number[] = [];
    for (const fraction of [0.25, 0.5, 0.9, 0.1]) {
      const start = performance.now();
      el.scrollTop = el.scrollHeight * fraction;
      await new Promise<void>((resolve) => {
        const check = () => {
          const rows = [...el.querySelectorAll('[role=row][aria-rowindex]')];
          const filled = rows.length > 0 && rows.every((r) => !(r.textContent ?? '').startsWith('…'));
          if (filled) resolve(); else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      });
      jumps.push(performance.now() - start);
    }
    return { frames, jumps };
  });
  const sorted = [...result.frames].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  console.log(`scrolling 600 px per frame for 3 s: ${result.frames.length} frames, median ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms (${(1000 / q(0.5)).toFixed(0)} fps at the median)`);
  console.log(`rows filled after a jump: ${result.jumps.map((j) => `${j.toFixed(0)} ms`).join(', ')}`);
  const load = (await import('node:os')).loadavg()[0];
  console.log(`machine: 1-minute load average ${load.toFixed(1)} at the end`);
} finally {
  await browser.close();
  await server.close();
  rmSync(outDir, { recursive: true, force: true });
}
