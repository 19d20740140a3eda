/**
 * How long the page takes to load a Parquet file of benchmark records into DuckDB, and to query
 * it, on the path the app uses: fetch -> hyparquet (rows) -> Connector.insertRows (Arrow IPC into
 * duckdb-wasm 1.32 in its worker). Also times, for comparison, a columnar path in the page
 * (hyparquet columns -> one Arrow batch -> duckdb-wasm, no row objects) and two Node paths on the
 * same files: native DuckDB reading the Parquet itself, and hyparquet + the native node connector.
 *
 *   npx tsx scripts/bench-parquet.ts [--sizes 100000,1000000] [--reps 3] [--keep]
 *
 * The input files are generated here with source='simulated' into a temporary folder and deleted
 * afterwards (unless --keep); they are load-test inputs, never data the app ships or shows.
 * Prints medians of --reps repetitions (each repetition starts a fresh DuckDB).
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { parquetReadObjects } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { build, preview } from 'vite';
import type { Row } from '../src/data/connector.ts';
import { createNodeConnector } from '../src/data/node-connector.ts';
import { BENCH_COLUMNS, BENCH_QUERIES, CREATE_BENCH_TABLE } from './bench-parquet/shape.ts';
import { mulberry32 as random } from '../src/core/random.ts';

const here = dirname(fileURLToPath(import.meta.url));
const pageRoot = join(here, 'bench-parquet');

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
const sizes = arg('sizes', '100000,1000000').split(',').map(Number);
const reps = Number(arg('reps', '3'));
const keep = process.argv.includes('--keep');

/** Simulated rows of benchmark-record shape, column by column (what hyparquet-writer takes). */
function simulatedParquet(rows: number, seed: number): ArrayBuffer {
  const next = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const families = ['bert', 'vit', 'resnet', 'llama', 'whisper', 'mobilenet', 't5', 'gpt2'];
  const models = families.flatMap((f) => [`${f}-small`, `${f}-base`, `${f}-large`, `${f}-xl`, `${f}-v2`]);
  const hardware = Array.from({ length: 25 }, (_, i) => `sim-device-${String(i + 1).padStart(2, '0')}`);
  const platforms = ['cpu', 'cuda', 'webgpu', 'wasm'];
  const precisions = ['fp32', 'fp16', 'bf16', 'int8'];
  const cols: Record<string, unknown[]> = Object.fromEntries(BENCH_COLUMNS.map((c) => [c.name, new Array(rows)]));
  const t0 = Date.UTC(2024, 0, 1);
  for (let i = 0; i < rows; i++) {
    const model = pick(models);
    const batch = 2 ** Math.floor(next() * 9);
    const latency = next() < 0.03 ? null : 0.2 + next() * 900;
    cols.source[i] = 'simulated';
    cols.origin[i] = 'bench-parquet';
    cols.run_id[i] = `sim-run-${i % 500}`;
    cols.measured_at[i] = new Date(t0 + Math.floor(next() * 6e10));
    cols.runtime[i] = 'simulated';
    cols.model[i] = model;
    cols.model_family[i] = model.split('-')[0];
    cols.hardware[i] = pick(hardware);
    cols.platform[i] = pick(platforms);
    cols.precision[i] = pick(precisions);
    cols.mode[i] = 'inference';
    cols.batch_size[i] = batch;
    cols.seq_len[i] = 2 ** (5 + Math.floor(next() * 6));
    cols.threads[i] = next() < 0.5 ? null : 1 + Math.floor(next() * 16);
    cols.params_m[i] = 5 + next() * 7000;
    cols.latency_ms[i] = latency;
    cols.latency_p90_ms[i] = latency === null ? null : latency * (1 + next() * 0.2);
    cols.throughput_items_s[i] = latency === null ? null : (batch * 1000) / latency;
    cols.memory_mb[i] = 50 + next() * 80_000;
    cols.power_w[i] = next() < 0.4 ? null : 5 + next() * 700;
  }
  const parquetType = (type: string): 'STRING' | 'TIMESTAMP' | 'INT32' | 'DOUBLE' =>
    type === 'VARCHAR' ? 'STRING' : type === 'TIMESTAMP' ? 'TIMESTAMP' : type === 'BIGINT' ? 'INT32' : 'DOUBLE';
  return parquetWriteBuffer({
    columnData: BENCH_COLUMNS.map((c) => ({ name: c.name, data: cols[c.name] as never, type: parquetType(c.type) })),
    kvMetadata: [{ key: 'perfcast.note', value: "simulated load-test input (source='simulated'); not benchmark data" }],
  });
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function timed<T>(work: () => Promise<T> | T): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await work();
  return [value, performance.now() - t0];
}

/** Native DuckDB (node-api) reading the Parquet file itself, and hyparquet + node connector. */
async function nodeAlternatives(file: string): Promise<Record<string, number[]>> {
  const samples: Record<string, number[]> = {};
  const add = (k: string, v: number): void => {
    (samples[k] ??= []).push(v);
  };
  for (let rep = 0; rep < reps; rep++) {
    const db = await createNodeConnector();
    const path = file.replaceAll("'", "''");
    add('native_read_parquet_ms', (await timed(() => db.exec(`CREATE TABLE records AS SELECT * FROM read_parquet('${path}')`)))[1]);
    for (const [name, sql] of Object.entries(BENCH_QUERIES)) {
      await db.query(sql);
      for (let i = 0; i < 3; i++) add(`native_query_${name}_ms`, (await timed(() => db.query(sql)))[1]);
    }
    await db.exec('DROP TABLE records');
    await db.exec(CREATE_BENCH_TABLE);
    const { readFileSync } = await import('node:fs');
    const bytes = readFileSync(file);
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const [raw, decodeMs] = await timed(() => parquetReadObjects({ file: buffer }));
    add('node_hyparquet_decode_ms', decodeMs);
    const rows: Row[] = raw.map((r) => {
      const row: Row = {};
      for (const c of BENCH_COLUMNS) {
        const v = r[c.name];
        row[c.name] = v instanceof Date ? v.toISOString() : (v as Row[string]) ?? null;
      }
      return row;
    });
    add('node_insert_rows_ms', (await timed(() => db.insertRows('records', BENCH_COLUMNS, rows)))[1]);
    await db.close();
  }
  return samples;
}

