import { describeError } from '../../data/persist/storage-errors.ts';
import { useMemo, useRef, useState } from 'react';
import { ImportCancelled, parseInWorker, type ParseJob } from './import-client.ts';
import { FIELDS } from '../../core/schema/record.ts';
import { formatProblem } from '../../core/schema/validate.ts';
import type { MappingOverride } from '../../core/schema/mapping.ts';
import { PRESETS, findPreset } from '../../core/presets/index.ts';
import { baseName, recordsFromTable, type ReadRecordsResult } from '../../data/parse/read-records.ts';
import type { ParsedTable } from '../../data/parse/parse-table.ts';
import { checkImportUrl, fetchForImport, fileNameOfUrl } from '../../data/import/fetch-url.ts';
import { useDataStore } from '../stores/data.ts';
import { useLibraryStore } from '../stores/library.ts';

export interface IncomingFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

type Stage =
  | { step: 'idle' }
  | { step: 'reading'; what: string; progress?: number }
  | { step: 'review'; fileName: string; table: ParsedTable }
  | { step: 'saving' }
  | { step: 'done'; message: string }
  | { step: 'error'; message: string };

const MAX_PROBLEMS_SHOWN = 200;
const PREVIEW_ROWS = 5;

function errorText(error: unknown): string {
  return describeError(error);
}

export async function readFileInput(file: File): Promise<IncomingFile> {
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}

/**
 * Import in three steps: choose a file (picker, drop or URL), review the column mapping and
 * every problem, then import all valid rows or cancel. Nothing is stored before the last step.
 */
export function ImportPanel({ incoming, onClose }: { incoming: IncomingFile | null; onClose(): void }) {
  const [stage, setStage] = useState<Stage>({ step: 'idle' });
  const [urlText, setUrlText] = useState('');
  const [overrides, setOverrides] = useState<Record<string, MappingOverride>>({});
  const [presetId, setPresetId] = useState('');
  const [lastIncoming, setLastIncoming] = useState<IncomingFile | null>(null);

  const job = useRef<ParseJob | null>(null);
  // Bumped by Cancel, so a URL fetch that finishes afterwards is dropped.
  const generation = useRef(0);

  async function open(file: IncomingFile) {
    job.current?.cancel();
    setStage({ step: 'reading', what: file.name, progress: 0 });
    setOverrides({});
    let current: ParseJob | undefined;
    try {
      // Parsed in a worker: a million-row CSV would otherwise freeze the page for seconds.
      current = parseInWorker(file.name, file.bytes, (progress) => {
        if (job.current === current) setStage({ step: 'reading', what: file.name, progress });
      });
      job.current = current;
      const table = await current.result;
      if (job.current !== current) return;
      job.current = null;
      if (table.rows.length === 0) throw new Error(`${file.name}: has no data rows`);
      const suggested = PRESETS.find((p) => p.matches(baseName(file.name), table.columns));
      setPresetId(suggested?.id ?? '');
      setStage({ step: 'review', fileName: file.name, table });
    } catch (error) {
      // Cancelled, or replaced by a newer file: that one's stage stands.
      if (error instanceof ImportCancelled || (current && job.current !== current)) return;
      job.current = null;
      setStage({ step: 'error', message: errorText(error) });
    }
  }

  function cancelReading() {
    const current = job.current;
    job.current = null;
    current?.cancel();
    generation.current++;
    setStage({ step: 'idle' });
  }

  if (incoming && incoming !== lastIncoming) {
    setLastIncoming(incoming);
    void open(incoming);
  }

  async function openUrl() {
    try {
      const url = checkImportUrl(urlText, document.baseURI);
      setStage({ step: 'reading', what: url.href });
      const started = generation.current;
      const bytes = await fetchForImport(url);
      if (generation.current !== started) return;
      await open({ name: fileNameOfUrl(url), bytes });
    } catch (error) {
      setStage({ step: 'error', message: errorText(error) });
    }
  }

  const prepared: ReadRecordsResult | null = useMemo(() => {
    if (stage.step !== 'review') return null;
    return recordsFromTable(stage.fileName, stage.table, { overrides, preset: findPreset(presetId) });
  }, [stage, overrides, presetId]);

  async function commit(skipInvalid: boolean) {
    const library = useLibraryStore.getState().library;
    if (!prepared || !library) return;
    setStage({ step: 'saving' });
    try {
      const result = await library.commit(prepared, { skipInvalid });
      useDataStore.getState().bump();
      const skipped = result.skippedRows ? `; skipped ${result.skippedRows} invalid rows` : '';
      setStage({ step: 'done', message: `Imported ${result.added} rows from ${prepared.fileName} as source = imported, origin = ${prepared.origin}${skipped}.` });
    } catch (error) {
      setStage({ step: 'error', message: `Nothing was imported: ${errorText(error)}` });
    }
  }

  const fieldOptions = FIELDS.map((f) => f.name);

  return (
    <section className="panel" aria-label="Import">
      <h3>Import benchmark results</h3>
      <div className="toolbar">
        <label className="secondary-file">
          Choose a file (CSV, JSON, Parquet):{' '}
          <input
            type="file"
            accept=".csv,.tsv,.json,.jsonl,.ndjson,.parquet,.pq"
            aria-label="Choose a file to import"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) await open(await readFileInput(file));
            }}
          />
        </label>
        <span>or drop it anywhere on this page, or</span>
        <input aria-label="URL to import" placeholder="https://…/results.parquet" value={urlText} onChange={(e) => setUrlText(e.target.value)} size={36} />
        <button type="button" className="secondary" onClick={openUrl}>Fetch URL</button>
        <button type="button" className="secondary" onClick={onClose}>Close</button>
      </div>

      {stage.step === 'reading' && (
        <div className="import-reading">
          <p role="status">Reading {stage.what}…{stage.progress ? ` ${Math.round(stage.progress * 100)}%` : ''}</p>
          <progress aria-label="Import progress" max={1} value={stage.progress ?? 0} />{' '}
          <button type="button" className="secondary" onClick={cancelReading}>Cancel</button>
        </div>
      )}
      {stage.step === 'saving' && <p role="status">Saving…</p>}
      {stage.step === 'error' && <p role="alert" className="error">{stage.message}</p>}
      {stage.step === 'done' && <p role="status" className="import-done">{stage.message}</p>}

      {stage.step === 'review' && prepared && (
        <div className="import-review">
          <p>
            <strong>{prepared.fileName}</strong>: {prepared.table.format.toUpperCase()}, {prepared.table.rows.length.toLocaleString('en-US')} rows,{' '}
            {prepared.table.columns.length} columns.
          </p>
          <label>
            Preset:{' '}
            <select aria-label="Import preset" value={presetId} onChange={(e) => setPresetId(e.target.value)}>
              <option value="">none: map columns myself</option>
              {PRESETS.map((p) => <option key={p.id} value={p.id}>{p.title}</option>)}
            </select>
          </label>
          {prepared.preset && <p className="manifest">{prepared.preset.citation}</p>}
          {prepared.mapping && (
            <details open>
              <summary>Column mapping</summary>
              <div className="mapping-grid" role="table" aria-label="Column mapping">
                <strong>File column</strong><strong>Record field</strong><strong>How</strong>
                {prepared.mapping.map((m) => (
                  <MappingRow
                    key={m.from}
                    from={m.from}
                    to={m.to}
                    how={m.scale !== 1 ? `${m.how}, x${m.scale}` : m.how}
                    options={fieldOptions}
                    onChange={(to) => setOverrides((o) => ({ ...o, [m.from]: { to } }))}
                  />
                ))}
              </div>
            </details>
          )}
          <PreviewTable prepared={prepared} />
          <ProblemList prepared={prepared} />
          <div className="toolbar">
            {prepared.validation.problems.length === 0 ? (
              <button type="button" className="primary" onClick={() => commit(false)}>
                Import {prepared.validation.records.length.toLocaleString('en-US')} rows
              </button>
            ) : (
              <button type="button" className="primary" disabled={prepared.validation.records.length === 0} onClick={() => commit(true)}>
                Import {prepared.validation.records.length.toLocaleString('en-US')} valid rows, skip {prepared.validation.invalidRows.toLocaleString('en-US')} invalid
              </button>
            )}
            <button type="button" className="secondary" onClick={() => setStage({ step: 'idle' })}>Cancel import</button>
          </div>
        </div>
      )}
    </section>
  );
}

