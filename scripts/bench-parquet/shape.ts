// The benchmark-record shape used by scripts/bench-parquet.ts (both its Node half and its page).
// Every generated row says source='simulated': these files are load-test inputs, never data.
import type { ColumnInfo } from '../../src/data/connector.ts';

export const BENCH_COLUMNS: readonly ColumnInfo[] = [
  { name: 'source', type: 'VARCHAR' },
  { name: 'origin', type: 'VARCHAR' },
  { name: 'run_id', type: 'VARCHAR' },
  { name: 'measured_at', type: 'TIMESTAMP' },
  { name: 'runtime', type: 'VARCHAR' },
  { name: 'model', type: 'VARCHAR' },
  { name: 'model_family', type: 'VARCHAR' },
  { name: 'hardware', type: 'VARCHAR' },
  { name: 'platform', type: 'VARCHAR' },
  { name: 'precision', type: 'VARCHAR' },
  { name: 'mode', type: 'VARCHAR' },
  { name: 'batch_size', type: 'BIGINT' },
  { name: 'seq_len', type: 'BIGINT' },
  { name: 'threads', type: 'BIGINT' },
  { name: 'params_m', type: 'DOUBLE' },
  { name: 'latency_ms', type: 'DOUBLE' },
  { name: 'latency_p90_ms', type: 'DOUBLE' },
  { name: 'throughput_items_s', type: 'DOUBLE' },
  { name: 'memory_mb', type: 'DOUBLE' },
  { name: 'power_w', type: 'DOUBLE' },
];

export const CREATE_BENCH_TABLE = `CREATE TABLE records (${BENCH_COLUMNS.map((c) => `"${c.name}" ${c.type}`).join(', ')})`;

export const BENCH_QUERIES: Readonly<Record<string, string>> = {
  group_by_model_hardware: `SELECT model, hardware, count(*) AS n, avg(latency_ms) AS mean_ms, median(latency_ms) AS median_ms,
    max(throughput_items_s) AS best_tp FROM records GROUP BY model, hardware`,
  filtered_aggregate: `SELECT hardware, avg(throughput_items_s) AS tp, count(*) AS n FROM records
    WHERE precision = 'fp16' AND batch_size >= 8 AND platform IN ('cuda', 'webgpu') GROUP BY hardware`,
  order_by_limit: `SELECT model, hardware, batch_size, latency_ms FROM records WHERE latency_ms IS NOT NULL
    ORDER BY latency_ms DESC LIMIT 20`,
};
