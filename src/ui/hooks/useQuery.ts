import { useEffect, useState } from 'react';
import type { QueryResult } from '../../data/connector.ts';
import { useDataStore } from '../stores/data.ts';

export type QueryState =
  | { status: 'loading'; result?: QueryResult }
  | { status: 'done'; result: QueryResult }
  | { status: 'error'; error: string; result?: QueryResult };

/** Runs `sql` against the page's DuckDB; re-runs when the SQL or the stored data changes. */
export function useQuery(sql: string | null): QueryState {
  const connector = useDataStore((s) => s.connector);
  const revision = useDataStore((s) => s.revision);
  const [state, setState] = useState<QueryState>({ status: 'loading' });
  useEffect(() => {
    if (!connector || !sql) return;
    let cancelled = false;
    setState((prev) => ({ status: 'loading', result: prev.result }));
    connector.query(sql).then(
      (result) => { if (!cancelled) setState({ status: 'done', result }); },
      (error: unknown) => {
        if (!cancelled) setState({ status: 'error', error: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => { cancelled = true; };
  }, [connector, sql, revision]);
  return state;
}