function MappingRow(props: { from: string; to: string | null; how: string; options: readonly string[]; onChange(to: string | null): void }) {
  const known = props.to !== null && props.options.includes(props.to);
  const value = props.to === null ? '__drop' : known ? props.to : '__extra';
  return (
    <>
      <span>{props.from}</span>
      <select
        aria-label={`Map column ${props.from}`}
        value={value}
        onChange={(e) => {
          const v = e.target.value;
          props.onChange(v === '__drop' ? null : v === '__extra' ? props.from : v);
        }}
      >
        <option value="__extra">keep as extra column{!known && props.to ? ` (${props.to})` : ''}</option>
        <option value="__drop">drop</option>
        {props.options.map((o) => <option key={o} value={o}>{o}</option>)}
      </select>
      <span className="manifest">{props.how}</span>
    </>
  );
}

function PreviewTable({ prepared }: { prepared: ReadRecordsResult }) {
  const rows = prepared.validation.records.slice(0, PREVIEW_ROWS);
  if (rows.length === 0) return <p className="warning">No row is valid with this mapping.</p>;
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return (
    <details open>
      <summary>Preview of the first {rows.length} valid records</summary>
      <div style={{ overflowX: 'auto' }}>
        <table className="preview-table" aria-label="Import preview">
          <thead><tr>{columns.map((c) => <th key={c}>{c}</th>)}</tr></thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>{columns.map((c) => <td key={c}>{r[c] === null || r[c] === undefined ? '' : String(r[c])}</td>)}</tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

function ProblemList({ prepared }: { prepared: ReadRecordsResult }) {
  const { problems, invalidRows, records } = prepared.validation;
  if (problems.length === 0) return <p className="import-ok">Every row is valid.</p>;
  return (
    <div role="alert" aria-label="Import problems">
      <p className="error">
        {invalidRows.toLocaleString('en-US')} of {(invalidRows + records.length).toLocaleString('en-US')} rows have problems ({problems.length} in all).
        They are listed below; import the valid rows and skip these, or cancel.
      </p>
      <ul className="problems">
        {problems.slice(0, MAX_PROBLEMS_SHOWN).map((p, i) => <li key={i}>{formatProblem(p)}</li>)}
        {problems.length > MAX_PROBLEMS_SHOWN && <li>… and {problems.length - MAX_PROBLEMS_SHOWN} more</li>}
      </ul>
      <p className="manifest">{prepared.rowNote}</p>
    </div>
  );
}
