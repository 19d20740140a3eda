import { useEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ColumnInfo, Connector } from '../../data/connector.ts';
import type { Scalar } from '../../core/schema/record.ts';
import { FIELD_BY_NAME } from '../../core/schema/record.ts';
import type { ColumnFilter, SortSpec } from '../../core/table/table-query.ts';
import { ProvenanceBadge } from '../components/ProvenanceBadge.tsx';
import { useTableWindow } from './useTableWindow.ts';

const ROW_HEIGHT = 28;
const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|REAL|DECIMAL)/i;

export function isNumericType(type: string): boolean {
  return NUMERIC.test(type);
}

function formatCell(value: Scalar | undefined, numeric: boolean): string {
  if (value === null || value === undefined) return '';
  if (numeric && typeof value === 'number') {
    if (Number.isInteger(value)) return String(value);
    const abs = Math.abs(value);
    return abs !== 0 && (abs < 0.01 || abs >= 1e6) ? value.toExponential(3) : value.toFixed(abs < 10 ? 3 : 1);
  }
  return String(value);
}

function headerLabel(name: string): string {
  const unit = FIELD_BY_NAME.get(name)?.unit;
  return unit ? `${name} (${unit})` : name;
}

interface Props {
  connector: Connector | null;
  table: string;
  columns: readonly ColumnInfo[];
  revision: number;
  filters: readonly ColumnFilter[];
  sort: SortSpec | null;
  onFilterChange(column: string, text: string): void;
  onSortChange(sort: SortSpec | null): void;
}

/** A virtualized table over a DuckDB table: only the rows in view are fetched and rendered. */
export function DataTable({ connector, table, columns, revision, filters, sort, onFilterChange, onSortChange }: Props) {
  const names = useMemo(() => columns.map((c) => c.name), [columns]);
  const fetchNames = useMemo(() => (names.includes('origin') ? names : [...names, 'origin']), [names]);
  const query = useMemo(() => ({ table, filters, sort }), [table, filters, sort]);
  const rows = useTableWindow(connector, query, fetchNames, revision);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.total ?? 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (rows.total) rows.request(first, last);
  }, [first, last, rows]);

  const widths = columns.map((c) => (c.name === 'source' ? 96 : isNumericType(c.type) ? 116 : 150));
  const template = widths.map((w) => `${w}px`).join(' ');
  const totalWidth = widths.reduce((a, b) => a + b, 0);

  return (
    <div className="data-table" role="table" aria-label="Benchmark records" aria-rowcount={rows.total ?? undefined}>
      <div ref={scrollRef} className="data-table-scroll">
        <div style={{ width: totalWidth }}>
          <div className="data-table-head" role="rowgroup">
            <div className="data-table-row header" role="row" style={{ gridTemplateColumns: template }}>
              {columns.map((c) => {
                const active = sort?.column === c.name;
                return (
                  <div key={c.name} role="columnheader" aria-sort={active ? (sort!.descending ? 'descending' : 'ascending') : 'none'}>
                    <button
                      type="button"
                      className="sort-button"
                      title={`${FIELD_BY_NAME.get(c.name)?.description ?? c.name}. Click to sort.`}
                      onClick={() => onSortChange(active ? (sort!.descending ? null : { column: c.name, descending: true }) : { column: c.name, descending: false })}
                    >
                      {headerLabel(c.name)} {active ? (sort!.descending ? '▼' : '▲') : ''}
                    </button>
                  </div>
                );
              })}
            </div>
            <div className="data-table-row filters" role="row" style={{ gridTemplateColumns: template }}>
              {columns.map((c) => (
                <div key={c.name} role="cell">
                  <input
                    aria-label={`Filter ${c.name}`}
                    placeholder={isNumericType(c.type) ? '>=8, 1..4' : 'contains'}
                    value={filters.find((f) => f.column === c.name)?.text ?? ''}
                    onChange={(e) => onFilterChange(c.name, e.target.value)}
                  />
                </div>
              ))}
            </div>
          </div>
          <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const row = rows.row(item.index);
              return (
                <div
                  key={item.key}
                  role="row"
                  aria-rowindex={item.index + 1}
                  className={`data-table-row ${item.index % 2 ? 'odd' : ''}`}
                  style={{ gridTemplateColumns: template, position: 'absolute', top: 0, transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                >
                  {columns.map((c) => (
                    <div key={c.name} role="cell" className={isNumericType(c.type) ? 'num' : undefined}>
                      {!row ? (c === columns[0] ? '…' : '') : c.name === 'source' ? (
                        <ProvenanceBadge source={row.source} origin={row.origin} />
                      ) : (
                        formatCell(row[c.name], isNumericType(c.type))
                      )}
                    </div>
                  ))}
                </div>
              );
            })}
          </div>
        </div>
      </div>
      <p className="data-table-status" role="status">
        {rows.error ? <span className="error">{rows.error}</span> : rows.total === null ? 'Counting rows…' : `${rows.total.toLocaleString('en-US')} rows match`}
      </p>
    </div>
  );
}
