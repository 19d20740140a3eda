import { useMemo } from 'react';
import { filtersToSql } from '../../core/share/sql.ts';
import { distinctValuesSql } from '../../core/query/views.ts';
import type { QueryResult, Row } from '../../data/connector.ts';
import { useQuery, type QueryState } from '../hooks/useQuery.ts';
import { useViewStore } from '../stores/view.ts';
import { useAnalysisSource } from './cube.ts';

/** The shared filters as one SQL condition (every view reads the same filters). */
export function useSharedWhere(): string {
  const filters = useViewStore((s) => s.f);
  return useMemo(() => filtersToSql(filters), [filters]);
}

/**
 * A view's query: built against the per-configuration cube once it exists for the current data
 * (or the raw rows if it could not be built); null until then.
 */
export function useViewQuery(build: (cube: boolean) => string | null): QueryState {
  const source = useAnalysisSource();
  const sql = source.ready ? build(source.cube) : null;
  return useQuery(sql ? `${sql}\n/* ${source.tag} */` : null);
}

/** Distinct values of a column under the shared filters, most frequent first. */
export function useDistinct(column: string, where: string): { values: string[]; state: QueryState } {
  const state = useViewQuery((cube) => distinctValuesSql(column, { where, cube }));
  const values = useMemo(() => (state.result?.rows ?? []).map((r) => String(r.value)), [state.result]);
  return { values, state };
}

/** The chosen value if it is still available, else the first (most frequent) one. */
export function pickAvailable(chosen: string | null | undefined, available: readonly string[]): string | null {
  if (chosen && available.includes(chosen)) return chosen;
  return available[0] ?? null;
}

export function rowsOf(result: QueryResult | undefined): readonly Row[] {
  return result?.rows ?? [];
}

export function num(v: unknown): number {
  return typeof v === 'number' ? v : v === null || v === undefined ? NaN : Number(v);
}

export function str(v: unknown): string {
  return v === null || v === undefined ? '' : String(v);
}

/** A result row with its source as a plain string (for label helpers keyed on source). */
export function withSource(r: Row): Row & { source: string } {
  return { ...r, source: str(r.source) } as Row & { source: string };
}
