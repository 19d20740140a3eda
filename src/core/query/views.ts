import { metricSpec, SPACE_AXES } from './metrics.ts';
import { CUBE_TABLE, SAMPLE_TABLE } from './cube.ts';
import { andAll, SOURCE_RANK_SQL } from './sql.ts';
import { quoteIdent, quoteLiteral } from '../sql.ts';

/**
 * SQL for every dashboard view. Each builder takes the shared filter condition (`where`, a SQL
 * boolean expression over `records`, e.g. from filtersToSql) and returns one aggregated query,
 * so the work happens in DuckDB and the page receives only what it draws.
 */

export const TABLE = 'records';

export interface Base {
  /** Shared filter condition; empty or 'TRUE' for none. */
  readonly where?: string;
  /**
   * Read the per-configuration cube (cube.ts) instead of the raw rows: each cube row is one
   * configuration's medians with its row count `n`, so medians become medians over
   * configurations and counts become sums of `n`.
   */
  readonly cube?: boolean;
}

function from(opts: Base): { table: string; count: string } {
  return opts.cube ? { table: CUBE_TABLE, count: 'sum(n)' } : { table: TABLE, count: 'count(*)' };
}

const originsAgg = "string_agg(DISTINCT origin, ', ' ORDER BY origin)";

const PRECISION_RANK_SQL =
  "CASE precision WHEN 'fp32' THEN 0 WHEN 'fp16' THEN 1 WHEN 'bf16' THEN 2 WHEN 'fp8' THEN 3 WHEN 'int8' THEN 4 WHEN 'int4' THEN 5 ELSE 6 END";

/** Orders an aggregate by expressions over its output columns (GROUP BY ALL cannot order by a CASE). */
function ordered(sql: string, orderBy: string): string {
  return `SELECT * FROM (${sql}) AS grouped ORDER BY ${orderBy}`;
}

/** Distinct values of one column with their row counts, most frequent first. */
export function distinctValuesSql(column: string, opts: Base = {}): string {
  const col = quoteIdent(column);
  const f = from(opts);
  return `SELECT ${col} AS value, ${f.count}::INTEGER AS n FROM ${f.table} WHERE ${andAll(opts.where, `${col} IS NOT NULL`)} GROUP BY 1 ORDER BY n DESC, value`;
}

export interface CompareOptions extends Base {
  readonly model: string;
  readonly metric: string;
}

/**
 * Hardware comparison: one row per hardware x execution provider x precision x source, with the
 * median and an interval. Interval kinds: `ci95` (median of the rows' 95% CI bounds of the
 * median latency), `p50-p90` (median to p90: run-to-run tail, when no CI is stored), `range`
 * (min to max of the values aggregated; always so from the cube when a bar spans several
 * configurations), `none` (a single value without either).
 */
export function compareSql(opts: CompareOptions): string {
  const f = from(opts);
  const m = metricSpec(opts.metric);
  const where = andAll(opts.where, `model = ${quoteLiteral(opts.model)}`, `${m.expr} IS NOT NULL`);
  // From the cube a group of several rows spans several configurations (batch sizes, sequence
  // lengths...): their confidence intervals do not combine, so the whisker is their range.
  const isLatency = m.id === 'latency_ms';
  const single = opts.cube ? 'count(*) = 1 AND ' : '';
  const lo = isLatency
    ? `CASE WHEN ${single}count(latency_ci_lo_ms) > 0 THEN median(latency_ci_lo_ms) WHEN ${single}count(latency_p90_ms) > 0 THEN median(${m.expr}) ELSE min(${m.expr}) END`
    : `min(${m.expr})`;
  const hi = isLatency
    ? `CASE WHEN ${single}count(latency_ci_hi_ms) > 0 THEN median(latency_ci_hi_ms) WHEN ${single}count(latency_p90_ms) > 0 THEN median(latency_p90_ms) ELSE max(${m.expr}) END`
    : `max(${m.expr})`;
  const kind = isLatency
    ? `CASE WHEN ${single}count(latency_ci_lo_ms) > 0 AND count(latency_ci_hi_ms) > 0 THEN 'ci95' WHEN ${single}count(latency_p90_ms) > 0 THEN 'p50-p90' WHEN count(*) > 1 THEN 'range' ELSE 'none' END`
    : "CASE WHEN count(*) > 1 THEN 'range' ELSE 'none' END";
  return ordered(`SELECT hardware, COALESCE(execution_provider, '') AS execution_provider, precision, source,
  median(${m.expr})::DOUBLE AS value, (${lo})::DOUBLE AS lo, (${hi})::DOUBLE AS hi, ${kind} AS interval_kind,
  ${f.count}::INTEGER AS n, ${originsAgg} AS origins
FROM ${f.table} WHERE ${where}
GROUP BY ALL`, `hardware, execution_provider, precision, ${SOURCE_RANK_SQL}`);
}

