/**
 * Row validation: raw rows (already renamed to record fields by mapping.ts) to typed
 * BenchmarkRecords, with every problem named by file, row and column.
 *
 * Row numbers: a problem's `row` is the number a user finds the row by in the file.
 * `rowNumbers[i]` gives it for rows[i] when the parser knows it (parseTable gives the 1-based
 * line of each CSV row, counting the header as line 1, and the line of each JSON Lines row);
 * otherwise row i is `firstDataRow + i` (default 1: the first data row is row 1). For a CSV
 * parsed elsewhere pass `firstDataRow: 2` so the header counts as line 1.
 */
import { CONFIG_KEY_FIELDS, FIELDS, FIELD_BY_NAME, METRIC_FIELDS, type BenchmarkRecord, type FieldSpec, type Scalar } from './record.ts';
import { ALLOWED_VALUES, CATEGORY_NORMALIZERS, normalizeTimestamp } from './normalize.ts';
import { PLAUSIBLE_MAX } from './bounds.ts';

export type ProblemKind =
  | 'missing'
  | 'no_metric'
  | 'wrong_type'
  | 'not_finite'
  | 'negative'
  | 'not_positive'
  | 'not_integer'
  | 'implausible'
  | 'unknown_value'
  | 'duplicate';

export interface Problem {
  readonly file?: string;
  readonly row: number;
  /** The column as the user named it (see `columnLabels`); '' for a problem with the whole row. */
  readonly column: string;
  /** The record field the column maps to; '' for a problem with the whole row. */
  readonly field: string;
  readonly value: unknown;
  readonly kind: ProblemKind;
  readonly message: string;
}

export interface ValidateOptions {
  readonly file?: string;
  readonly firstDataRow?: number;
  /** The row number of each input row, where the parser knows it (CSV and JSON Lines lines). */
  readonly rowNumbers?: ArrayLike<number>;
  /** Record field -> the user's column name, so problems name the column the user sees. */
  readonly columnLabels?: Readonly<Record<string, string>>;
  /** Record field -> unit factor the mapping applied, so a message can show the file's own value. */
  readonly columnScales?: Readonly<Record<string, number>>;
  /**
   * 'records' (default) checks a file of benchmark records: required fields, at least one metric,
   * no duplicate configuration. 'rows' checks only the values a row has (types, units, allowed
   * values): the rows a model learns from or is asked about need not be complete records.
   */
  readonly check?: 'records' | 'rows';
}

export interface ValidationResult {
  /** The rows without problems, in input order. */
  readonly records: BenchmarkRecord[];
  /** The row number of each record. */
  readonly recordRows: number[];
  readonly problems: Problem[];
  /** How many input rows had at least one problem. */
  readonly invalidRows: number;
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
const NON_FINITE = /^([+-]?)(?:nan|inf|infinity)$/i;

class Invalid {
  constructor(readonly kind: ProblemKind, readonly message: string) {}
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'bigint') return `${value}`;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'a list' : 'an object';
  return String(value);
}

function toNumber(value: unknown): number | null | Invalid {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string') {
    const text = value.trim();
    if (text === '') return null;
    if (DECIMAL.test(text)) return Number(text);
    const nonFinite = NON_FINITE.exec(text);
    if (nonFinite) return /^n/i.test(text.replace(/^[+-]/, '')) ? Number.NaN : nonFinite[1] === '-' ? -Infinity : Infinity;
    return new Invalid('wrong_type', `expected a number, got ${show(value)}`);
  }
  return new Invalid('wrong_type', `expected a number, got ${typeof value === 'boolean' ? `boolean ${value}` : show(value)}`);
}

function toText(value: unknown): string | null | Invalid {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    const text = value.trim();
    return text === '' ? null : text;
  }
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  return new Invalid('wrong_type', `expected text, got ${show(value)}`);
}

function checkNumber(spec: FieldSpec, raw: unknown): number | null | Invalid {
  const n = toNumber(raw);
  if (n === null || n instanceof Invalid) return n;
  if (!Number.isFinite(n)) return new Invalid('not_finite', `must be a finite number, got ${show(raw)}`);
  if (spec.type === 'integer' && !Number.isInteger(n)) return new Invalid('not_integer', `must be a whole number, got ${show(raw)}`);
  if (spec.positive && n <= 0) return new Invalid('not_positive', `must be greater than 0, got ${show(raw)}`);
  if (spec.nonNegative && n < 0) return new Invalid('negative', `must not be negative, got ${show(raw)}`);
  const max = PLAUSIBLE_MAX[spec.name];
  if (max !== undefined && Math.abs(n) > max) {
    return new Invalid('implausible', `${show(raw)} is beyond the plausible range of ${spec.name} (at most ${max}${spec.unit ? ` ${spec.unit}` : ''}); a unit or overflow error?`);
  }
  return n;
}

