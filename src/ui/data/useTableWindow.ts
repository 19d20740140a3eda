import { useCallback, useEffect, useRef, useState } from 'react';
import type { Connector, Row } from '../../data/connector.ts';
import { countSql, pageSql, type TableQuery } from '../../core/table/table-query.ts';

const PAGE_SIZE = 200;

export interface TableWindow {
  total: number | null;
  error: string | null;
  /** The row at `index` if its page has arrived. */
  row(index: number): Row | undefined;
  /** Ask for the pages covering [start, end]. */
  request(start: number, end: number): void;
}

/**
 * Rows of a large table fetched page by page as they scroll into view, so 100k or 1M rows
 * never cross from DuckDB to the page at once.
 */
export function useTableWindow(
  connector: Connector | null,
  query: TableQuery,
  columns: readonly string[],
  revision: number,
): TableWindow {
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [, setArrivals] = useState(0);
  const pages = useRef(new Map<number, Row[]>());
  const pending = useRef(new Set<number>());
  const generation = useRef(0);
  const key = JSON.stringify([query, columns, revision]);

  useEffect(() => {
    generation.current += 1;
    pages.current = new Map();
    pending.current = new Set();
    setTotal(null);
    setError(null);
    if (!connector) return;
    const mine = generation.current;
    let sql: string;
    try {
      sql = countSql(query);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      return;
    }
    connector.query(sql).then(
      (r) => { if (mine === generation.current) setTotal(Number(r.rows[0]?.n ?? 0)); },
      (e: unknown) => { if (mine === generation.current) setError(e instanceof Error ? e.message : String(e)); },
    );
    // key captures query, columns and revision.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [connector, key]);

  const request = useCallback(
    (start: number, end: number) => {
      if (!connector || columns.length === 0) return;
      const mine = generation.current;
      for (let page = Math.floor(start / PAGE_SIZE); page <= Math.floor(end / PAGE_SIZE); page += 1) {
        if (pages.current.has(page) || pending.current.has(page)) continue;
        pending.current.add(page);
        connector.query(pageSql(query, columns, page * PAGE_SIZE, PAGE_SIZE)).then(
          (r) => {
            if (mine !== generation.current) return;
            pages.current.set(page, r.rows as Row[]);
            pending.current.delete(page);
            setArrivals((n) => n + 1);
          },
          (e: unknown) => {
            if (mine !== generation.current) return;
            pending.current.delete(page);
            setError(e instanceof Error ? e.message : String(e));
          },
        );
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [connector, key],
  );

  const row = useCallback((index: number) => pages.current.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE], []);

  return { total, error, row, request };
}
