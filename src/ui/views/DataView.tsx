import { useCallback, useEffect, useMemo, useState, type DragEvent } from 'react';
import type { ColumnInfo } from '../../data/connector.ts';
import { filterCondition, type ColumnFilter, type SortSpec } from '../../core/table/table-query.ts';
import { IMPORT_ID } from '../../data/store/index.ts';
import { quoteIdent } from '../../core/sql.ts';
import { useDataStore } from '../stores/data.ts';
import { useLibraryStore } from '../stores/library.ts';
import { useQuery } from '../hooks/useQuery.ts';
import { DataTable, isNumericType } from '../data/DataTable.tsx';
import { ImportPanel, readFileInput, type IncomingFile } from '../data/ImportPanel.tsx';
import { downloadBlob } from '../export/export.ts';
import { ProvenanceBadge } from '../components/ProvenanceBadge.tsx';

const FIRST_COLUMNS = [
  'source', 'model', 'hardware', 'platform', 'execution_provider', 'precision', 'batch_size', 'seq_len', 'threads',
  'latency_ms', 'latency_p90_ms', 'throughput_items_s', 'memory_mb', 'power_w', 'origin', 'measured_at',
];
const HIDDEN = new Set([IMPORT_ID]);

function orderColumns(columns: readonly ColumnInfo[], all: boolean, nonEmpty: ReadonlySet<string>): ColumnInfo[] {
  const byName = new Map(columns.map((c) => [c.name, c]));
  const first = FIRST_COLUMNS.map((n) => byName.get(n)).filter((c): c is ColumnInfo => !!c && (c.name === 'source' || nonEmpty.has(c.name)));
  if (!all) return first;
  const rest = columns.filter((c) => !FIRST_COLUMNS.includes(c.name) && !HIDDEN.has(c.name) && nonEmpty.has(c.name));
  return [...first, ...rest];
}

export default function DataView() {
  const status = useDataStore((s) => s.status);
  const connector = useDataStore((s) => s.connector);
  const revision = useDataStore((s) => s.revision);
  const library = useLibraryStore((s) => s.library);
  const defaultDataset = useLibraryStore((s) => s.defaultDataset);
  const persistence = useLibraryStore((s) => s.persistence);
  const restore = useLibraryStore((s) => s.restore);
  const [columns, setColumns] = useState<ColumnInfo[]>([]);
  const [nonEmpty, setNonEmpty] = useState<Set<string>>(new Set());
  const [filters, setFilters] = useState<ColumnFilter[]>([]);
  const [sort, setSort] = useState<SortSpec | null>(null);
  const [allColumns, setAllColumns] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  const [incoming, setIncoming] = useState<IncomingFile | null>(null);
  const [dragging, setDragging] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);

  const counts = useQuery(status.state === 'ready' ? 'SELECT source, origin, count(*) AS n FROM records GROUP BY ALL ORDER BY source, n DESC' : null);
  const total = counts.status === 'done' ? counts.result.rows.reduce((a, r) => a + Number(r.n), 0) : null;

  useEffect(() => {
    if (!library) return;
    let cancelled = false;
    (async () => {
      const cols = await library.records.tableColumns();
      const countExprs = cols.map((c, i) => `count(${quoteIdent(c.name)}) AS c${i}`).join(', ');
      const r = await library.records.db.query(`SELECT ${countExprs} FROM records`);
      if (cancelled) return;
      const row = r.rows[0] ?? {};
      setNonEmpty(new Set(cols.filter((_, i) => Number(row[`c${i}`]) > 0).map((c) => c.name)));
      setColumns(cols);
    })();
    return () => { cancelled = true; };
  }, [library, revision]);

  const shown = useMemo(() => orderColumns(columns, allColumns, nonEmpty), [columns, allColumns, nonEmpty]);
  const kinds = useMemo(() => new Map(columns.map((c) => [c.name, isNumericType(c.type) ? 'number' as const : 'string' as const])), [columns]);

  const onFilterChange = useCallback((column: string, text: string) => {
    setFilters((fs) => [...fs.filter((f) => f.column !== column), { column, kind: kinds.get(column) ?? 'string', text }]);
  }, [kinds]);

  async function exportSelection(format: 'csv' | 'parquet') {
    if (!library) return;
    setExportError(null);
    try {
      const bytes = await library.records.exportSelection(format, filterCondition(filters));
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      downloadBlob(new Blob([bytes as BlobPart], { type: format === 'csv' ? 'text/csv' : 'application/vnd.apache.parquet' }), `perfcast-export-${stamp}.${format}`);
    } catch (error) {
      setExportError(error instanceof Error ? error.message : String(error));
    }
  }

  function onDrop(e: DragEvent) {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (!file) return;
    setImportOpen(true);
    void readFileInput(file).then(setIncoming);
  }

  const dropHandlers = {
    onDragOver: (e: DragEvent) => { e.preventDefault(); setDragging(true); },
    onDragLeave: () => setDragging(false),
    onDrop,
  };

  if (status.state === 'starting') return <p role="status">Starting DuckDB…</p>;
  if (status.state === 'error') return <p role="alert" className="error">The data engine failed to start: {status.message}</p>;

  return (
    <section aria-label="Data" {...dropHandlers} className={dragging ? 'dropzone dragging' : 'dropzone'}>
      <div className="toolbar">
        <h2 style={{ margin: 0 }}>Data</h2>
        <button type="button" className="primary" onClick={() => setImportOpen(true)}>Import…</button>
        <button type="button" className="secondary" disabled={!total} onClick={() => exportSelection('csv')}>Export CSV</button>
        <button type="button" className="secondary" disabled={!total} onClick={() => exportSelection('parquet')}>Export Parquet</button>
        <label><input type="checkbox" checked={allColumns} onChange={(e) => setAllColumns(e.target.checked)} /> all columns</label>
      </div>
      {exportError && <p role="alert" className="error">Export failed: {exportError}</p>}
      {typeof persistence === 'object' && <p className="warning">{persistence.memoryOnly}</p>}
      {restore && restore.failed.length > 0 && (
        <p role="alert" className="error">
          {restore.failed.length} stored import(s) could not be restored and are kept untouched: {restore.failed.map((f) => `${f.importId}: ${f.error}`).join('; ')}
        </p>
      )}
      {importOpen && <ImportPanel incoming={incoming} onClose={() => { setImportOpen(false); setIncoming(null); }} />}
      {total === 0 && !importOpen ? (
        <div className={`empty-state${dragging ? ' dragging' : ''}`}>
          <h3>No benchmark results yet</h3>
          <p>{defaultDataset && 'missing' in defaultDataset ? `The default data set is not loaded: ${defaultDataset.missing}.` : ''}</p>
          <p>Import your own results: drop a CSV, JSON or Parquet file here, or</p>
          <button type="button" className="primary" onClick={() => setImportOpen(true)}>Import a file</button>
        </div>
      ) : (
        <>
          <SourceCounts rows={counts.status === 'done' ? counts.result.rows : []} />
          <DefaultDatasetNote />
          <DataTable
            connector={connector}
            table="records"
            columns={shown}
            revision={revision}
            filters={filters}
            sort={sort}
            onFilterChange={onFilterChange}
            onSortChange={setSort}
          />
          <ImportList />
        </>
      )}
    </section>
  );
}

