/**
 * Column mapping: a file's column names to record fields, with unit conversion, and the
 * provenance stamp every imported row gets. The rules are in docs/data-format.md.
 */
import { FIELD_BY_NAME, type Source } from './record.ts';
import { normalizeSource } from './normalize.ts';

export interface ColumnMapping {
  /** The column as named in the file. */
  readonly from: string;
  /** The record field, or the (snake_case) name of an extra column; null drops the column. */
  readonly to: string | null;
  /** Numeric values are multiplied by this (unit conversion); 1 when the unit already matches. */
  readonly scale: number;
  readonly how: 'exact' | 'alias' | 'unit' | 'user' | 'extra';
}

export type Mapping = readonly ColumnMapping[];

/** A user's override: file column -> field (or extra name), optional factor; null drops it. */
export interface MappingOverride {
  readonly to: string | null;
  readonly scale?: number;
}

/**
 * A column name as a snake_case identifier: lower case, `/` read as "per", µ as u, every other
 * run of non-alphanumerics one underscore, a camelCase word break too ('batchSize', not 'GiB').
 * 'Latency (ms)' -> latency_ms, 'items/s' -> items_per_s.
 */
export function snakeCase(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/[µμ]/g, 'u')
    .replace(/%/g, '_pct')
    .replace(/\//g, '_per_')
    .replace(/([a-z0-9])(?=[A-Z][a-z])/g, '$1_')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** Names that mean a record field exactly, in that field's own unit. */
const ALIASES: Readonly<Record<string, string>> = {
  batch: 'batch_size', bs: 'batch_size', batchsize: 'batch_size', batch_sz: 'batch_size',
  gpu: 'hardware', device: 'hardware', hw: 'hardware', accelerator: 'hardware', hardware_id: 'hardware', chip: 'hardware',
  dtype: 'precision', data_type: 'precision', datatype: 'precision', prec: 'precision', numeric_precision: 'precision',
  model_name: 'model', model_id: 'model', network: 'model',
  family: 'model_family', architecture: 'model_family', arch: 'model_family',
  throughput: 'throughput_items_s', items_per_sec: 'throughput_items_s', items_per_s: 'throughput_items_s',
  items_s: 'throughput_items_s', items_per_second: 'throughput_items_s', samples_per_sec: 'throughput_items_s',
  samples_per_s: 'throughput_items_s', samples_per_second: 'throughput_items_s', samples_s: 'throughput_items_s',
  images_per_sec: 'throughput_items_s', images_per_s: 'throughput_items_s', img_per_s: 'throughput_items_s',
  img_s: 'throughput_items_s', ips: 'throughput_items_s',
  latency: 'latency_ms', median_ms: 'latency_ms', median: 'latency_ms', p50_ms: 'latency_ms', latency_p50_ms: 'latency_ms',
  latency_median_ms: 'latency_ms', median_latency_ms: 'latency_ms', p50: 'latency_ms',
  mean_ms: 'latency_mean_ms', avg_ms: 'latency_mean_ms', latency_avg_ms: 'latency_mean_ms', mean_latency_ms: 'latency_mean_ms',
  avg_latency_ms: 'latency_mean_ms', p90_ms: 'latency_p90_ms', p99_ms: 'latency_p99_ms', std_ms: 'latency_std_ms',
  stdev_ms: 'latency_std_ms',
  mem_mb: 'memory_mb', memory: 'memory_mb', mem: 'memory_mb', peak_memory_mb: 'memory_mb', peak_mem_mb: 'memory_mb',
  power: 'power_w', avg_power_w: 'power_w', energy: 'energy_j',
  num_threads: 'threads', n_threads: 'threads', nthreads: 'threads', intra_op_threads: 'threads',
  num_gpus: 'num_devices', n_gpus: 'num_devices', gpu_count: 'num_devices', gpus: 'num_devices', num_gpu: 'num_devices',
  sequence_length: 'seq_len', seqlen: 'seq_len', seq_length: 'seq_len',
  prompt_len: 'input_len', input_tokens: 'input_len', prompt_tokens: 'input_len', input_length: 'input_len',
  output_tokens: 'output_len', gen_len: 'output_len', output_length: 'output_len', max_new_tokens: 'output_len',
  ep: 'execution_provider', provider: 'execution_provider',
  backend: 'platform', framework: 'runtime', framework_version: 'runtime_version',
  gpu_name: 'device_name', cpu_name: 'device_name', processor: 'device_name',
  num_runs: 'runs', n_runs: 'runs', iterations: 'runs', iters: 'runs', repeats: 'runs',
  params_millions: 'params_m', gflops: 'gflops_per_item',
  timestamp: 'measured_at', date: 'measured_at', datetime: 'measured_at',
  tdp: 'hw_tdp_w', price: 'hw_price_usd', price_usd: 'hw_price_usd',
};

type Dimension = 'time' | 'memory' | 'power' | 'energy' | 'rate';

/** Unit suffixes (snake_case) and their factor to the record's unit for that dimension. */
interface Unit {
  readonly suffix: string;
  readonly dim: Dimension;
  readonly factor: number;
}

const UNITS: readonly Unit[] = ([
  { suffix: 'ms', dim: 'time', factor: 1 }, { suffix: 'msec', dim: 'time', factor: 1 },
  { suffix: 'milliseconds', dim: 'time', factor: 1 },
  { suffix: 's', dim: 'time', factor: 1000 }, { suffix: 'sec', dim: 'time', factor: 1000 },
  { suffix: 'secs', dim: 'time', factor: 1000 }, { suffix: 'seconds', dim: 'time', factor: 1000 },
  { suffix: 'us', dim: 'time', factor: 1e-3 }, { suffix: 'usec', dim: 'time', factor: 1e-3 },
  { suffix: 'microseconds', dim: 'time', factor: 1e-3 }, { suffix: 'ns', dim: 'time', factor: 1e-6 },
  { suffix: 'mb', dim: 'memory', factor: 1 }, { suffix: 'kb', dim: 'memory', factor: 1e-3 },
  { suffix: 'gb', dim: 'memory', factor: 1e3 }, { suffix: 'bytes', dim: 'memory', factor: 1e-6 },
  { suffix: 'mib', dim: 'memory', factor: 1.048576 }, { suffix: 'gib', dim: 'memory', factor: 1073.741824 },
  { suffix: 'kib', dim: 'memory', factor: 1.024e-3 },
  { suffix: 'w', dim: 'power', factor: 1 }, { suffix: 'watts', dim: 'power', factor: 1 }, { suffix: 'kw', dim: 'power', factor: 1e3 },
  { suffix: 'j', dim: 'energy', factor: 1 }, { suffix: 'joules', dim: 'energy', factor: 1 },
  { suffix: 'kj', dim: 'energy', factor: 1e3 }, { suffix: 'uj', dim: 'energy', factor: 1e-6 },
  { suffix: 'wh', dim: 'energy', factor: 3600 },
  { suffix: 'per_s', dim: 'rate', factor: 1 }, { suffix: 'per_sec', dim: 'rate', factor: 1 },
  { suffix: 'per_second', dim: 'rate', factor: 1 }, { suffix: 'per_ms', dim: 'rate', factor: 1000 },
] satisfies Unit[]).sort((a, b) => b.suffix.length - a.suffix.length);

/** A quantity without its unit -> the field that holds it and that field's dimension. */
const BASES: Readonly<Record<string, { field: string; dim: Dimension }>> = {
  latency: { field: 'latency_ms', dim: 'time' }, median: { field: 'latency_ms', dim: 'time' },
  latency_median: { field: 'latency_ms', dim: 'time' }, median_latency: { field: 'latency_ms', dim: 'time' },
  latency_p50: { field: 'latency_ms', dim: 'time' }, p50: { field: 'latency_ms', dim: 'time' },
  latency_mean: { field: 'latency_mean_ms', dim: 'time' }, mean_latency: { field: 'latency_mean_ms', dim: 'time' },
  latency_avg: { field: 'latency_mean_ms', dim: 'time' }, avg_latency: { field: 'latency_mean_ms', dim: 'time' },
  mean: { field: 'latency_mean_ms', dim: 'time' },
  latency_p90: { field: 'latency_p90_ms', dim: 'time' }, p90: { field: 'latency_p90_ms', dim: 'time' },
  latency_p99: { field: 'latency_p99_ms', dim: 'time' }, p99: { field: 'latency_p99_ms', dim: 'time' },
  latency_std: { field: 'latency_std_ms', dim: 'time' }, std: { field: 'latency_std_ms', dim: 'time' },
  load: { field: 'load_ms', dim: 'time' }, load_time: { field: 'load_ms', dim: 'time' },
  first_run: { field: 'first_run_ms', dim: 'time' }, first_run_time: { field: 'first_run_ms', dim: 'time' },
  memory: { field: 'memory_mb', dim: 'memory' }, mem: { field: 'memory_mb', dim: 'memory' },
  peak_memory: { field: 'memory_mb', dim: 'memory' }, peak_mem: { field: 'memory_mb', dim: 'memory' },
  weights: { field: 'weights_mb', dim: 'memory' }, model_size: { field: 'weights_mb', dim: 'memory' },
  power: { field: 'power_w', dim: 'power' }, avg_power: { field: 'power_w', dim: 'power' },
  energy: { field: 'energy_j', dim: 'energy' }, energy_per_item: { field: 'energy_j', dim: 'energy' },
  energy_per_inference: { field: 'energy_j', dim: 'energy' },
  throughput: { field: 'throughput_items_s', dim: 'rate' }, items: { field: 'throughput_items_s', dim: 'rate' },
  throughput_items: { field: 'throughput_items_s', dim: 'rate' }, samples: { field: 'throughput_items_s', dim: 'rate' },
  images: { field: 'throughput_items_s', dim: 'rate' },
};

/** The field's own unit, as a factor in its dimension (all record units have factor 1). */
function unitMatch(snake: string): { field: string; scale: number } | undefined {
  for (const unit of UNITS) {
    if (!snake.endsWith(`_${unit.suffix}`)) continue;
    const baseName = snake.slice(0, -unit.suffix.length - 1);
    const base = Object.hasOwn(BASES, baseName) ? BASES[baseName] : undefined;
    if (base && base.dim === unit.dim) return { field: base.field, scale: unit.factor };
  }
  return undefined;
}

export class MappingError extends Error {}

/**
 * Suggests how each column maps, in priority order: the user's overrides; a column named
 * exactly like a field; the same after snake_case ('Batch Size' -> batch_size); an alias
 * ('bs', 'dtype', 'gpu'); a quantity with a unit suffix, converted ('latency_s' -> latency_ms
 * x1000). A field is taken by the first column that claims it at the highest priority; every
 * other column is kept as an extra column under its snake_case name.
 */
export function suggestMapping(columns: readonly string[], overrides: Readonly<Record<string, MappingOverride>> = {}): Mapping {
  for (const from of Object.keys(overrides)) {
    if (!columns.includes(from)) {
      throw new MappingError(`--map names column '${from}', which the file does not have; its columns are: ${columns.join(', ')}`);
    }
  }
  const chosen = new Map<string, ColumnMapping>();
  const taken = new Set<string>();
  const claim = (from: string, to: string, scale: number, how: ColumnMapping['how']): void => {
    if (chosen.has(from) || taken.has(to)) return;
    chosen.set(from, { from, to, scale, how });
    taken.add(to);
  };

  for (const [from, override] of Object.entries(overrides)) {
    if (override.to === null) chosen.set(from, { from, to: null, scale: 1, how: 'user' });
    else if (taken.has(override.to)) throw new MappingError(`--map maps two columns to '${override.to}'`);
    else claim(from, override.to, override.scale ?? 1, 'user');
  }
  for (const from of columns) if (FIELD_BY_NAME.has(from)) claim(from, from, 1, 'exact');
  for (const from of columns) {
    const snake = snakeCase(from);
    if (FIELD_BY_NAME.has(snake)) claim(from, snake, 1, 'exact');
  }
  for (const from of columns) {
    const snake = snakeCase(from);
    if (Object.hasOwn(ALIASES, snake)) claim(from, ALIASES[snake], 1, 'alias');
  }
  for (const from of columns) {
    const unit = unitMatch(snakeCase(from));
    if (unit) claim(from, unit.field, unit.scale, 'unit');
  }

  const mapping: ColumnMapping[] = [];
  for (const from of columns) {
    const known = chosen.get(from);
    if (known) {
      mapping.push(known);
      continue;
    }
    const base = snakeCase(from) || 'column';
    let name = base;
    for (let n = 2; taken.has(name) || FIELD_BY_NAME.has(name); n++) name = `${base}_${n}`;
    taken.add(name);
    mapping.push({ from, to: name, scale: 1, how: 'extra' });
  }
  return mapping;
}

/**
 * Parses `src=dest,src2=dest2*1000,src3=` (dest empty or `-` drops the column). A column
 * name containing `,` or `=` cannot be written here; rename it in the file.
 */
export function parseMapSpec(spec: string): Record<string, MappingOverride> {
  const overrides: Record<string, MappingOverride> = {};
  for (const part of spec.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    if (eq < 1) throw new MappingError(`--map entry '${part.trim()}' is not SRC=DEST`);
    const from = part.slice(0, eq).trim();
    let dest = part.slice(eq + 1).trim();
    if (dest === '' || dest === '-') {
      overrides[from] = { to: null };
      continue;
    }
    let scale = 1;
    const star = dest.lastIndexOf('*');
    if (star >= 0) {
      scale = Number(dest.slice(star + 1));
      if (!Number.isFinite(scale) || scale === 0) throw new MappingError(`--map entry '${part.trim()}': factor after * must be a non-zero number`);
      dest = dest.slice(0, star).trim();
    }
    overrides[from] = { to: FIELD_BY_NAME.has(dest) ? dest : snakeCase(dest) || dest, scale };
  }
  return overrides;
}

/**
 * The trust rule for rows that arrive from outside: a file may lower its claim (a predicted or
 * simulated row stays so) but never raise it, so a row claiming 'measured' becomes 'imported'.
 */
export function importedSource(claimed: unknown): Source {
  const source = typeof claimed === 'string' ? normalizeSource(claimed) : undefined;
  return source === 'predicted' || source === 'simulated' ? source : 'imported';
}

/**
 * Sets source and origin on a record-shaped row that came from outside. The file's own
 * claims, where it had them and they differ, are kept in `claimed_source` / `claimed_origin`.
 */
export function stampProvenance(row: Record<string, unknown>, origin: string | undefined): Record<string, unknown> {
  const claimedSource = textOf(row.source);
  row.source = importedSource(claimedSource);
  // A row re-imported from an earlier export keeps the first claim it was stamped with.
  if (claimedSource !== undefined && claimedSource !== row.source && textOf(row.claimed_source) === undefined) {
    row.claimed_source = claimedSource;
  }
  if (origin !== undefined) {
    const claimedOrigin = textOf(row.origin);
    if (claimedOrigin !== undefined && claimedOrigin !== origin && textOf(row.claimed_origin) === undefined) {
      row.claimed_origin = claimedOrigin;
    }
    row.origin = origin;
  }
  return row;
}

function textOf(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

const NUMERIC = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

function scaled(value: unknown, scale: number): unknown {
  if (scale === 1) return value;
  let n: number | undefined;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'bigint') n = Number(value);
  else if (typeof value === 'string' && NUMERIC.test(value.trim())) n = Number(value.trim());
  // Not a number: passed through untouched so the validator reports it as the user wrote it.
  if (n === undefined || !Number.isFinite(n)) return value;
  return Number((n * scale).toPrecision(15));
}

export interface ApplyMappingOptions {
  /** Written to every row's `origin`, e.g. 'file:results.csv'. */
  readonly origin: string;
}

export interface MappedRows {
  readonly rows: Record<string, unknown>[];
  /** Record field -> the file's column name, for validateRows' `columnLabels`. */
  readonly columnLabels: Record<string, string>;
  /** Record field -> unit factor applied, where not 1, for validateRows' `columnScales`. */
  readonly columnScales: Record<string, number>;
}

/** Renames and converts every row, then stamps provenance (see stampProvenance). */
export function applyMapping(rows: readonly Record<string, unknown>[], mapping: Mapping, opts: ApplyMappingOptions): MappedRows {
  const active = mapping.filter((m): m is ColumnMapping & { to: string } => m.to !== null);
  const columnLabels: Record<string, string> = {};
  const columnScales: Record<string, number> = {};
  for (const m of active) {
    columnLabels[m.to] = m.from;
    if (m.scale !== 1) columnScales[m.to] = m.scale;
  }
  const out = new Array<Record<string, unknown>>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const raw = rows[i];
    const row: Record<string, unknown> = {};
    for (const m of active) {
      const value = raw[m.from];
      // typeof 'function': an inherited Object.prototype member, not a value of the row.
      if (value !== undefined && typeof value !== 'function') row[m.to] = scaled(value, m.scale);
    }
    out[i] = stampProvenance(row, opts.origin);
  }
  return { rows: out, columnLabels, columnScales };
}

/** One line per column, for the command line and the import dialog. */
export function describeMapping(mapping: Mapping): string[] {
  return mapping.map((m) => {
    if (m.to === null) return `${m.from} -> (dropped)`;
    const unit = m.scale !== 1 ? ` (x${m.scale})` : '';
    return `${m.from} -> ${m.to}${unit} [${m.how}]`;
  });
}
