/**
 * Filters as data, turned into SQL conditions. Column names go through quoteIdent and values
 * through quoteLiteral, so text a user typed never reaches SQL as SQL.
 */
import { quoteIdent, quoteLiteral } from './sql.ts';

export type Comparison = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Filter =
  | { readonly column: string; readonly op: Comparison; readonly value: string | number }
  | { readonly column: string; readonly op: 'in' | 'not in'; readonly values: readonly (string | number)[] }
  | { readonly column: string; readonly op: 'is null' | 'is not null' }
  | { readonly column: string; readonly op: 'between'; readonly low: number; readonly high: number }
  /** Case-insensitive substring match; % and _ in the text match themselves. */
  | { readonly column: string; readonly op: 'contains'; readonly text: string };

const COMPARISONS = new Set<string>(['=', '!=', '<', '<=', '>', '>=']);

export function filterSql(filter: Filter): string {
  const col = quoteIdent(filter.column);
  switch (filter.op) {
    case 'in':
    case 'not in': {
      if (filter.values.length === 0) return filter.op === 'in' ? 'FALSE' : 'TRUE';
      const list = filter.values.map((v) => quoteLiteral(v)).join(', ');
      return `${col} ${filter.op === 'in' ? 'IN' : 'NOT IN'} (${list})`;
    }
    case 'is null':
      return `${col} IS NULL`;
    case 'is not null':
      return `${col} IS NOT NULL`;
    case 'between':
      return `${col} BETWEEN ${quoteLiteral(filter.low)} AND ${quoteLiteral(filter.high)}`;
    case 'contains': {
      const escaped = filter.text.replace(/[\\%_]/g, (c) => `\\${c}`);
      return `CAST(${col} AS VARCHAR) ILIKE ${quoteLiteral(`%${escaped}%`)} ESCAPE '\\'`;
    }
    default: {
      const op: string = filter.op;
      if (!COMPARISONS.has(op)) throw new Error(`unknown filter operator ${JSON.stringify(op)}`);
      return `${col} ${op} ${quoteLiteral(filter.value)}`;
    }
  }
}

/** All filters joined with AND (or OR); 'TRUE' when there are none. */
export function whereSql(filters: readonly Filter[], join: 'AND' | 'OR' = 'AND'): string {
  if (filters.length === 0) return 'TRUE';
  return filters.map((f) => `(${filterSql(f)})`).join(` ${join} `);
}
