import { useMemo, useState } from 'react';
import { quoteIdent, quoteLiteral } from '../../core/sql.ts';
import { ENUMS, FILTER_KEYS, type FilterKey, type Filters } from '../../core/share/state.ts';
import { FILTER_COLUMNS } from '../../core/share/sql.ts';
import { useQuery } from '../hooks/useQuery.ts';
import { useViewStore } from '../stores/view.ts';
import './FiltersBar.css';

const LABELS: Record<FilterKey, string> = {
  model: 'Model',
  hardware: 'Hardware',
  precision: 'Precision',
  source: 'Source',
  platform: 'Platform',
  batch: 'Batch',
};

/** Options listed at once in a menu; the search box narrows longer lists. */
const SHOWN = 150;

/** Distinct values of every filter column with row counts, in one query. */
export function filterValuesSql(table = 'records'): string {
  return FILTER_KEYS.map((key) => {
    const col = quoteIdent(FILTER_COLUMNS[key]);
    return `SELECT ${quoteLiteral(key)} AS field, ${col}::VARCHAR AS value, count(*)::INTEGER AS n FROM ${quoteIdent(table)} WHERE ${col} IS NOT NULL GROUP BY ${col}`;
  }).join(' UNION ALL ') + ' ORDER BY field, n DESC, value';
}

interface Option {
  value: string | number;
  n: number;
}

function allowedValue(key: FilterKey, raw: string): string | number | null {
  if (key === 'batch') {
    const n = Number(raw);
    return Number.isSafeInteger(n) && n > 0 ? n : null;
  }
  if (key === 'precision' || key === 'source' || key === 'platform') {
    return (ENUMS[key] as readonly string[]).includes(raw) ? raw : null;
  }
  return raw;
}

function FilterMenu({ field, options: inData, selected, loading }: { field: FilterKey; options: Option[]; selected: readonly (string | number)[]; loading: boolean }) {
  const toggle = useViewStore((s) => s.toggleFilterValue);
  const [search, setSearch] = useState('');
  const needle = search.trim().toLowerCase();
  // Values chosen (e.g. by a shared link) but absent from the data stay listed, so they can be unticked here too.
  const missing = selected.filter((v) => !inData.some((o) => o.value === v)).map((value) => ({ value, n: 0 }));
  const options = [...missing, ...inData];
  const matching = needle === '' ? options : options.filter((o) => String(o.value).toLowerCase().includes(needle));
  const shown = matching.slice(0, SHOWN);
  return (
    <details data-filter={field}>
      <summary>
        {LABELS[field]}
        {selected.length > 0 && <span className="count">{selected.length}</span>}
      </summary>
      <div className="filters-menu" role="group" aria-label={`${LABELS[field]} filter`}>
        {options.length > 10 && (
          <input type="search" placeholder={`Search ${options.length} values`} value={search}
            onChange={(e) => setSearch(e.target.value)} aria-label={`Search ${LABELS[field]}`} />
        )}
        {loading && <p className="more">Reading values…</p>}
        {!loading && inData.length === 0 && <p className="more">No values in the data.</p>}
        {shown.map((o) => (
          <label key={String(o.value)} title={String(o.value)}>
            <input type="checkbox" checked={selected.includes(o.value)}
              onChange={() => toggle(field, o.value)} />
            {String(o.value)}
            <span className="n">{o.n > 0 ? o.n : loading ? '' : 'not in data'}</span>
          </label>
        ))}
        {matching.length > shown.length && <p className="more">{matching.length - shown.length} more; type to narrow.</p>}
      </div>
    </details>
  );
}

/**
 * The shared filter bar: one multi-select per record column, chips for what is selected, and a
 * clear button. Bound to the view store, so every view and the URL see the same filters.
 */
export function FiltersBar() {
  const filters = useViewStore((s) => s.f);
  const toggle = useViewStore((s) => s.toggleFilterValue);
  const clear = useViewStore((s) => s.clearFilters);
  const query = useQuery(filterValuesSql());

  const options = useMemo(() => {
    const byField = new Map<FilterKey, Option[]>(FILTER_KEYS.map((k) => [k, []]));
    for (const row of query.result?.rows ?? []) {
      const field = FILTER_KEYS.find((k) => k === row.field);
      if (!field || row.value === null) continue;
      const value = allowedValue(field, String(row.value));
      if (value !== null) byField.get(field)!.push({ value, n: Number(row.n) });
    }
    byField.get('batch')!.sort((a, b) => Number(a.value) - Number(b.value));
    return byField;
  }, [query.result]);

  const chips = FILTER_KEYS.flatMap((key) => (filters[key] as (string | number)[]).map((value) => ({ key, value })));
  const known = (key: FilterKey, value: string | number) => options.get(key)!.some((o) => o.value === value);

  return (
    <div className="filters-bar" role="search" aria-label="Filters">
      {FILTER_KEYS.map((key) => (
        <FilterMenu key={key} field={key} options={options.get(key)!} selected={filters[key] as (string | number)[]}
          loading={query.status === 'loading'} />
      ))}
      {query.status === 'error' && <span className="warning">Filter values unavailable: {query.error}</span>}
      <ul className="filter-chips" aria-label="Active filters">
        {chips.map(({ key, value }) => {
          const missing = query.status === 'done' && !known(key, value);
          return (
            <li key={`${key}:${value}`} className="filter-chip" data-filter-chip={key}
              title={missing ? `${LABELS[key]} ${value} is not in the loaded data` : `${LABELS[key]}: ${value}`}>
              <span>{LABELS[key]}: {String(value)}{missing ? ' (not in data)' : ''}</span>
              <button type="button" aria-label={`Remove ${LABELS[key]} ${value}`} onClick={() => toggle(key, value)}>×</button>
            </li>
          );
        })}
      </ul>
      {chips.length > 0 && <button type="button" className="secondary" onClick={clear}>Clear filters</button>}
    </div>
  );
}

export type { Filters };
export default FiltersBar;
