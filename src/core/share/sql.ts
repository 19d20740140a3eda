/** Filters as an SQL WHERE clause over the `records` table, with every literal quoted. */
import type { Filters } from './state.ts';

/** A single-quoted SQL string literal; NUL bytes, which DuckDB rejects in literals, are dropped. */
export function sqlString(value: string): string {
  return `'${value.replace(/\u0000/g, '').replace(/'/g, "''")}'`;
}

/** A double-quoted SQL identifier. */
export function sqlIdentifier(name: string): string {
  return `"${name.replace(/\u0000/g, '').replace(/"/g, '""')}"`;
}

const COLUMN: Record<keyof Filters, string> = {
  model: 'model',
  hardware: 'hardware',
  precision: 'precision',
  source: 'source',
  platform: 'platform',
  batch: 'batch_size',
};

/**
 * `WHERE a IN (...) AND b IN (...)`, or '' when no filter is set. Batch values are written as
 * integers; anything that is not a finite integer is left out rather than written.
 */
export function filtersToSql(filters: Filters, options: { prefix?: boolean } = {}): string {
  const clauses: string[] = [];
  for (const key of Object.keys(COLUMN) as (keyof Filters)[]) {
    const values = filters[key];
    if (!values || values.length === 0) continue;
    const literals = key === 'batch'
      ? (values as number[]).filter((n) => Number.isSafeInteger(n)).map((n) => String(n))
      : (values as string[]).map((v) => sqlString(String(v)));
    if (literals.length === 0) continue;
    clauses.push(`${sqlIdentifier(COLUMN[key])} IN (${literals.join(', ')})`);
  }
  if (clauses.length === 0) return '';
  const body = clauses.join(' AND ');
  return options.prefix === false ? body : `WHERE ${body}`;
}
