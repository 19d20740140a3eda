/** Filters as SQL over the `records` table, with every literal quoted. */
import type { Filters } from './state.ts';
import { quoteIdent, quoteLiteral } from '../sql.ts';

/** The records column each filter applies to. */
export const FILTER_COLUMNS: Readonly<Record<keyof Filters, string>> = {
  model: 'model',
  hardware: 'hardware',
  precision: 'precision',
  source: 'source',
  platform: 'platform',
  batch: 'batch_size',
};

/**
 * The filters as one SQL boolean condition over `records` (`"model" IN ('a', 'b') AND ...`), or
 * 'TRUE' when no filter is set, ready for `WHERE ${filtersToSql(f)}` or for combining with other
 * conditions. Batch values are written as integers; anything that is not a safe integer is left out.
 */
export function filtersToSql(filters: Filters): string {
  const clauses: string[] = [];
  for (const key of Object.keys(FILTER_COLUMNS) as (keyof Filters)[]) {
    const values = filters[key];
    if (!Array.isArray(values) || values.length === 0) continue;
    const literals = key === 'batch'
      ? (values as unknown[]).filter((n): n is number => Number.isSafeInteger(n)).map((n) => String(n))
      : (values as unknown[]).map((v) => quoteLiteral(String(v)));
    if (literals.length === 0) continue;
    clauses.push(`${quoteIdent(FILTER_COLUMNS[key])} IN (${literals.join(', ')})`);
  }
  return clauses.length === 0 ? 'TRUE' : clauses.join(' AND ');
}

/** `WHERE <filters>`, or '' when no filter is set. */
export function filtersToWhere(filters: Filters): string {
  const condition = filtersToSql(filters);
  return condition === 'TRUE' ? '' : `WHERE ${condition}`;
}
