/**
 * Which columns of a user's table are features. Any column present in both the training and the
 * query table is a candidate; metrics (they are what we predict, and a sibling metric leaks the
 * answer), provenance and earlier predictions are not.
 */
import { FIELD_BY_NAME } from '../schema/record.ts';

export type Row = Readonly<Record<string, unknown>>;

export type ColumnKind = 'numeric' | 'categorical';

export interface FeatureColumn {
  readonly name: string;
  readonly kind: ColumnKind;
}

const PROVENANCE = new Set(['source', 'origin', 'run_id', 'measured_at', 'runtime_version', 'notes', 'note', 'comment']);
/** Extra (non-record) columns whose names say they are measured outcomes (avg_* are achieved, not configured, values). */
const METRIC_NAME = /(^avg_|latency|throughput|energy|power|joule|watt|_itl|itl_|_ms$|_s$|_us$|_uj|_per_s|per_sec|fps$|_runs?$|_std|_p\d\d)/i;

export function isExcludedColumn(name: string, targets: readonly string[]): boolean {
  if (targets.includes(name)) return true;
  if (name.startsWith('pred_') || name === 'confidence') return true;
  if (PROVENANCE.has(name)) return true;
  const field = FIELD_BY_NAME.get(name);
  if (field) return field.group === 'metric' || field.group === 'provenance' && name !== 'runtime' && name !== 'execution_provider' && name !== 'browser';
  if (name.startsWith('hw_')) return false;
  return METRIC_NAME.test(name);
}

export function numericValue(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : NaN;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string') {
    const t = value.trim();
    if (t === '') return NaN;
    const v = Number(t);
    return Number.isFinite(v) ? v : NaN;
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  return NaN;
}

export function categoryValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const s = String(value).trim();
  return s === '' ? null : s;
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '') ||
    (typeof value === 'number' && Number.isNaN(value));
}

/** Numeric when every non-empty value parses as a finite number (in the sampled rows). */
export function columnKind(rows: readonly Row[], name: string): ColumnKind | null {
  const field = FIELD_BY_NAME.get(name);
  const forced: ColumnKind | null = field?.type === 'string' ? 'categorical' : null;
  let seen = 0;
  const step = Math.max(1, Math.floor(rows.length / 5000));
  for (let i = 0; i < rows.length; i += step) {
    const v = rows[i][name];
    if (isEmpty(v)) continue;
    seen++;
    if (Number.isNaN(numericValue(v)) || typeof v === 'boolean') return 'categorical';
  }
  return seen === 0 ? null : (forced ?? 'numeric');
}

export function columnNames(rows: readonly Row[]): string[] {
  const names = new Set<string>();
  const step = Math.max(1, Math.floor(rows.length / 2000));
  for (let i = 0; i < rows.length; i += step) for (const k of Object.keys(rows[i])) names.add(k);
  if (rows.length) for (const k of Object.keys(rows[rows.length - 1])) names.add(k);
  return [...names];
}

/**
 * Feature columns: present in training and (when given) query columns, not excluded, with at
 * least one value and more than one distinct value in training.
 */
export function selectFeatureColumns(
  train: readonly Row[],
  targets: readonly string[],
  queryColumns?: readonly string[],
): FeatureColumn[] {
  const query = queryColumns ? new Set(queryColumns) : null;
  const out: FeatureColumn[] = [];
  for (const name of columnNames(train)) {
    if (query && !query.has(name)) continue;
    if (isExcludedColumn(name, targets)) continue;
    const kind = columnKind(train, name);
    if (!kind) continue;
    out.push({ name, kind });
  }
  return out;
}