function label(n: number): string {
  return n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`;
}

async function main(): Promise<void> {
  const startLoad = loadavg();
  console.log(`bench-parquet: ${cpus().length} CPUs, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, load average ${startLoad.map((x) => x.toFixed(2)).join(' ')} (shared machine)`);
  const work = mkdtempSync(join(tmpdir(), 'perfcast-bench-parquet-'));
  const outDir = join(work, 'site');
  const files: { size: number; path: string; url: string }[] = [];
  try {
    await build({
      root: pageRoot,
      configFile: false,
      logLevel: 'warn',
      worker: { format: 'es' },
      build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 4096 },
    });
    mkdirSync(join(outDir, 'data'), { recursive: true });
    for (const size of sizes) {
      const name = `simulated-records-${label(size)}.parquet`;
      const [buffer, writeMs] = await timed(() => simulatedParquet(size, size));
      const path = join(work, name);
      writeFileSync(path, new Uint8Array(buffer));
      cpSync(path, join(outDir, 'data', name));
      files.push({ size, path, url: `/data/${name}` });
      console.log(`  generated ${name}: ${(statSync(path).size / 2 ** 20).toFixed(1)} MiB in ${(writeMs / 1000).toFixed(1)} s (hyparquet-writer)`);
    }
    const server = await preview({
      root: pageRoot,
      configFile: false,
      logLevel: 'warn',
      build: { outDir },
      preview: {
        host: '127.0.0.1', port: 0, strictPort: false,
        headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
      },
    });
    const base = server.resolvedUrls?.local[0] ?? '';
    const browser = await chromium.launch({
      executablePath: process.env.PERFCAST_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    let page: { userAgent: string; crossOriginIsolated: boolean; hardwareConcurrency: number; results: Record<string, Record<string, number[]>> };
    try {
      const tab = await browser.newPage();
      await tab.goto(`${base}?files=${files.map((f) => f.url).join(',')}&reps=${reps}`);
      await tab.waitForFunction(() => (document.getElementById('outcome')?.textContent ?? '') !== '', null, { timeout: 30 * 60_000, polling: 500 });
      const parsed = JSON.parse((await tab.locator('#outcome').textContent()) ?? '{}') as typeof page & { error?: string };
      if (parsed.error) throw new Error(`bench page failed: ${parsed.error}`);
      page = parsed;
    } finally {
      await browser.close();
      await server.close();
    }
    console.log(`  page: ${page.userAgent.match(/Chrome\/[\d.]+/)?.[0] ?? page.userAgent}, crossOriginIsolated=${page.crossOriginIsolated}, hardwareConcurrency=${page.hardwareConcurrency}`);

    const browserKeys = [
      ['fetch (localhost HTTP)', 'fetch_ms'],
      ['hyparquet decode to row objects', 'hyparquet_decode_ms'],
      ['Date -> ISO, plain rows', 'to_plain_rows_ms'],
      ['Arrow build (check + stage + IPC)', 'arrow_build_ms'],
      ['DuckDB insert (insertRows - Arrow build)', 'duckdb_insert_ms'],
      ['insertRows total', 'insert_rows_ms'],
      ['TOTAL load (fetch .. in DuckDB)', 'total_load_ms'],
      ['duckdb-wasm start (worker + wasm)', 'duckdb_start_ms'],
      ...Object.keys(BENCH_QUERIES).map((q) => [`query ${q}`, `query_${q}_ms`]),
      ['alt: hyparquet decode to columns', 'columnar_hyparquet_decode_ms'],
      ['alt: Arrow build from columns', 'columnar_arrow_build_ms'],
      ['alt: DuckDB insert (IPC -> table)', 'columnar_duckdb_insert_ms'],
      ['alt: TOTAL columnar load', 'columnar_total_load_ms'],
    ] as const;
    const nodeKeys = [
      ['native DuckDB read_parquet (CTAS)', 'native_read_parquet_ms'],
      ...Object.keys(BENCH_QUERIES).map((q) => [`native query ${q}`, `native_query_${q}_ms`]),
      ['Node hyparquet decode', 'node_hyparquet_decode_ms'],
      ['Node insertRows (native appender)', 'node_insert_rows_ms'],
    ] as const;

    const header = ['step (median ms)', ...files.map((f) => `${label(f.size)} rows`)];
    const table: string[][] = [header];
    table.push(['file size (MiB)', ...files.map((f) => (statSync(f.path).size / 2 ** 20).toFixed(1))]);
    for (const [name, key] of browserKeys) table.push([`[chromium] ${name}`, ...files.map((f) => median(page.results[f.url][key]).toFixed(1))]);
    for (const f of files) Object.assign(page.results[f.url], await nodeAlternatives(f.path));
    for (const [name, key] of nodeKeys) table.push([`[node] ${name}`, ...files.map((f) => median(page.results[f.url][key]).toFixed(1))]);
    const widths = header.map((_, c) => Math.max(...table.map((r) => r[c].length)));
    console.log('');
    for (const r of table) console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
    console.log(`\nmedian of ${reps} repetitions (queries: median of 3 warm runs x ${reps}); load average at end ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  } finally {
    if (keep) console.log(`kept inputs in ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
