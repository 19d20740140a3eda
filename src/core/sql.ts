/** SQL text building for DuckDB. User text only ever reaches SQL through these two functions. */

/** NUL bytes, which DuckDB rejects in identifiers and literals, are dropped. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/\u0000/g, '').replace(/"/g, '""')}"`;
}

export function quoteLiteral(value: string | number | boolean | null): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} as a SQL literal`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return `'${value.replace(/\u0000/g, '').replace(/'/g, "''")}'`;
}
