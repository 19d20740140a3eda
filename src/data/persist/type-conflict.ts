/**
 * A column must mean one type across every stored import: two tabs that each import a new
 * column `x`, a number in one and text in the other, would both succeed in their own DuckDB,
 * and the next start could not restore the second batch into the first's DOUBLE column. The
 * batch store (IndexedDB) is shared by the tabs, so the tab that imports compares its columns
 * with every stored batch's before storing anything.
 */
import type { ColumnInfo } from '../connector.ts';
import { valueKind } from '../sql-values.ts';
import type { BatchSummary } from './store.ts';

type Kind = 'number' | 'text' | 'boolean' | 'timestamp';

function kindOf(type: string): Kind | undefined {
  try {
    const k = valueKind(type);
    return k === 'integer' || k === 'float' ? 'number' : k === 'string' ? 'text' : k;
  } catch {
    return undefined;
  }
}

const KIND_WORDS: Readonly<Record<Kind, string>> = { number: 'numbers', text: 'text', boolean: 'true/false values', timestamp: 'date-times' };

export interface TypeConflict {
  readonly column: string;
  readonly here: string;
  readonly there: string;
  readonly batch: BatchSummary;
}

/** Columns of `columns` whose kind differs from the same column (DuckDB names ignore case) in a stored batch. */
export function findTypeConflicts(columns: readonly ColumnInfo[], stored: readonly BatchSummary[]): TypeConflict[] {
  const conflicts: TypeConflict[] = [];
  for (const column of columns) {
    const here = kindOf(column.type);
    if (!here) continue;
    for (const batch of stored) {
      const other = batch.columns?.find((c) => c.name.toLowerCase() === column.name.toLowerCase());
      const there = other ? kindOf(other.type) : undefined;
      if (there && there !== here) {
        conflicts.push({ column: column.name, here: KIND_WORDS[here], there: KIND_WORDS[there], batch });
        break;
      }
    }
  }
  return conflicts;
}

export function describeTypeConflict(file: string, conflicts: readonly TypeConflict[]): string {
  const [first] = conflicts;
  const from = first.batch.meta?.file ? `${first.batch.meta.file} (imported ${first.batch.createdAt})` : `the import of ${first.batch.createdAt}`;
  const more = conflicts.length > 1 ? ` (and ${conflicts.length - 1} more column${conflicts.length > 2 ? 's' : ''}: ${conflicts.slice(1).map((c) => c.column).join(', ')})` : '';
  return `${file}: column '${first.column}' holds ${first.here} here, but ${first.there} in the stored ${from}, perhaps from another tab${more}. ` +
    'Nothing was imported: rename or drop the column in the mapping, or remove that import first.';
}