export interface HeatmapOptions extends Base {
  readonly metric: string;
}

/**
 * Model x hardware: per cell the median of the strongest provenance present (measured, then
 * imported, simulated, predicted), never a mix; `other_sources` lists the weaker ones left out.
 */
export function heatmapSql(opts: HeatmapOptions): string {
  const f = from(opts);
  const m = metricSpec(opts.metric);
  const where = andAll(opts.where, `${m.expr} IS NOT NULL`);
  return `WITH cells AS (
  SELECT model, hardware, source, median(${m.expr})::DOUBLE AS value, ${f.count}::INTEGER AS n, ${originsAgg} AS origins
  FROM ${f.table} WHERE ${where} GROUP BY ALL
)
SELECT model, hardware, source, value, n, origins,
  string_agg(source, ',') OVER (PARTITION BY model, hardware) AS all_sources
FROM cells
QUALIFY row_number() OVER (PARTITION BY model, hardware ORDER BY ${SOURCE_RANK_SQL}) = 1
ORDER BY model, hardware`;
}

export interface CellOptions extends Base {
  readonly model: string;
  readonly hardware: string;
  readonly metric: string;
  readonly limit?: number;
}

/** The configurations behind one heatmap cell (drill-down), best first. */
export function heatmapCellSql(opts: CellOptions): string {
  const m = metricSpec(opts.metric);
  const where = andAll(opts.where, `model = ${quoteLiteral(opts.model)}`, `hardware = ${quoteLiteral(opts.hardware)}`, `${m.expr} IS NOT NULL`);
  return `SELECT source, origin, execution_provider, precision, batch_size, seq_len, ${m.expr}::DOUBLE AS value,
  latency_ms, throughput_items_s, memory_mb, CAST(measured_at AS VARCHAR) AS measured_at
FROM ${TABLE} WHERE ${where}
ORDER BY ${SOURCE_RANK_SQL}, value ${m.better === 'lower' ? 'ASC' : 'DESC'} LIMIT ${quoteLiteral(opts.limit ?? 200)}`;
}

export interface ModelOptions extends Base {
  readonly model: string;
}

/** Batch-size scaling: median latency and throughput per hardware x precision x source x batch. */
export function scalingSql(opts: ModelOptions): string {
  const f = from(opts);
  const where = andAll(opts.where, `model = ${quoteLiteral(opts.model)}`, 'batch_size > 0',
    '(latency_ms IS NOT NULL OR throughput_items_s IS NOT NULL)');
  return ordered(`SELECT hardware, precision, source, batch_size::INTEGER AS batch_size,
  median(latency_ms)::DOUBLE AS latency_ms,
  median(COALESCE(throughput_items_s, batch_size * 1000.0 / NULLIF(latency_ms, 0)))::DOUBLE AS throughput_items_s,
  bool_or(throughput_items_s IS NULL) AS throughput_derived,
  ${f.count}::INTEGER AS n, ${originsAgg} AS origins
FROM ${f.table} WHERE ${where}
GROUP BY ALL`, `hardware, precision, ${SOURCE_RANK_SQL}, batch_size`);
}

