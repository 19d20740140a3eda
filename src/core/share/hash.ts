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