const PLATFORM_HINTS: ReadonlyMap<string, string> = new Map([
  ['gpu', "'gpu' does not say which backend: use cuda, rocm or mps"],
]);

function checkText(spec: FieldSpec, raw: unknown): string | null | Invalid {
  if (spec.type === 'timestamp') {
    if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? new Invalid('wrong_type', 'is an invalid date') : raw.toISOString();
    if (typeof raw === 'number' || typeof raw === 'bigint') {
      return new Invalid('wrong_type', `expected an ISO 8601 date-time such as 2025-01-31T12:00:00Z, got the number ${show(raw)}`);
    }
  }
  const text = toText(raw);
  if (text === null || text instanceof Invalid) return text;
  if (spec.type === 'timestamp') {
    return normalizeTimestamp(text) ?? new Invalid('wrong_type', `expected an ISO 8601 date-time such as 2025-01-31T12:00:00Z, got ${show(raw)}`);
  }
  const normalize = CATEGORY_NORMALIZERS[spec.name];
  if (!normalize) return text;
  const canonical = normalize(text);
  if (canonical !== undefined) return canonical;
  const hint = spec.name === 'platform' ? PLATFORM_HINTS.get(text.toLowerCase()) : undefined;
  const allowed = (ALLOWED_VALUES[spec.name] ?? []).join(', ');
  return new Invalid('unknown_value', hint ? `unknown ${spec.name} ${show(raw)}: ${hint}` : `unknown ${spec.name} ${show(raw)}; expected one of ${allowed}`);
}

function isNumericText(value: string): boolean {
  return DECIMAL.test(value.trim());
}

type ExtraType = 'number' | 'text' | 'empty';

function extraKind(value: unknown): ExtraType {
  if (value === null || value === undefined) return 'empty';
  if (typeof value === 'number') return Number.isFinite(value) ? 'number' : 'empty';
  if (typeof value === 'bigint') return 'number';
  if (typeof value === 'string') {
    if (value.trim() === '') return 'empty';
    return isNumericText(value) ? 'number' : 'text';
  }
  return 'text';
}

function extraAsNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '') return Number(value.trim());
  return null;
}

function extraAsText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));
}

const KNOWN_SPECS = FIELDS;
const REQUIRED = new Set(FIELDS.filter((f) => f.required).map((f) => f.name));
const METRICS = new Set(METRIC_FIELDS);

/** A field has one type after checking, so its values need no type tag to stay apart. */
function keyPart(value: Scalar | undefined): string {
  if (value === null || value === undefined) return '\u0000';
  return typeof value === 'string' ? value : String(value);
}

/**
 * Checks and converts every row. A record keeps only non-null values: an absent key means null.
 * Extra columns (not in FIELDS) are kept, typed per column: numbers where every non-empty value
 * in the valid rows is numeric, text otherwise.
 */