/**
 * Throughput-latency points per hardware x execution provider x precision x batch x source. A
 * missing throughput is derived as batch / latency and flagged, so it is never mistaken for a
 * stored figure.
 */
export function paretoSql(opts: ModelOptions): string {
  const f = from(opts);
  const where = andAll(opts.where, `model = ${quoteLiteral(opts.model)}`, 'latency_ms IS NOT NULL');
  return `SELECT hardware, COALESCE(execution_provider, '') AS execution_provider, precision, batch_size::INTEGER AS batch_size, source,
  median(latency_ms)::DOUBLE AS latency_ms,
  median(COALESCE(throughput_items_s, batch_size * 1000.0 / NULLIF(latency_ms, 0)))::DOUBLE AS throughput_items_s,
  bool_or(throughput_items_s IS NULL) AS throughput_derived,
  ${f.count}::INTEGER AS n, ${originsAgg} AS origins
FROM ${f.table} WHERE ${where}
GROUP BY ALL HAVING median(COALESCE(throughput_items_s, batch_size * 1000.0 / NULLIF(latency_ms, 0))) IS NOT NULL
ORDER BY latency_ms`;
}

export interface PrecisionOptions extends ModelOptions {
  /** Compare at one batch size; null aggregates all batch sizes. */
  readonly batchSize?: number | null;
}

/** Precision comparison: speed and memory per precision x hardware x source. */
export function precisionSql(opts: PrecisionOptions): string {
  const f = from(opts);
  const where = andAll(opts.where, `model = ${quoteLiteral(opts.model)}`,
    opts.batchSize != null ? `batch_size = ${quoteLiteral(opts.batchSize)}` : null,
    '(latency_ms IS NOT NULL OR throughput_items_s IS NOT NULL OR memory_mb IS NOT NULL)');
  return ordered(`SELECT precision, hardware, source,
  median(latency_ms)::DOUBLE AS latency_ms, median(throughput_items_s)::DOUBLE AS throughput_items_s,
  median(memory_mb)::DOUBLE AS memory_mb, ${f.count}::INTEGER AS n, ${originsAgg} AS origins
FROM ${f.table} WHERE ${where}
GROUP BY ALL`, `${PRECISION_RANK_SQL}, hardware, ${SOURCE_RANK_SQL}`);
}

/** How many rows (after filters) carry each input of the power view, to explain an empty view. */
export function powerAvailabilitySql(opts: Base & { readonly model?: string | null } = {}): string {
  const f = from(opts);
  const where = andAll(opts.where, opts.model ? `model = ${quoteLiteral(opts.model)}` : null);
  const rowsWith = (expr: string) => (opts.cube ? `COALESCE(sum(CASE WHEN ${expr} IS NOT NULL THEN n END), 0)` : `count(${expr})`);
  return `SELECT ${f.count === 'sum(n)' ? 'COALESCE(sum(n), 0)' : 'count(*)'}::INTEGER AS total, ${rowsWith('power_w')}::INTEGER AS power_w, ${rowsWith('energy_j')}::INTEGER AS energy_j,
  ${rowsWith('throughput_items_s')}::INTEGER AS throughput_items_s,
  ${rowsWith('COALESCE(energy_j, power_w / NULLIF(throughput_items_s, 0))')}::INTEGER AS energy_per_item
FROM ${f.table} WHERE ${where}`;
}

/**
 * Power and energy per hardware x precision x batch x source: average power, energy per item
 * (stored `energy_j`, else power / throughput) and items per joule.
 */
