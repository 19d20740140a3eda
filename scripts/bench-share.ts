/**
 * Cost of the share codec and of naming the data set. Prints figures; asserts nothing.
 * Run: npx tsx scripts/bench-share.ts
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { decodeState, encodeState } from '../src/core/share/codec.ts';
import { columnCountsSql, datasetHashFromSummary, datasetSummarySql, nonEmptyColumns, type ColumnType } from '../src/core/share/hash.ts';
import { defaultState } from '../src/core/share/state.ts';
import { FIELDS } from '../src/core/schema/record.ts';

const state = defaultState();
state.v = 'history';
state.f.model = ['bert-base-uncased', 'vit-base-patch16-224', 'whisper-tiny'];
state.f.precision = ['fp16', 'int8'];
state.f.batch = [1, 8, 32];
state.o.metric = 'throughput_items_s';
state.cam = { theta: 0.65, phi: 1.15, r: 1.75, target: [0, 0, 0] };
const link = encodeState(state);
const rounds = 20_000;
let t = performance.now();
for (let i = 0; i < rounds; i++) encodeState(state);
const encodeUs = ((performance.now() - t) * 1000) / rounds;
t = performance.now();
for (let i = 0; i < rounds; i++) decodeState(link);
const decodeUs = ((performance.now() - t) * 1000) / rounds;
console.log(`Link (${link.length} chars): ${link}`);
console.log(`encodeState ${encodeUs.toFixed(1)} us, decodeState ${decodeUs.toFixed(1)} us (mean of ${rounds})`);

const duckType: Record<string, string> = { string: 'VARCHAR', integer: 'INTEGER', number: 'DOUBLE', timestamp: 'TIMESTAMP' };
const columns: ColumnType[] = FIELDS.map((f) => ({ name: f.name, type: duckType[f.type] }));
const db = await DuckDBInstance.create(':memory:', { threads: '1' });
const conn = await db.connect();
await conn.run(`CREATE TABLE records (${columns.map((c) => `"${c.name}" ${c.type}`).join(', ')})`);
let loaded = 0;
for (const n of [10_000, 100_000, 420_000]) {
  await conn.run(`INSERT INTO records (source, origin, model, hardware, batch_size, precision, latency_ms, throughput_items_s, measured_at)
    SELECT 'imported', 'bench', 'arch-' || (i % 15625), 'dev-' || (i % 27), 1 + (i % 3), 'fp32', 1 + (i % 997) / 7.0, 1000.0 / (1 + (i % 997) / 7.0), TIMESTAMP '2025-01-01' + INTERVAL (i) SECOND
    FROM range(${loaded}, ${n}) t(i)`);
  loaded = n;
  const started = performance.now();
  const counts = (await conn.runAndReadAll(columnCountsSql(columns))).getRowObjectsJS()[0] as Record<string, number>;
  const used = nonEmptyColumns(columns, counts);
  const row = (await conn.runAndReadAll(datasetSummarySql(used))).getRowObjectsJS()[0] as { n: string; h: string };
  const ms = performance.now() - started;
  const allStarted = performance.now();
  await conn.runAndReadAll(datasetSummarySql(columns));
  const allMs = performance.now() - allStarted;
  console.log(`data set hash of ${n.toLocaleString('en-US')} rows (native DuckDB, 1 thread): ${ms.toFixed(0)} ms over the ${used.length} non-empty of ${columns.length} columns -> ${datasetHashFromSummary(row, used)}; all ${columns.length} columns would take ${allMs.toFixed(0)} ms`);
}
conn.closeSync();
