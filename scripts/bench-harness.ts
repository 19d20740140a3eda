/**
 * How much does the measurement harness add? In one headless Chromium page, the harness
 * (BenchClient -> bench worker -> protocol, as the Run view uses it) and a bare onnxruntime-web
 * timing loop (its own worker, same model bytes, same feeds, same thread count) measure the same
 * model in alternating rounds. Prints the overhead ratio of medians and the run-to-run CV of each.
 *
 *   npx tsx scripts/bench-harness.ts [--model bert-tiny] [--seq 128] [--batch 1] [--rounds 5] [--runs 30]
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { build, preview } from 'vite';
import { CHROMIUM_FLAGS } from '../src/runtime/node/page-driver.ts';

const { values: args } = parseArgs({
  options: {
    model: { type: 'string', default: 'bert-tiny' },
    seq: { type: 'string', default: '128' },
    batch: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '5' },
    runs: { type: 'string', default: '30' },
  },
});

const root = resolve('.perfcast-tmp/harness-bench');
const src = join(root, 'src');
const repo = resolve('.');

const PAGE = `
import { BenchClient } from '${repo}/src/runtime/web/bench-client.ts';

export interface Settings { model: string; seq: number; batch: number; rounds: number; runs: number }

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function bare(worker: Worker, settings: Settings): Promise<number[]> {
  return new Promise((resolve, reject) => {
    worker.onmessage = (e: MessageEvent) => (e.data.error ? reject(new Error(e.data.error)) : resolve(e.data.times));
    worker.postMessage(settings);
  });
}

(window as unknown as { runHarnessBench: unknown }).runHarnessBench = async (settings: Settings) => {
  const client = new BenchClient();
  const bareWorker = new Worker(new URL('./bare.worker.ts', import.meta.url), { type: 'module' });
  const rounds: Array<{ harness: number; bare: number; harnessRuns: number; bareRuns: number }> = [];
  const protocol = { warmupRuns: 3, minRuns: settings.runs, minSeconds: 0, maxRuns: settings.runs, maxSeconds: 120 };
  for (let r = 0; r < settings.rounds; r++) {
    const order = r % 2 === 0 ? ['harness', 'bare'] : ['bare', 'harness'];
    const round = { harness: 0, bare: 0, harnessRuns: 0, bareRuns: 0 };
    for (const which of order) {
      if (which === 'harness') {
        let progressMessages = 0;
        const outcome = await client.measure(1, {
          config: { model: settings.model, ep: 'wasm', batch: settings.batch, seq: settings.seq, precision: 'fp32', threads: 1 },
          model: { kind: 'zoo', id: settings.model }, precision: 'fp32', protocol, onUnavailable: 'skip', runId: 'harness-bench',
        }, () => { progressMessages++; });
        if (outcome.status !== 'measured') throw new Error('harness run did not measure: ' + JSON.stringify(outcome));
        round.harness = Number(outcome.record.latency_ms);
        round.harnessRuns = Number(outcome.record.runs);
      } else {
        const times = await bare(bareWorker, settings);
        round.bare = median(times);
        round.bareRuns = times.length;
      }
    }
    rounds.push(round);
  }
  client.dispose();
  bareWorker.terminate();
  return { rounds, crossOriginIsolated, userAgent: navigator.userAgent };
};
`;

const BARE_WORKER = `
import * as ort from 'onnxruntime-web/all';
import { zooWorkload } from '${repo}/src/runtime/zoo-workload.ts';

let session: ort.InferenceSession | null = null;
let feeds: Record<string, ort.Tensor> | null = null;

self.onmessage = async (e: MessageEvent) => {
  const s = e.data as { model: string; seq: number; batch: number; runs: number };
  try {
    if (!session) {
      ort.env.wasm.numThreads = 1;
      ort.env.wasm.proxy = false;
      const workload = zooWorkload(s.model, 'fp32');
      session = await ort.InferenceSession.create(workload.bytes, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
      feeds = Object.fromEntries(Object.entries(workload.feeds(s.batch, s.seq)).map(([k, t]) => [k, new ort.Tensor(t.type, t.data, [...t.dims])]));
    }
    for (let i = 0; i < 3; i++) await session.run(feeds!);
    const times: number[] = [];
    for (let i = 0; i < s.runs; i++) {
      const t0 = performance.now();
      const out = await session.run(feeds!);
      for (const v of Object.values(out)) void v.data;
      times.push(performance.now() - t0);
    }
    (self as unknown as Worker).postMessage({ times });
  } catch (error) {
    (self as unknown as Worker).postMessage({ error: String(error) });
  }
};
`;

function stats(values: number[]) {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, values.length - 1));
  const sorted = [...values].sort((a, b) => a - b);
  const m = Math.floor(sorted.length / 2);
  return { median: sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2, mean, cv: std / mean };
}

async function main() {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(src, { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><meta charset="utf-8"><title>harness bench</title><script type="module" src="./src/page.ts"></script>\n');
  writeFileSync(join(src, 'page.ts'), PAGE);
  writeFileSync(join(src, 'bare.worker.ts'), BARE_WORKER);
  const outDir = join(root, 'dist');
  const configFile = resolve('vite.config.ts');
  await build({ configFile, root, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const server = await preview({ configFile, root, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0 } });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('no preview port');
  const browser = await chromium.launch({ executablePath: process.env.PERFCAST_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_FLAGS });
  const loadBefore = os.loadavg()[0];
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => process.stderr.write(`page error: ${e.message}\n`));
    await page.goto(`http://127.0.0.1:${address.port}/`);
    await page.waitForFunction(() => 'runHarnessBench' in window);
    const settings = { model: args.model!, seq: Number(args.seq), batch: Number(args.batch), rounds: Number(args.rounds), runs: Number(args.runs) };
    const result = await page.evaluate((s) => (window as unknown as { runHarnessBench(s: unknown): Promise<{ rounds: Array<{ harness: number; bare: number; harnessRuns: number; bareRuns: number }>; crossOriginIsolated: boolean }> }).runHarnessBench(s), settings);
    const harness = stats(result.rounds.map((r) => r.harness));
    const bare = stats(result.rounds.map((r) => r.bare));
    const ratios = result.rounds.map((r) => r.harness / r.bare);
    const summary = {
      model: settings.model, batch: settings.batch, seq: settings.seq, threads: 1, rounds: settings.rounds, runs_per_round: settings.runs,
      browser: `Chromium ${browser.version()} (headless)`, cross_origin_isolated: result.crossOriginIsolated,
      harness_p50_ms_per_round: result.rounds.map((r) => Number(r.harness.toFixed(3))),
      bare_p50_ms_per_round: result.rounds.map((r) => Number(r.bare.toFixed(3))),
      overhead_ratio_of_medians: Number((harness.median / bare.median).toFixed(4)),
      overhead_ratio_per_round_median: Number(stats(ratios).median.toFixed(4)),
      harness_run_to_run_cv: Number(harness.cv.toFixed(4)),
      bare_run_to_run_cv: Number(bare.cv.toFixed(4)),
      load_average_1m: { before: loadBefore, after: os.loadavg()[0] },
      cpu: os.cpus()[0]?.model, cores: os.cpus().length,
    };
    console.log(JSON.stringify(summary, null, 2));
    console.log(`\n${settings.model} batch ${settings.batch} seq ${settings.seq}, wasm 1 thread, ${settings.rounds} rounds x ${settings.runs} runs`);
    console.log(`harness p50 median ${harness.median.toFixed(3)} ms (run-to-run CV ${(harness.cv * 100).toFixed(1)} %)`);
    console.log(`bare loop p50 median ${bare.median.toFixed(3)} ms (run-to-run CV ${(bare.cv * 100).toFixed(1)} %)`);
    console.log(`overhead ratio harness / bare: ${(harness.median / bare.median).toFixed(3)}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
