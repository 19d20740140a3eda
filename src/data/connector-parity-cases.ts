/**
 * One script of statements and queries that every Connector must answer identically. Run by
 * src/data/connector-parity.test.ts (native DuckDB vs duckdb-wasm in Node) and by
 * e2e/connector-parity.spec.ts (native DuckDB in Node vs the page's worker connector).
 * The rows are synthetic fixtures for engine testing only; they are never stored or shown.
 */
import type { ColumnInfo, Connector, QueryResult, Row } from './connector.ts';
import { mulberry32 as random } from '../core/random.ts';

export const PARITY_TABLE = 'parity_records';

export const PARITY_COLUMNS: readonly ColumnInfo[] = [
  { name: 'source', type: 'VARCHAR' },
  { name: 'model', type: 'VARCHAR' },
  { name: 'hardware', type: 'VARCHAR' },
  { name: 'batch_size', type: 'BIGINT' },
  { name: 'threads', type: 'INTEGER' },
  { name: 'latency_ms', type: 'DOUBLE' },
  { name: 'throughput_items_s', type: 'DOUBLE' },
  { name: 'measured_at', type: 'TIMESTAMP' },
];

const CREATE_TABLE = `CREATE TABLE ${PARITY_TABLE} (
  source VARCHAR NOT NULL, model VARCHAR NOT NULL, hardware VARCHAR, batch_size BIGINT NOT NULL,
  threads INTEGER, latency_ms DOUBLE, throughput_items_s DOUBLE, measured_at TIMESTAMP)`;

export function parityRows(count = 300, seed = 7): Row[] {
  const next = random(seed);
  const models = ['bert-base', 'vit-b16', 'résnet-50', 'llama-7b', 'whisper 🎙 tiny'];
  const hardware = ['cpu-x86', 'a100', 'h100', null];
  const rows: Row[] = [];
  for (let i = 0; i < count; i++) {
    const batch = 2 ** Math.floor(next() * 7);
    const latency = next() < 0.08 ? null : Math.round((0.1 + next() * 500) * 1e6) / 1e6;
    rows.push({
      source: 'simulated',
      model: models[Math.floor(next() * models.length)],
      hardware: hardware[Math.floor(next() * hardware.length)],
      batch_size: batch,
      threads: next() < 0.2 ? null : 1 + Math.floor(next() * 16),
      latency_ms: latency,
      throughput_items_s: latency === null ? null : (batch * 1000) / latency,
      measured_at: next() < 0.1 ? null : new Date(Date.UTC(2025, 0, 1) + Math.floor(next() * 3e10)).toISOString(),
    });
  }
  // values at the edges of what DOUBLE and BIGINT carry
  rows.push({ source: 'simulated', model: 'edge', hardware: 'edge', batch_size: 2 ** 40, threads: 1, latency_ms: 1e-300, throughput_items_s: 1.7976931348623157e308, measured_at: '1999-12-31T23:59:59.999Z' });
  rows.push({ source: 'simulated', model: 'edge', hardware: 'edge', batch_size: 1, threads: 1, latency_ms: 0, throughput_items_s: 0.1 + 0.2, measured_at: '2000-01-01 00:00:00' });
  return rows;
}

