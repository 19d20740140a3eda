/**
 * Speed of the data core: validation, mapping, CSV/Parquet parse and export, store import.
 * Run: npx tsx scripts/bench-data-core.ts [rows]   (default 100000)
 * Input rows are generated here to time the code; they are never written anywhere.
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { applyMapping, suggestMapping } from '../src/core/schema/mapping.ts';
import { validateRows } from '../src/core/schema/validate.ts';
import { findPreset } from '../src/core/presets/index.ts';
import { columnsForRecords } from '../src/data/export/columns.ts';
import { toCsv } from '../src/data/export/csv.ts';
import { toParquet } from '../src/data/export/parquet.ts';
import { parseTable } from '../src/data/parse/parse-table.ts';
import { createNodeConnector } from '../src/data/node-connector.ts';
import { RecordStore } from '../src/data/store/record-store.ts';

const n = Number(process.argv[2] ?? 100_000);

/** Best wall and CPU (user + system, all threads) time: on a shared machine CPU time is the steadier figure. */
async function time<T>(label: string, task: () => T | Promise<T>, repeats = 3): Promise<T> {
  let bestWall = Infinity;
  let bestCpu = Infinity;
  let result: T | undefined;
  for (let i = 0; i < repeats; i++) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    result = await task();
    bestWall = Math.min(bestWall, performance.now() - start);
    const used = process.cpuUsage(cpu);
    bestCpu = Math.min(bestCpu, (used.user + used.system) / 1000);
  }
  console.log(`${label.padEnd(52)} wall ${bestWall.toFixed(0).padStart(6)} ms  cpu ${bestCpu.toFixed(0).padStart(6)} ms  (best of ${repeats})`);
  return result as T;
}

const PRECISIONS = ['FP32', 'fp16', 'bfloat16', 'int8'];
const rawRows = Array.from({ length: n }, (_, i) => ({
  Model: `model-${i % 50}`,
  GPU: `bench-hw-${i % 13}`,
  'Batch Size': String(1 + (i % 64)),
  dtype: PRECISIONS[i % 4],
  'Latency (s)': String((0.001 + (i % 997) * 1e-5).toFixed(6)),
  mem_mb: String(100 + (i % 500)),
  seq_len: String(128 * (1 + Math.floor(i / 3328))),
  note: i % 10 === 0 ? 'warm' : '',
  clock_mhz: String(1000 + (i % 7) * 100),
}));
console.log(`data core benchmark, ${n} rows x ${Object.keys(rawRows[0]).length} columns, node ${process.version}, load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`);

const mapping = suggestMapping(Object.keys(rawRows[0]));
const mapped = await time('suggestMapping + applyMapping', () => applyMapping(rawRows, mapping, { origin: 'bench' }));
const { records, problems } = await time('validateRows (CSV-like string cells)', () => validateRows(mapped.rows));
if (problems.length > 0) throw new Error(`unexpected problems: ${problems.length}`);
const columns = columnsForRecords(records);

const csv = await time('toCsv', () => new TextEncoder().encode(toCsv(columns.map((c) => c.name), records)));
console.log(`  CSV size ${(csv.length / 1e6).toFixed(1)} MB`);
const csvTable = await time('parseTable CSV', () => parseTable('bench.csv', csv));
await time('validateRows (rows parsed back from CSV)', () => validateRows(csvTable.rows));

const parquet = await time('toParquet', () => toParquet(columns, records));
console.log(`  Parquet size ${(parquet.length / 1e6).toFixed(2)} MB`);
const parquetTable = await time('parseTable Parquet', () => parseTable('bench.parquet', parquet));
await time('validateRows (typed rows from Parquet)', () => validateRows(parquetTable.rows));

const db = await createNodeConnector();
const store = new RecordStore(db);
await store.ensureSchema();
let batch = 0;
await time('RecordStore.addRecords (node DuckDB, one import)', () => store.addRecords(records, { importId: `bench-${batch++}` }));
console.log(`  rows in store: ${await store.count()}`);
await time('RecordStore.exportSelection parquet (all rows)', () => store.exportSelection('parquet', `import_id = 'bench-0'`), 1);
await db.close();

const help = join(import.meta.dirname, '../../shared/datasets/help/help_nasbench201_latency_ms_wide.csv');
if (existsSync(help)) {
  const bytes = readFileSync(help);
  const table = await time('real data: parseTable HELP wide CSV', () => parseTable('help.csv', bytes), 1);
  const preset = findPreset('help');
  if (preset) {
    const rows = await time('real data: HELP preset toRecords', () => preset.toRecords(table.rows, 'help.csv'), 1);
    const result = await time(`real data: validateRows ${rows.length} HELP records`, () => validateRows(rows), 1);
    await time('real data: toParquet HELP records', () => toParquet(columnsForRecords(result.records), result.records), 1);
  }
} else {
  console.log('real data: ../shared/datasets/help not found, skipped');
}
