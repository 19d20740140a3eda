// The browser half of scripts/bench-parquet.ts: loads each Parquet file the way the app does
// (fetch -> hyparquet rows -> Connector.insertRows, i.e. Arrow into duckdb-wasm) and times
// every step and a few typical queries. Writes JSON into #outcome.
import * as duckdb from '@duckdb/duckdb-wasm';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import { parquetRead, parquetReadObjects } from 'hyparquet';
import type { Row } from '../../src/data/connector.ts';
import { ipcFromStaged } from '../../src/data/arrow.ts';
import { stageColumns, type NativeType, type StagedColumn } from '../../src/data/sql-values.ts';
import { createWasmConnector } from '../../src/data/wasm-connector.ts';
import { BENCH_COLUMNS, BENCH_QUERIES, CREATE_BENCH_TABLE } from './shape.ts';

const out = document.getElementById('outcome') as HTMLPreElement;
const params = new URLSearchParams(location.search);
const files = (params.get('files') ?? '').split(',').filter(Boolean);
const reps = Number(params.get('reps') ?? '3');

function toPlainRows(raw: Record<string, unknown>[]): Row[] {
  return raw.map((r) => {
    const row: Row = {};
    for (const c of BENCH_COLUMNS) {
      const v = r[c.name];
      row[c.name] = v instanceof Date ? v.toISOString() : typeof v === 'bigint' ? Number(v) : (v as Row[string]) ?? null;
    }
    return row;
  });
}

async function time<T>(work: () => Promise<T> | T): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await work();
  return [value, performance.now() - t0];
}

const NATIVE: Record<string, NativeType> = { VARCHAR: 'VARCHAR', BIGINT: 'BIGINT', DOUBLE: 'DOUBLE', TIMESTAMP: 'TIMESTAMP' };

/** hyparquet column chunks -> whole columns, Date -> epoch microseconds. */
async function decodeColumns(bytes: ArrayBuffer): Promise<{ staged: StagedColumn[]; rows: number }> {
  const parts = new Map<string, { start: number; data: ArrayLike<unknown> }[]>();
  await parquetRead({
    file: bytes,
    onChunk: (chunk) => {
      const list = parts.get(chunk.columnName) ?? [];
      list.push({ start: chunk.rowStart, data: chunk.columnData as ArrayLike<unknown> });
      parts.set(chunk.columnName, list);
    },
  });
  let rows = 0;
  const staged = BENCH_COLUMNS.map((c) => {
    const chunks = (parts.get(c.name) ?? []).sort((a, b) => a.start - b.start);
    const total = chunks.reduce((n, ch) => n + ch.data.length, 0);
    rows = total;
    const values = new Array<number | string | null>(total);
    let at = 0;
    for (const ch of chunks) {
      for (let i = 0; i < ch.data.length; i++) {
        const v = ch.data[i];
        values[at++] = v instanceof Date ? v.getTime() * 1000 : typeof v === 'bigint' ? Number(v) : (v as number | string | null) ?? null;
      }
    }
    return { name: c.name, declared: c.type, native: NATIVE[c.type], values };
  });
  return { staged, rows };
}

/**
 * The alternative to the app's row path, for comparison only: columns straight from hyparquet
 * into one Arrow batch and duckdb-wasm's insertArrowFromIPCStream (no row objects, no checks).
 */
async function benchColumnar(file: string, add: (k: string, v: number) => void): Promise<void> {
  const worker = new Worker(ehWorker);
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(ehWasm);
  await db.open({});
  const conn = await db.connect();
  await conn.query(CREATE_BENCH_TABLE);
  const t0 = performance.now();
  const bytes = await (await fetch(file, { cache: 'no-store' })).arrayBuffer();
  const [{ staged, rows }, decodeMs] = await time(() => decodeColumns(bytes));
  const [ipc, arrowMs] = await time(() => ipcFromStaged(staged, rows));
  const [, insertMs] = await time(() => conn.insertArrowFromIPCStream(ipc, { name: 'records', create: false }));
  add('columnar_total_load_ms', performance.now() - t0);
  add('columnar_hyparquet_decode_ms', decodeMs);
  add('columnar_arrow_build_ms', arrowMs);
  add('columnar_duckdb_insert_ms', insertMs);
  const n = (await conn.query('SELECT count(*) AS n FROM records')).getChildAt(0)?.get(0);
  if (Number(n) !== rows) throw new Error(`${file}: columnar path inserted ${String(n)} rows, decoded ${rows}`);
  await conn.close();
  await db.terminate();
}

async function benchFile(file: string): Promise<Record<string, number[]>> {
  const samples: Record<string, number[]> = {};
  const add = (k: string, v: number): void => {
    (samples[k] ??= []).push(v);
  };
  for (let rep = 0; rep < reps; rep++) {
    const [db, startMs] = await time(() => createWasmConnector());
    add('duckdb_start_ms', startMs);
    await db.exec(CREATE_BENCH_TABLE);
    const tTotal = performance.now();
    const [bytes, fetchMs] = await time(async () => (await fetch(file, { cache: 'no-store' })).arrayBuffer());
    const [raw, decodeMs] = await time(() => parquetReadObjects({ file: bytes }));
    const [rows, plainMs] = await time(() => toPlainRows(raw));
    const [, insertMs] = await time(() => db.insertRows('records', BENCH_COLUMNS, rows));
    add('total_load_ms', performance.now() - tTotal);
    add('fetch_ms', fetchMs);
    add('hyparquet_decode_ms', decodeMs);
    add('to_plain_rows_ms', plainMs);
    add('insert_rows_ms', insertMs);
    // insertRows = check + stage (JS) + Arrow IPC build (JS) + DuckDB insert; time the JS part alone
    const [, arrowMs] = await time(() => {
      return ipcFromStaged(stageColumns('records', BENCH_COLUMNS, rows), rows.length).byteLength;
    });
    add('arrow_build_ms', arrowMs);
    add('duckdb_insert_ms', insertMs - arrowMs);
    const count = await db.query('SELECT count(*) AS n FROM records');
    if (count.rows[0].n !== rows.length) throw new Error(`${file}: ${String(count.rows[0].n)} rows in DuckDB, ${rows.length} decoded`);
    add('rows', rows.length);
    add('file_bytes', bytes.byteLength);
    for (const [name, sql] of Object.entries(BENCH_QUERIES)) {
      await db.query(sql); // first run compiles and warms caches; time the next three
      for (let i = 0; i < 3; i++) add(`query_${name}_ms`, (await time(() => db.query(sql)))[1]);
    }
    await db.close();
    await benchColumnar(file, add);
  }
  return samples;
}

async function main(): Promise<unknown> {
  const results: Record<string, Record<string, number[]>> = {};
  for (const file of files) results[file] = await benchFile(file);
  return { userAgent: navigator.userAgent, crossOriginIsolated, hardwareConcurrency: navigator.hardwareConcurrency, results };
}

main().then(
  (r) => {
    out.textContent = JSON.stringify(r);
  },
  (e: unknown) => {
    out.textContent = JSON.stringify({ error: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) });
  },
);
