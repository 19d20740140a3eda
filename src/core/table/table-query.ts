import { quoteIdent, quoteLiteral } from '../sql.ts';

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
function numericCondition(filter: ColumnFilter): string {
  const col = quoteIdent(filter.column);
  const terms = filter.text.split(',').map((t) => t.trim()).filter(Boolean);
  const parts = terms.map((term) => {
    if (/^empty$/i.test(term)) return `${col} IS NULL`;
    if (PLAIN.test(term)) return `${col} = ${quoteLiteral(Number(term))}`;
    const cmp = COMPARISON.exec(term);
    if (cmp) return `${col} ${cmp[1]} ${quoteLiteral(Number(cmp[2]))}`;
    const range = RANGE.exec(term);
    if (range) return `${col} BETWEEN ${quoteLiteral(Number(range[1]))} AND ${quoteLiteral(Number(range[2]))}`;
    throw new FilterSyntaxError(filter.column, `'${term}' is not a number, comparison (>=8) or range (1..8)`);
  });
  return parts.length === 1 ? parts[0] : `(${parts.join(' OR ')})`;
}

/** A text filter matches values containing it, case-insensitively; `=value` matches exactly. */
function textCondition(filter: ColumnFilter): string {
  const col = quoteIdent(filter.column);
  const text = filter.text.trim();
  if (/^empty$/i.test(text)) return `${col} IS NULL`;
  if (text.startsWith('=')) return `${col} = ${quoteLiteral(text.slice(1))}`;
  const escaped = text.replace(/[\\%_]/g, (c) => `\\${c}`);
  return `CAST(${col} AS VARCHAR) ILIKE ${quoteLiteral(`%${escaped}%`)} ESCAPE '\\'`;
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
