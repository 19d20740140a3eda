import { useMemo, useState } from 'react';
import { HARDWARE } from '../../core/catalog/hardware.ts';
import { MODEL_SPECS } from '../../core/catalog/models/index.ts';
import { PRECISIONS, FIELD_BY_NAME, type Precision } from '../../core/schema/record.ts';
import { parseIntegerList, type CustomHardware, type CustomModel } from '../../core/predict/query-grid.ts';
import { predictionTable } from '../../core/predict/output.ts';
import type { Row } from '../../core/features/columns.ts';
import { quoteIdent, quoteLiteral } from '../../core/sql.ts';
import { toCsv } from '../../data/export/csv.ts';
import { parseTable } from '../../data/parse/parse-table.ts';
import type { PredictResult } from '../../workers/predict-protocol.ts';
import { useDataStore } from '../stores/data.ts';
import { useQuery } from '../hooks/useQuery.ts';
import { predictInWorker } from '../predict/predict-client.ts';
import { PredictionMatrix, type MatrixCell } from '../predict/PredictionMatrix.tsx';
import { PredictionDetail } from '../predict/PredictionDetail.tsx';
import { downloadText } from '../export/export.ts';
import { pageFileQuery, pageGridQuery, pageTrainingRows } from '../../services/page-rows.ts';
import { describeRunSettings } from '../../services/run-settings.ts';
import { useViewStore } from '../stores/view.ts';