function SourceCounts({ rows }: { rows: readonly Record<string, unknown>[] }) {
  const bySource = new Map<string, number>();
  for (const r of rows) bySource.set(String(r.source), (bySource.get(String(r.source)) ?? 0) + Number(r.n));
  return (
    <div className="counts" aria-label="Row counts">
      <ul aria-label="Rows by source">
        {[...bySource].map(([source, n]) => (
          <li key={source}><ProvenanceBadge source={source} /> {n.toLocaleString('en-US')} rows</li>
        ))}
      </ul>
      <details>
        <summary>by origin</summary>
        <ul aria-label="Rows by origin">
          {rows.map((r) => (
            <li key={`${String(r.source)}|${String(r.origin)}`}>
              <ProvenanceBadge source={r.source as string} origin={r.origin as string} /> {String(r.origin)}: {Number(r.n).toLocaleString('en-US')}
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}

function DefaultDatasetNote() {
  const defaultDataset = useLibraryStore((s) => s.defaultDataset);
  if (!defaultDataset || 'missing' in defaultDataset) return null;
  const m = defaultDataset.manifest;
  const text = (key: string) => (m && typeof m[key] === 'string' ? (m[key] as string) : undefined);
  return (
    <details className="manifest">
      <summary>
        Default data set: {defaultDataset.rows.toLocaleString('en-US')} rows measured by Perfcast{text('measured_at') || text('date') ? ` on ${text('measured_at') ?? text('date')}` : ''}
      </summary>
      <pre style={{ whiteSpace: 'pre-wrap' }}>{m ? JSON.stringify(m, null, 2) : 'No manifest shipped.'}</pre>
    </details>
  );
}

function ImportList() {
  const library = useLibraryStore((s) => s.library);
  const revision = useDataStore((s) => s.revision);
  const [imports, setImports] = useState<{ importId: string; origin: string; createdAt: string; rowCount: number }[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (library) void library.listImports().then(setImports);
  }, [library, revision]);
  if (!library || imports.length === 0) return null;
  return (
    <details className="panel">
      <summary>Your imports ({imports.length}), kept in this browser</summary>
      {error && <p role="alert" className="error">{error}</p>}
      <ul>
        {imports.map((b) => (
          <li key={b.importId}>
            {b.origin}: {b.rowCount} rows, {new Date(b.createdAt).toLocaleString()}{' '}
            <button
              type="button"
              className="secondary"
              onClick={async () => {
                try {
                  await library.removeImport(b.importId);
                  useDataStore.getState().bump();
                } catch (e) {
                  setError(e instanceof Error ? e.message : String(e));
                }
              }}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}
