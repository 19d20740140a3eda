import { quoteIdent } from '../sql.ts';

export type Better = 'lower' | 'higher';

export interface MetricSpec {
  readonly id: string;
  readonly label: string;
  readonly unit: string;
  readonly better: Better;
  /** Per-row SQL expression over table `records`. */
  readonly expr: string;
  /** Record columns the metric needs (for empty states that name what is missing). */
  readonly needs: readonly string[];
}

const energyPerItem =
  'COALESCE(energy_j, power_w / NULLIF(throughput_items_s, 0))';

function column(id: string, label: string, unit: string, better: Better): MetricSpec {
  return { id, label, unit, better, expr: quoteIdent(id), needs: [id] };
}

/** Metrics the views can plot; derived ones are computed per row in DuckDB. */
export const METRICS: readonly MetricSpec[] = [
  column('latency_ms', 'Latency (median)', 'ms', 'lower'),
  column('latency_p90_ms', 'Latency p90', 'ms', 'lower'),
  column('latency_p99_ms', 'Latency p99', 'ms', 'lower'),
  column('throughput_items_s', 'Throughput', 'items/s', 'higher'),
  column('memory_mb', 'Peak memory', 'MB', 'lower'),
  column('power_w', 'Power', 'W', 'lower'),
  column('energy_j', 'Energy per item (stored)', 'J/item', 'lower'),
  {
    id: 'energy_per_item_j', label: 'Energy per item', unit: 'J/item', better: 'lower',
    expr: energyPerItem, needs: ['energy_j', 'power_w', 'throughput_items_s'],
  },
  {
    id: 'items_per_j', label: 'Energy efficiency', unit: 'items/J', better: 'higher',
    expr: `1.0 / NULLIF(${energyPerItem}, 0)`, needs: ['energy_j', 'power_w', 'throughput_items_s'],
  },
  column('load_ms', 'Load time', 'ms', 'lower'),
  column('first_run_ms', 'First run', 'ms', 'lower'),
];

export const METRIC_BY_ID: ReadonlyMap<string, MetricSpec> = new Map(METRICS.map((m) => [m.id, m]));

export function metricSpec(id: string): MetricSpec {
  const spec = METRIC_BY_ID.get(id);
  if (!spec) throw new Error(`Unknown metric "${id}"; known: ${METRICS.map((m) => m.id).join(', ')}`);
  return spec;
}

/** Metrics that are record columns: the ones a shared link can name (ViewOptions.metric). */
export const COLUMN_METRICS: readonly MetricSpec[] = METRICS.filter((m) => m.needs.length === 1 && m.needs[0] === m.id);

export function metricAxisLabel(spec: MetricSpec): string {
  return `${spec.label} (${spec.unit})`;
}

/** Numeric record columns the 3-D view can put on an axis, with units. */
export const SPACE_AXES: readonly { readonly id: string; readonly label: string; readonly unit: string }[] = [
  { id: 'batch_size', label: 'Batch size', unit: 'items' },
  { id: 'seq_len', label: 'Sequence length', unit: 'tokens' },
  { id: 'latency_ms', label: 'Latency (median)', unit: 'ms' },
  { id: 'latency_p90_ms', label: 'Latency p90', unit: 'ms' },
  { id: 'throughput_items_s', label: 'Throughput', unit: 'items/s' },
  { id: 'memory_mb', label: 'Peak memory', unit: 'MB' },
  { id: 'power_w', label: 'Power', unit: 'W' },
  { id: 'energy_j', label: 'Energy per item', unit: 'J' },
  { id: 'params_m', label: 'Parameters', unit: 'M' },
  { id: 'gflops_per_item', label: 'Compute per item', unit: 'GFLOP' },
];