const TARGETS = ['latency_ms', 'throughput_items_s', 'memory_mb', 'power_w', 'energy_j'] as const;
const CUSTOM = '__custom';

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export default function PredictView() {
  const connector = useDataStore((s) => s.connector);
  const available = useQuery(`SELECT ${TARGETS.map((t) => `count(${quoteIdent(t)}) FILTER (WHERE source IN ('measured','imported')) AS ${t}`).join(', ')} FROM records`);
  const dataHardware = useQuery(`SELECT hardware, count(*) AS n FROM records WHERE source IN ('measured','imported') GROUP BY ALL ORDER BY n DESC LIMIT 200`);
  const dataModels = useQuery(`SELECT model, count(*) AS n FROM records WHERE source IN ('measured','imported') GROUP BY ALL ORDER BY n DESC LIMIT 500`);
  const counts = available.status === 'done' ? available.result.rows[0] ?? {} : {};
  const targets = TARGETS.filter((t) => Number(counts[t] ?? 0) > 0);

  // The form lives in the view store, so the address bar carries it like every other view's state.
  const options = useViewStore((s) => s.o);
  const filters = useViewStore((s) => s.f);
  const setOptions = useViewStore((s) => s.setOptions);
  const setFilter = useViewStore((s) => s.setFilter);
  const target = options.metric;
  const setTarget = (metric: string) => setOptions({ metric });
  const model = options.model ?? 'bert-base-uncased';
  const setModel = (m: string) => setOptions({ model: m });
  const hardware = filters.hardware;
  const setHardware = (ids: string[]) => setFilter('hardware', ids);
  const precisions: Precision[] = filters.precision.length ? filters.precision : ['fp32'];
  const setPrecisions = (ps: Precision[]) => setFilter('precision', ps);
  const batchText = filters.batch.length ? filters.batch.join(', ') : '1, 2, 4, 8, 16, 32';
  const [batchDraft, setBatchDraft] = useState<string | null>(null);
  const setBatchText = (text: string) => {
    setBatchDraft(text);
    try {
      setFilter('batch', parseIntegerList(text, 'batch sizes'));
    } catch { /* kept as a draft until it parses */ }
  };
  const seqText = options.seqs.length ? options.seqs.join(', ') : '128';
  const [seqDraft, setSeqDraft] = useState<string | null>(null);
  const setSeqText = (text: string) => {
    setSeqDraft(text);
    try {
      setOptions({ seqs: parseIntegerList(text, 'sequence lengths') });
    } catch { /* kept as a draft until it parses */ }
  };
  const [custom, setCustom] = useState<CustomModel>({ name: 'my-model', params_m: 100, gflops_per_item: 20 });
  const [customHw, setCustomHw] = useState<CustomHardware & { enabled: boolean }>({ enabled: false, name: 'my-accelerator', hw_peak_tflops_fp16: 100, hw_peak_tflops_fp32: 25, hw_mem_bw_gbs: 1000, hw_mem_gb: 24 });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<{ query: Row[]; run: PredictResult; target: string; measured: Map<string, number>; settings: string | null } | null>(null);
  const [selected, setSelected] = useState<MatrixCell | null>(null);

  const effectiveTarget = targets.includes(target as (typeof TARGETS)[number]) ? target : (targets[0] ?? 'latency_ms');
  const spec = MODEL_SPECS.find((m) => m.id === model);
  const hardwareInData = dataHardware.status === 'done' ? dataHardware.result.rows.map((r) => ({ id: String(r.hardware), n: Number(r.n) })) : [];
  const catalogOnly = HARDWARE.filter((h) => !hardwareInData.some((d) => d.id === h.id));
  const modelOptions = useMemo(() => {
    const fromData = dataModels.status === 'done' ? dataModels.result.rows.map((r) => String(r.model)) : [];
    return [...new Set([...MODEL_SPECS.map((m) => m.id), ...fromData])];
  }, [dataModels]);

  async function trainRows(t: string): Promise<Row[]> {
    if (!connector) throw new Error('the data engine is not ready');
    const train = await pageTrainingRows(connector, t);
    if (train.length === 0) throw new Error(`no measured or imported row has ${t}; import or measure some first`);
    return train;
  }

  async function predict() {
    setError(null);
    setSelected(null);
    setBusy(true);
    try {
      const hw: (string | CustomHardware)[] = [...hardware];
      if (customHw.enabled) hw.push({ ...customHw });
      const train = await trainRows(effectiveTarget);
      const query = pageGridQuery(train, {
        model: model === CUSTOM ? custom : model,
        hardware: hw,
        batches: parseIntegerList(batchDraft ?? batchText, 'batch sizes'),
        seqs: model !== CUSTOM && spec && !spec.seqVaries ? [] : parseIntegerList(seqDraft ?? seqText, 'sequence lengths'),
        precisions,
      });
      const run = await predictInWorker({ train, query, target: effectiveTarget, level: 0.8, neighbours: 3 });
      setResult({ query, run, target: effectiveTarget, measured: await measuredValues(query, effectiveTarget), settings: describeRunSettings(query) });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  async function measuredValues(query: Row[], t: string): Promise<Map<string, number>> {
    const models = [...new Set(query.map((q) => String(q.model)))];
    const sql = `SELECT hardware, batch_size, precision, seq_len, median(${quoteIdent(t)}) AS v FROM records
      WHERE source IN ('measured','imported') AND model IN (${models.map(quoteLiteral).join(', ')}) AND ${quoteIdent(t)} > 0 GROUP BY ALL`;
    const rows = (await connector!.query(sql)).rows;
    return new Map(rows.map((r) => [cellKey(r), Number(r.v)]));
  }

  async function predictFile(file: File) {
    setError(null);
    setBusy(true);
    try {
      const table = await parseTable(file.name, new Uint8Array(await file.arrayBuffer()));
      if (table.rows.length === 0) throw new Error(`${file.name}: has no rows`);
      const query = pageFileQuery(file.name, table);
      const run = await predictInWorker({ train: await trainRows(effectiveTarget), query, target: effectiveTarget, level: 0.8, neighbours: 0 });
      // The file's own rows and columns go back out, each with its prediction (as perfcast predict writes them).
      const out = predictionTable(table.columns, table.rows, new Map([[effectiveTarget, run.predictions]]), [effectiveTarget]);
      const name = file.name.replace(/\.[^.]+$/, '') + `.predicted-${effectiveTarget}.csv`;
      downloadText(toCsv(out.columns, out.rows), name, 'text/csv');
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  const unit = FIELD_BY_NAME.get(effectiveTarget)?.unit ?? '';

  return (
    <section aria-label="Predict" className="predict-view">
      <h2>Predict</h2>
      <p className="manifest">
        Predictions for configurations nobody measured, learned from the measured and imported rows in your data set
        (a roofline estimate from catalog specs plus a gradient-boosted residual, calibrated 80% intervals, and a confidence score that says why).
        Every value here is <span className="badge badge-predicted">predicted</span>.
      </p>
      {targets.length === 0 && <p className="warning">The data set has no measured or imported metric to learn from yet: import or measure results first.</p>}
      <div className="predict-form panel">
        <label>Metric{' '}
          <select aria-label="Metric" value={effectiveTarget} onChange={(e) => setTarget(e.target.value)}>
            {(targets.length ? targets : TARGETS).map((t) => <option key={t} value={t}>{t} ({counts[t] ?? 0} rows)</option>)}
          </select>
        </label>
        <label>Model{' '}
          <select aria-label="Model" value={model} onChange={(e) => setModel(e.target.value)}>
            {modelOptions.map((m) => <option key={m} value={m}>{m}</option>)}
            <option value={CUSTOM}>custom numbers…</option>
          </select>
        </label>
        {model === CUSTOM && (
          <span className="inline-fields">
            <input aria-label="Custom model name" value={custom.name} onChange={(e) => setCustom({ ...custom, name: e.target.value })} />
            <label>params (M) <input aria-label="Custom model parameters" type="number" min={0} value={custom.params_m} onChange={(e) => setCustom({ ...custom, params_m: Number(e.target.value) })} /></label>
            <label>GFLOP/item <input aria-label="Custom model GFLOPs per item" type="number" min={0} value={custom.gflops_per_item} onChange={(e) => setCustom({ ...custom, gflops_per_item: Number(e.target.value) })} /></label>
          </span>
        )}
        <label>Batch sizes <input aria-label="Batch sizes" value={batchDraft ?? batchText} onChange={(e) => setBatchText(e.target.value)} size={18} /></label>
        {(model === CUSTOM || !spec || spec.seqVaries) && (
          <label>Sequence lengths <input aria-label="Sequence lengths" value={seqDraft ?? seqText} onChange={(e) => setSeqText(e.target.value)} size={10} /></label>
        )}
        <fieldset className="inline-fields">
          <legend>Precisions</legend>
          {PRECISIONS.map((p) => {
            const onlyOne = precisions.length === 1 && precisions[0] === p;
            return (
            <label key={p}>
              <input type="checkbox" checked={precisions.includes(p)} disabled={onlyOne} title={onlyOne ? 'at least one precision is predicted' : undefined} onChange={(e) => setPrecisions(e.target.checked ? [...precisions, p] : precisions.filter((x) => x !== p))} /> {p}
            </label>
            );
          })}
        </fieldset>
        <fieldset className="hardware-pick">
          <legend>Hardware ({hardware.length + (customHw.enabled ? 1 : 0)} chosen)</legend>
          <div className="hardware-list">
            {hardwareInData.map((h) => (
              <label key={h.id}><input type="checkbox" checked={hardware.includes(h.id)} onChange={(e) => setHardware(e.target.checked ? [...hardware, h.id] : hardware.filter((x) => x !== h.id))} /> {h.id} <span className="manifest">({h.n} rows)</span></label>
            ))}
            {catalogOnly.map((h) => (
              <label key={h.id} title={h.sources}><input type="checkbox" checked={hardware.includes(h.id)} onChange={(e) => setHardware(e.target.checked ? [...hardware, h.id] : hardware.filter((x) => x !== h.id))} /> {h.name} <span className="manifest">(catalog, no data)</span></label>
            ))}
          </div>
          <label>
            <input type="checkbox" checked={customHw.enabled} onChange={(e) => setCustomHw({ ...customHw, enabled: e.target.checked })} /> custom hardware:
          </label>
          {customHw.enabled && (
            <span className="inline-fields">
              <input aria-label="Custom hardware name" value={customHw.name} onChange={(e) => setCustomHw({ ...customHw, name: e.target.value })} />
              {(['hw_peak_tflops_fp32', 'hw_peak_tflops_fp16', 'hw_mem_bw_gbs', 'hw_mem_gb'] as const).map((k) => (
                <label key={k}>{k.replace(/^hw_/, '')} ({FIELD_BY_NAME.get(k)?.unit}) <input type="number" min={0} aria-label={`Custom hardware ${k}`} value={customHw[k] ?? ''} onChange={(e) => setCustomHw({ ...customHw, [k]: Number(e.target.value) })} /></label>
              ))}
            </span>
          )}
        </fieldset>
        <div className="toolbar">
          <button type="button" className="primary" disabled={busy || !connector} onClick={predict}>{busy ? 'Predicting…' : 'Predict'}</button>
          <label className="manifest">
            Or predict a CSV/Parquet list of configurations (columns like the benchmark record):{' '}
            <input type="file" aria-label="Configurations to predict" accept=".csv,.json,.jsonl,.parquet" disabled={busy} onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) void predictFile(f); }} />
          </label>
        </div>
      </div>
      {error && <p role="alert" className="error">{error}</p>}
      {result && (
        <>
          <p className="manifest">
            Model <code>{result.run.modelId}</code> of {result.target}, {result.run.reused ? 'reused (fitted earlier on the same rows, kept in this browser)' : `fitted in ${(result.run.fitMs / 1000).toFixed(1)} s and kept in this browser`},
            learned from {result.run.trainRows.toLocaleString('en-US')} measured and imported rows; it uses the columns {result.run.features.join(', ')}.
            {result.settings && <> Each hardware is predicted at the run settings it was most often measured with ({result.settings}).</>}
          </p>
          <PredictionMatrix query={result.query} predictions={result.run.predictions} measured={result.measured} target={result.target} unit={unit} selected={selected} onSelect={setSelected} cellKey={cellKey} />
          {selected && <PredictionDetail cell={selected} prediction={result.run.predictions[selected.index]} neighbours={result.run.neighbours[selected.index]} target={result.target} unit={unit} modelId={result.run.modelId} />}
        </>
      )}
    </section>
  );
}

export function cellKey(r: Record<string, unknown>): string {
  return [r.hardware, r.batch_size, r.precision, r.seq_len ?? ''].map((v) => String(v ?? '')).join('|');
}