export function validateRows(rows: readonly Record<string, unknown>[], opts: ValidateOptions = {}): ValidationResult {
  const { file, rowNumbers, columnLabels, columnScales } = opts;
  const firstDataRow = opts.firstDataRow ?? 1;
  const completeRecords = (opts.check ?? 'records') === 'records';
  const rowOf = (i: number): number => (rowNumbers ? rowNumbers[i] : firstDataRow + i);
  const label = (field: string): string => columnLabels?.[field] ?? field;

  // Only the fields the input has (plus the required ones) are visited per row, and only the
  // extra columns it has: a 50-field loop over 11-column rows was most of the time.
  const present = new Set<string>();
  for (let i = 0; i < rows.length; i++) for (const name in rows[i]) present.add(name);
  const specs = KNOWN_SPECS.filter((f) => (completeRecords && f.required) || present.has(f.name));
  const isNumeric = specs.map((f) => f.type === 'number' || f.type === 'integer');
  const isMetric = specs.map((f) => METRICS.has(f.name));
  const isRequired = specs.map((f) => completeRecords && REQUIRED.has(f.name));
  const keyFields = CONFIG_KEY_FIELDS.filter((name) => present.has(name) || REQUIRED.has(name));
  const extraNames = [...present].filter((name) => !FIELD_BY_NAME.has(name));

  const problems: Problem[] = [];
  const records: BenchmarkRecord[] = [];
  const recordRows: number[] = [];
  const extrasOfRecords: unknown[][] = [];
  const extraTypes: ExtraType[] = extraNames.map(() => 'empty');
  const seen = new Map<string, number>();
  let invalidRows = 0;

  for (let i = 0; i < rows.length; i++) {
    const raw = rows[i];
    const row = rowOf(i);
    const before = problems.length;
    const record: Record<string, Scalar> = {};
    let hasMetric = false;
    let metricSeen = false;

    for (let s = 0; s < specs.length; s++) {
      const spec = specs[s];
      const value = raw[spec.name];
      const checked = isNumeric[s] ? checkNumber(spec, value) : checkText(spec, value);
      if (checked instanceof Invalid) {
        const scale = columnScales?.[spec.name];
        const message = scale !== undefined && typeof value === 'number' && Number.isFinite(value)
          ? `${checked.message} (${spec.name}, converted from ${Number((value / scale).toPrecision(12))} x${scale})`
          : checked.message;
        problems.push({ file, row, column: label(spec.name), field: spec.name, value, kind: checked.kind, message });
        if (isMetric[s]) metricSeen = true;
        continue;
      }
      if (checked === null) {
        if (isRequired[s]) {
          problems.push({
            file, row, column: label(spec.name), field: spec.name, value: value ?? null, kind: 'missing',
            message: value === undefined ? `required column ${spec.name} is missing` : `required value is empty`,
          });
        }
        continue;
      }
      record[spec.name] = checked;
      if (isMetric[s]) hasMetric = true;
    }
    if (completeRecords && !hasMetric && !metricSeen) {
      problems.push({
        file, row, column: '', field: '', value: null, kind: 'no_metric',
        message: `no metric: at least one of ${METRIC_FIELDS.join(', ')} must have a value`,
      });
    }

    if (completeRecords && problems.length === before) {
      const parts = new Array<string>(keyFields.length);
      for (let k = 0; k < keyFields.length; k++) parts[k] = keyPart(record[keyFields[k]]);
      const key = parts.join('\u0001');
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        const same = CONFIG_KEY_FIELDS.filter((name) => record[name] !== undefined).join(', ');
        problems.push({
          file, row, column: '', field: '', value: null, kind: 'duplicate',
          message: `duplicate configuration: same ${same} as row ${earlier}`,
        });
      } else {
        seen.set(key, row);
      }
    }

    if (problems.length > before) {
      invalidRows++;
      continue;
    }

    if (extraNames.length > 0) {
      const extras = new Array<unknown>(extraNames.length);
      for (let e = 0; e < extraNames.length; e++) {
        // A row without a column named like an Object.prototype member ('constructor') reads the inherited function.
        const own = raw[extraNames[e]];
        const value = typeof own === 'function' ? undefined : own;
        extras[e] = value;
        const kind = extraKind(value);
        const previous = extraTypes[e];
        if (previous === 'empty') extraTypes[e] = kind;
        else if (previous === 'number' && kind === 'text') extraTypes[e] = 'text';
      }
      extrasOfRecords.push(extras);
    }
    records.push(record as BenchmarkRecord);
    recordRows.push(row);
  }

  if (extraNames.length > 0) {
    for (let r = 0; r < records.length; r++) {
      const record = records[r] as Record<string, Scalar>;
      const extras = extrasOfRecords[r];
      for (let e = 0; e < extraNames.length; e++) {
        const value = extraTypes[e] === 'number' ? extraAsNumber(extras[e]) : extraAsText(extras[e]);
        if (value === null) continue;
        const name = extraNames[e];
        // A JSON key "__proto__" is an own property of the parsed row; keep it one here too.
        if (name === '__proto__') Object.defineProperty(record, name, { value, enumerable: true, writable: true, configurable: true });
        else record[name] = value;
      }
    }
  }

  return { records, recordRows, problems, invalidRows };
}

/** `FILE:ROW: column COL: message`, or `FILE:ROW: message` for a problem with the whole row. */
export function formatProblem(problem: Problem): string {
  const where = `${problem.file ?? '<input>'}:${problem.row}`;
  return problem.column ? `${where}: column ${problem.column}: ${problem.message}` : `${where}: ${problem.message}`;
}

/** Counts by kind, most frequent first, e.g. `3 wrong_type, 1 duplicate`. */
export function summarizeProblems(problems: readonly Problem[]): string {
  const counts = new Map<ProblemKind, number>();
  for (const p of problems) counts.set(p.kind, (counts.get(p.kind) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([kind, n]) => `${n} ${kind.replace('_', ' ')}`).join(', ');
}
