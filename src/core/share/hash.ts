/**
 * Short content hash naming the data set a link was made on. FNV-1a (two 32-bit lanes with
 * different offset bases, 64 bits in all) is enough to tell data sets apart; it is not a
 * security measure, and a pure 20-line function beats pulling in a crypto dependency here.
 */
import type { Scalar } from '../schema/record.ts';

const PRIME = 0x01000193;

export function fnv1a64(text: string): string {
  let a = 0x811c9dc5;
  let b = 0xcbf29ce4;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ (c & 0xff), PRIME);
    a = Math.imul(a ^ (c >>> 8), PRIME);
    b = Math.imul(b ^ (c >>> 8), PRIME);
    b = Math.imul(b ^ (c & 0xff), PRIME);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/** Characters of the hash written into links. */
export const DATASET_HASH_LENGTH = 12;

/** Sources that are data; predictions are derived from them and change when the model retrains. */
export const HASHED_SOURCES = ['measured', 'imported', 'simulated'] as const;

/**
 * Hash of a table's canonical content: each row becomes the JSON array of its values in the given
 * column order (numbers as JS prints them, null for missing), rows are sorted by that text (code
 * unit order, so the database's collation and row order do not matter), and the joined text is hashed.
 */
export function datasetHash(rows: readonly Record<string, Scalar | undefined>[], columns: readonly string[]): string {
  const lines = rows.map((row) => JSON.stringify(columns.map((c) => canonicalValue(row[c]))));
  lines.sort();
  return fnv1a64(`${columns.join(',')}\n${lines.join('\n')}`).slice(0, DATASET_HASH_LENGTH);
}

function canonicalValue(value: Scalar | undefined): Scalar {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  return value;
}

export interface ColumnType {
  readonly name: string;
  /** DuckDB type name as DESCRIBE reports it. */
  readonly type: string;
}

const NUMERIC_TYPE = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|REAL|DOUBLE|DECIMAL.*|INT\d*)$/i;
const TIME_TYPE = /^(TIMESTAMP.*|DATE)$/i;

function canonicalSqlText(column: ColumnType): string {
  const col = `"${column.name.replace(/"/g, '""')}"`;
  // Integers print the same in every DuckDB version; doubles and timestamps may not, so they are
  // turned into integers first (millionths, rounded; epoch milliseconds). BIGINT holds millionths
  // up to 9e12; larger values keep DuckDB's own text.
  if (NUMERIC_TYPE.test(column.type)) {
    return `CASE WHEN abs(${col}::DOUBLE) < 9e12 THEN CAST(round(${col}::DOUBLE * 1000000) AS BIGINT)::VARCHAR ELSE ${col}::VARCHAR END`;
  }
  if (TIME_TYPE.test(column.type)) return `epoch_ms(${col}::TIMESTAMP)::VARCHAR`;
  return `${col}::VARCHAR`;
}

/**
 * Counts the non-null values of every column (one row, `c0`, `c1`, ...), so datasetSummarySql can
 * leave out columns that hold no data: they cost time to hash and say nothing about the numbers.
 */
export function columnCountsSql(columns: readonly ColumnType[], table = 'records'): string {
  if (columns.length === 0) return 'SELECT 1 AS none';
  return `SELECT ${columns.map((c, i) => `count("${c.name.replace(/"/g, '""')}") AS c${i}`).join(', ')} FROM "${table.replace(/"/g, '""')}"${hashedRowsWhere(columns)}`;
}

/** Only data rows are hashed: predictions derive from them and change whenever the predictor is retrained. */
function hashedRowsWhere(columns: readonly ColumnType[]): string {
  return columns.some((c) => c.name === 'source') ? ` WHERE source IN (${HASHED_SOURCES.map((s) => `'${s}'`).join(', ')})` : '';
}

/** The columns whose count in a columnCountsSql row is above zero. */
export function nonEmptyColumns(columns: readonly ColumnType[], counts: Record<string, Scalar | undefined>): ColumnType[] {
  return columns.filter((_, i) => Number(counts[`c${i}`] ?? 0) > 0);
}

/**
 * One-row canonical summary of a table's data rows for datasetHash: the row count and the sum of a
 * per-row MD5 over every column's canonical text. A sum is independent of row order and parallel
 * execution, and counts duplicates, so the page never has to fetch the rows to name the data set.
 */
export function datasetSummarySql(columns: readonly ColumnType[], table = 'records'): string {
  const sorted = [...columns].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const text = sorted.length === 0 ? "''" : `concat_ws(chr(31), ${sorted.map((c) => `coalesce(${canonicalSqlText(c)}, '\\N')`).join(', ')})`;
  return `SELECT count(*)::VARCHAR AS n, coalesce(sum(md5_number_lower(${text}))::VARCHAR, '0') AS h FROM "${table.replace(/"/g, '""')}"${hashedRowsWhere(columns)}`;
}

/** The hash of a table from its datasetSummarySql row and the column list that produced it. */
export function datasetHashFromSummary(summary: { n: Scalar | undefined; h: Scalar | undefined }, columns: readonly ColumnType[]): string {
  const names = columns.map((c) => c.name).sort().join(',');
  return datasetHash([{ columns: names, n: summary.n ?? null, h: summary.h ?? null }], ['columns', 'n', 'h']);
}