export const PARITY_QUERIES: Readonly<Record<string, string>> = {
  groupByModelHardware: `SELECT model, hardware, count(*) AS n, count(latency_ms) AS n_latency, min(latency_ms) AS min_ms,
      max(latency_ms) AS max_ms, median(latency_ms) AS median_ms, sum(batch_size) AS total_batch
    FROM ${PARITY_TABLE} GROUP BY model, hardware ORDER BY model, hardware NULLS FIRST`,
  filteredAggregate: `SELECT count(*) AS n, min(throughput_items_s) AS min_tp, max(batch_size) AS max_batch
    FROM ${PARITY_TABLE} WHERE hardware IN ('a100', 'h100') AND latency_ms BETWEEN 10 AND 200 AND threads IS NOT NULL`,
  orderByLimit: `SELECT model, hardware, batch_size, latency_ms FROM ${PARITY_TABLE}
    ORDER BY latency_ms DESC NULLS LAST, model, batch_size, hardware NULLS LAST LIMIT 15`,
  windowRank: `SELECT model, batch_size, latency_ms,
      row_number() OVER (PARTITION BY model ORDER BY latency_ms NULLS LAST, batch_size, hardware NULLS LAST, measured_at NULLS LAST) AS rn,
      lag(latency_ms) OVER (PARTITION BY model ORDER BY latency_ms NULLS LAST, batch_size, hardware NULLS LAST, measured_at NULLS LAST) AS prev_ms
    FROM ${PARITY_TABLE} QUALIFY rn <= 3 ORDER BY model, rn`,
  nulls: `SELECT count(*) AS n, count(hardware) AS with_hw, count(*) FILTER (WHERE measured_at IS NULL) AS no_time,
      coalesce(max(CASE WHEN model = 'nobody' THEN latency_ms END), -1) AS none, NULL::VARCHAR AS typed_null,
      sum(CASE WHEN latency_ms IS NULL THEN 1 ELSE 0 END) AS null_latency FROM ${PARITY_TABLE}`,
  types: `SELECT 9007199254740991::BIGINT AS big, 12.345::DECIMAL(10,3) AS dec, -0.5::DOUBLE AS dbl, 'naïve ✓' AS txt,
      TIMESTAMP '2024-02-29 23:59:59.123456' AS ts, DATE '2024-02-29' AS d, true AS flag, 3::INTEGER AS i, 2.5::FLOAT AS f`,
  timestamps: `SELECT CAST(date_trunc('month', measured_at) AS TIMESTAMP) AS month, count(*) AS n, min(measured_at) AS first_at,
      max(epoch_ms(measured_at)) AS last_ms FROM ${PARITY_TABLE} WHERE measured_at IS NOT NULL GROUP BY 1 ORDER BY 1`,
  edges: `SELECT batch_size, latency_ms, throughput_items_s, measured_at FROM ${PARITY_TABLE} WHERE model = 'edge' ORDER BY batch_size`,
  strings: `SELECT model, string_agg(DISTINCT hardware, ',' ORDER BY hardware) AS hw, length(model) AS len, upper(model) AS up
    FROM ${PARITY_TABLE} GROUP BY model ORDER BY model`,
};

export interface ParityOutcome {
  readonly results: Record<string, QueryResult>;
  /** What the connector reported for each deliberately failing insert, and the row count after it. */
  readonly failedInserts: { readonly error: string; readonly countAfter: number }[];
}

/** Creates the table, inserts the rows, runs every query and the failing inserts. */
export async function runParityScript(db: Connector): Promise<ParityOutcome> {
  await db.exec(`DROP TABLE IF EXISTS ${PARITY_TABLE}`);
  await db.exec(CREATE_TABLE);
  const rows = parityRows();
  await db.insertRows(PARITY_TABLE, PARITY_COLUMNS, rows.slice(0, 100));
  await db.insertRows(PARITY_TABLE, PARITY_COLUMNS, rows.slice(100));
  const results: Record<string, QueryResult> = {};
  for (const [name, sql] of Object.entries(PARITY_QUERIES)) results[name] = await db.query(sql);

  const failedInserts: { error: string; countAfter: number }[] = [];
  const bad: Row[][] = [
    // the database rejects row 150 (NOT NULL)
    rows.slice(0, 200).map((r, i) => (i === 149 ? { ...r, model: null } : r)),
    // the connector rejects row 3 (a string in a DOUBLE column) before anything is sent
    rows.slice(0, 5).map((r, i) => (i === 2 ? { ...r, latency_ms: 'slow' } : r)),
  ];
  for (const batch of bad) {
    let error = 'no error';
    try {
      await db.insertRows(PARITY_TABLE, PARITY_COLUMNS, batch);
    } catch (e) {
      error = (e as Error).message.includes('NOT NULL') ? 'NOT NULL constraint' : (e as Error).message;
    }
    const count = await db.query(`SELECT count(*) AS n FROM ${PARITY_TABLE}`);
    failedInserts.push({ error, countAfter: Number(count.rows[0].n) });
  }
  return { results, failedInserts };
}