export function powerSql(opts: Base & { readonly model?: string | null }): string {
  const f = from(opts);
  const e = 'COALESCE(energy_j, power_w / NULLIF(throughput_items_s, 0))';
  const where = andAll(opts.where, opts.model ? `model = ${quoteLiteral(opts.model)}` : null,
    `(power_w IS NOT NULL OR ${e} IS NOT NULL)`);
  return ordered(`SELECT model, hardware, precision, batch_size::INTEGER AS batch_size, source,
  median(power_w)::DOUBLE AS power_w, median(${e})::DOUBLE AS energy_per_item_j,
  median(1.0 / NULLIF(${e}, 0))::DOUBLE AS items_per_j,
  bool_or(energy_j IS NULL AND ${e} IS NOT NULL) AS energy_derived,
  ${f.count}::INTEGER AS n, ${originsAgg} AS origins
FROM ${f.table} WHERE ${where}
GROUP BY ALL`, `model, hardware, precision, batch_size, ${SOURCE_RANK_SQL}`);
}

export interface SpaceOptions extends Base {
  readonly x: string;
  readonly y: string;
  readonly z: string;
  /** Points drawn at most; larger results are sampled reproducibly in DuckDB. */
  readonly limit?: number;
}

const SPACE_AXIS_IDS = new Set(SPACE_AXES.map((a) => a.id));

function spaceAxis(id: string): string {
  if (!SPACE_AXIS_IDS.has(id)) throw new Error(`Unknown 3-D axis "${id}"; known: ${[...SPACE_AXIS_IDS].join(', ')}`);
  return quoteIdent(id);
}

/** Points for the 3-D performance space: one per row (sampled beyond `limit`). */
export function spaceSql(opts: SpaceOptions): string {
  const [x, y, z] = [spaceAxis(opts.x), spaceAxis(opts.y), spaceAxis(opts.z)];
  const limit = quoteLiteral(Math.max(1, Math.floor(opts.limit ?? 50_000)));
  const where = andAll(opts.where, `${x} IS NOT NULL`, `${y} IS NOT NULL`, `${z} IS NOT NULL`);
  return `SELECT ${x}::DOUBLE AS x, ${y}::DOUBLE AS y, ${z}::DOUBLE AS z, hardware, source, origin, model, precision,
  batch_size::INTEGER AS batch_size
FROM ${opts.cube ? `${SAMPLE_TABLE} WHERE ${where} LIMIT ${limit}` : `(SELECT * FROM ${TABLE} WHERE ${where}) USING SAMPLE reservoir(${limit} ROWS) REPEATABLE (42)`}`;
}

/** Total rows behind the 3-D view, to say when it shows a sample. */
export function spaceCountSql(opts: SpaceOptions): string {
  const f = from(opts);
  const [x, y, z] = [spaceAxis(opts.x), spaceAxis(opts.y), spaceAxis(opts.z)];
  return `SELECT COALESCE(${f.count}, 0)::INTEGER AS n FROM ${f.table} WHERE ${andAll(opts.where, `${x} IS NOT NULL`, `${y} IS NOT NULL`, `${z} IS NOT NULL`)}`;
}

export interface ReportOptions extends Base {
  readonly models: readonly string[];
  readonly metrics: readonly string[];
}

/** Long-format rows for the HTML report: one per model x hardware x precision x source x metric. */
export function reportSql(opts: ReportOptions): string {
  const f = from(opts);
  if (opts.models.length === 0 || opts.metrics.length === 0) throw new Error('A report needs at least one model and one metric');
  const inModels = `model IN (${opts.models.map(quoteLiteral).join(', ')})`;
  const parts = opts.metrics.map((id) => {
    const m = metricSpec(id);
    return `SELECT model, hardware, precision, source, ${quoteLiteral(m.id)} AS metric, median(${m.expr})::DOUBLE AS value,
  ${f.count}::INTEGER AS n, ${originsAgg} AS origins
FROM ${f.table} WHERE ${andAll(opts.where, inModels, `${m.expr} IS NOT NULL`)} GROUP BY ALL`;
  });
  return `${parts.join('\nUNION ALL\n')}\nORDER BY metric, model, hardware, precision, source`;
}
