import { quoteIdent } from '../sql.ts';
import { filterSql, type Comparison, type Filter } from '../sql-filter.ts';

export type ColumnKind = 'string' | 'number';

export interface ColumnFilter {
  readonly column: string;
  readonly kind: ColumnKind;
  /** What the user typed. */
  readonly text: string;
}

export interface SortSpec {
  readonly column: string;
  readonly descending: boolean;
}

export interface TableQuery {
  readonly table: string;
  readonly filters: readonly ColumnFilter[];
  readonly sort: SortSpec | null;
}

export class FilterSyntaxError extends Error {
  constructor(readonly column: string, message: string) {
    super(`column ${column}: ${message}`);
  }
}

const NUMBER = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?`;
const COMPARISON = new RegExp(String.raw`^(<=|>=|<|>|=|!=)\s*(${NUMBER})$`, 'i');
const RANGE = new RegExp(String.raw`^(${NUMBER})\s*\.\.\s*(${NUMBER})$`, 'i');
const PLAIN = new RegExp(String.raw`^${NUMBER}$`, 'i');

/**
 * A numeric filter is a comma-separated list of terms, any of which may match:
 * `8`, `>=16`, `<100`, `1..8` (inclusive), `!=4`, or `empty` for missing values.
 */
function numericFilters(filter: ColumnFilter): Filter[] {
  const column = filter.column;
  const terms = filter.text.split(',').map((t) => t.trim()).filter(Boolean);
  return terms.map((term): Filter => {
    if (/^empty$/i.test(term)) return { column, op: 'is null' };
    if (PLAIN.test(term)) return { column, op: '=', value: Number(term) };
    const cmp = COMPARISON.exec(term);
    if (cmp) return { column, op: cmp[1] as Comparison, value: Number(cmp[2]) };
    const range = RANGE.exec(term);
    if (range) return { column, op: 'between', low: Number(range[1]), high: Number(range[2]) };
    throw new FilterSyntaxError(filter.column, `'${term}' is not a number, comparison (>=8) or range (1..8)`);
  });
}

function numericCondition(filter: ColumnFilter): string {
  const parts = numericFilters(filter).map(filterSql);
  return parts.length === 1 ? parts[0] : `(${parts.join(' OR ')})`;
}

/** A text filter matches values containing it, case-insensitively; `=value` matches exactly. */
function textCondition(filter: ColumnFilter): string {
  const column = filter.column;
  const text = filter.text.trim();
  if (/^empty$/i.test(text)) return filterSql({ column, op: 'is null' });
  if (text.startsWith('=')) return filterSql({ column, op: '=', value: text.slice(1) });
  return filterSql({ column, op: 'contains', text });
}

/** The filters as one boolean SQL condition; TRUE when none is set. */
export function filterCondition(filters: readonly ColumnFilter[]): string {
  const conditions = filters
    .filter((f) => f.text.trim() !== '')
    .map((f) => (f.kind === 'number' ? numericCondition(f) : textCondition(f)));
  return conditions.length ? conditions.join(' AND ') : 'TRUE';
}

export function whereClause(filters: readonly ColumnFilter[]): string {
  const condition = filterCondition(filters);
  return condition === 'TRUE' ? '' : `WHERE ${condition}`;
}

export function orderClause(sort: SortSpec | null): string {
  if (!sort) return '';
  return `ORDER BY ${quoteIdent(sort.column)} ${sort.descending ? 'DESC' : 'ASC'} NULLS LAST`;
}

export function countSql(q: TableQuery): string {
  return `SELECT count(*) AS n FROM ${quoteIdent(q.table)} ${whereClause(q.filters)}`.trim();
}

/** One page of rows in the view's order; `rowid` keeps the order stable among equal sort keys. */
export function pageSql(q: TableQuery, columns: readonly string[], offset: number, limit: number): string {
  const cols = columns.map(quoteIdent).join(', ');
  const order = q.sort ? `${orderClause(q.sort)}, rowid` : 'ORDER BY rowid';
  return `SELECT ${cols} FROM ${quoteIdent(q.table)} ${whereClause(q.filters)} ${order} LIMIT ${Math.max(0, Math.floor(limit))} OFFSET ${Math.max(0, Math.floor(offset))}`
    .replace(/\s+/g, ' ')
    .trim();
}
