import { useMemo, useState } from 'react';
import { COLUMN_METRICS, METRIC_BY_ID, metricAxisLabel, metricSpec } from '../../core/query/metrics.ts';
import { andAll } from '../../core/query/sql.ts';
import { quoteLiteral } from '../../core/sql.ts';
import { compareSql, reportSql } from '../../core/query/views.ts';
import { buildReportHtml, type ReportRow } from '../../core/report/report.ts';
import { formatSpeedup, speedupsAgainst } from '../charts/analysis.ts';
import { BarChart, type BarDatum } from '../charts/BarChart.tsx';
import { chartWidths, EmptyState, LoadingNote, useElementWidth } from '../charts/ChartFrame.tsx';
import { INTERVAL_TEXT, describeMark } from '../charts/describe.ts';
import { categoryColors, sourceKind } from '../charts/encoding.ts';
import { shortProvider } from '../charts/text.ts';
import { num, pickAvailable, str, useDistinct, useSharedWhere, useViewQuery } from '../charts/hooks.ts';
import { FiltersBar } from '../components/FiltersBar.tsx';
import { exportFileName } from '../export/filename.ts';
import { downloadText } from '../export/export.ts';
import { useDataStore } from '../stores/data.ts';
import { useViewStore } from '../stores/view.ts';
import { ModelSelect } from '../components/ModelSelect.tsx';
import { MetricSelect } from '../components/MetricSelect.tsx';

export default function CompareView() {
  const where = useSharedWhere();
  const options = useViewStore((s) => s.o);
  const setOptions = useViewStore((s) => s.setOptions);
  const models = useDistinct('model', where);
  const model = pickAvailable(options.model, models.values);
  const metric = METRIC_BY_ID.has(options.metric) ? metricSpec(options.metric) : metricSpec('latency_ms');
  const [scale, setScale] = useState<'auto' | 'linear' | 'log'>('auto');
  const batches = useDistinct('batch_size', andAll(where, model ? `model = ${quoteLiteral(model)}` : 'FALSE'));
  const batchValues = batches.values.map(Number).sort((p, q) => p - q);
  const batch = options.batch != null && batchValues.includes(options.batch) ? options.batch : null;
  const scoped = andAll(where, batch != null ? `batch_size = ${batch}` : null);
  const state = useViewQuery((cube) => (model ? compareSql({ model, metric: metric.id, where: scoped, cube }) : null));
  const [ref, width] = useElementWidth<HTMLDivElement>();

  const rows = useMemo(() => (state.result?.rows ?? []).map((r) => ({
    hardware: str(r.hardware), execution_provider: str(r.execution_provider), precision: str(r.precision), source: str(r.source),
    value: num(r.value), lo: num(r.lo), hi: num(r.hi), interval_kind: str(r.interval_kind), n: num(r.n), origins: str(r.origins),
  })), [state.result]);
  const hardwareList = useMemo(() => [...new Set(rows.map((r) => r.hardware))].sort(), [rows]);
  const baseline = options.baseline && hardwareList.includes(options.baseline) ? options.baseline : null;
  const speedups = useMemo(() => (baseline ? speedupsAgainst(rows, baseline, metric.better) : rows.map(() => null)), [rows, baseline, metric.better]);
  const colors = useMemo(() => categoryColors(hardwareList), [hardwareList]);

  const baseLabel = (r: (typeof rows)[number]) => [r.hardware, r.precision, shortProvider(r.execution_provider)].filter(Boolean).join(' · ');
  const labelCounts = new Map<string, number>();
  for (const r of rows) labelCounts.set(baseLabel(r), (labelCounts.get(baseLabel(r)) ?? 0) + 1);
  const data: BarDatum[] = rows.map((r, i) => {
    // the shape already says the source; it is spelled out only where two bars would share a label
    const label = labelCounts.get(baseLabel(r))! > 1 ? `${baseLabel(r)} · ${r.source}` : baseLabel(r);
    const note = baseline ? (r.hardware === baseline ? 'baseline' : formatSpeedup(speedups[i])) : undefined;
    return {
      key: `${r.hardware}|${r.execution_provider}|${r.precision}|${r.source}`,
      label, colorKey: r.hardware, source: sourceKind(r.source), value: r.value, lo: r.lo, hi: r.hi, note,
      tooltip: describeMark({
        heading: `${model} on ${r.hardware} · ${r.precision}${r.execution_provider ? ` · ${r.execution_provider}` : ''}`,
        values: [{ label: metric.label, value: r.value, unit: metric.unit }],
        interval: { lo: r.lo, hi: r.hi, kind: r.interval_kind, unit: metric.unit },
        source: r.source, origins: r.origins, n: r.n,
        notes: baseline && r.hardware !== baseline ? [`Speed-up vs ${baseline}: ${formatSpeedup(speedups[i])} (${metric.better} is better)`] : [],
      }),
    };
  });
  const kinds = [...new Set(rows.map((r) => r.interval_kind))].filter((k) => k !== 'none');

  return (
    <section aria-label="Hardware comparison" data-view="compare">
      <h2>Hardware comparison</h2>
      <FiltersBar />
      <div className="view-controls">
        <ModelSelect model={model} models={models.values} />
        <MetricSelect metric={metric.id} />
        <label>Batch size
          <select value={batch ?? ''} onChange={(e) => setOptions({ batch: e.target.value === '' ? null : Number(e.target.value) })} aria-label="Batch size">
            <option value="">all (median over configurations)</option>
            {batchValues.map((b) => <option key={b} value={b}>{b}</option>)}
          </select>
        </label>
        <label>Baseline hardware
          <select value={baseline ?? ''} onChange={(e) => setOptions({ baseline: e.target.value || null })} aria-label="Baseline hardware">
            <option value="">none</option>
            {hardwareList.map((h) => <option key={h} value={h}>{h}</option>)}
          </select>
        </label>
        <label>Axis
          <select value={scale} onChange={(e) => setScale(e.target.value as typeof scale)} aria-label="Axis scale">
            <option value="auto">auto</option><option value="linear">linear</option><option value="log">log</option>
          </select>
        </label>
      </div>
      <div ref={ref} data-view-status={state.status}>
        {state.status === 'error' ? <p className="error" role="alert">{state.error}</p> : null}
        {models.state.status === 'done' && models.values.length === 0 ? (
          <EmptyState title="No data to compare">Load benchmark results on the Data view, or clear filters that exclude every row.</EmptyState>
        ) : state.status === 'done' && data.length === 0 ? (
          <EmptyState title={`No ${metric.label.toLowerCase()} for ${model}`}>
            No row for this model carries <code>{metric.needs.join(', ')}</code> under the current filters. Pick another metric or model.
          </EmptyState>
        ) : data.length > 0 ? (
          <BarChart chartId="compare" width={chartWidths(width).full} data={data} colors={colors} colorTitle="Hardware" scale={scale}
            title={`${metric.label} of ${model} by hardware`}
            subtitle={`${batch != null ? `batch ${batch}` : 'all batch sizes'} · median · ${metric.better} is better${baseline ? ` · speed-up vs ${baseline}` : ''}`}
            valueLabel={metricAxisLabel(metric)} categoryLabel="hardware · precision · EP"
            extraLegend={kinds.length ? [{ label: 'interval (see below)', swatch: 'whisker', color: '#1d2433' }] : []}
            caption={<>Bars are medians of the rows behind each configuration; provenance is never mixed within a bar.
              Whiskers: {kinds.length ? kinds.map((k) => INTERVAL_TEXT[k]).join('; ') : 'none stored'}.
              {baseline ? ` Speed-up = how many times better than ${baseline} at the same precision (and source where present); – where ${baseline} has no row at that precision.` : ' Choose a baseline hardware for speed-ups.'}</>}
          />
        ) : <LoadingNote />}
      </div>
      <ReportPanel models={models.values} defaultModel={model} where={scoped} />
    </section>
  );
}

function ReportPanel({ models, defaultModel, where }: { models: readonly string[]; defaultModel: string | null; where: string }) {
  const connector = useDataStore((s) => s.connector);
  const filters = useViewStore((s) => s.f);
  const ds = useViewStore((s) => s.ds);
  const [chosen, setChosen] = useState<string[]>([]);
  const [metrics, setMetrics] = useState<string[]>(['latency_ms', 'throughput_items_s', 'memory_mb']);
  const [status, setStatus] = useState<string | null>(null);
  const selectedModels = chosen.length ? chosen : defaultModel ? [defaultModel] : [];
  const build = async () => {
    if (!connector || selectedModels.length === 0 || metrics.length === 0) return;
    setStatus('Building…');
    try {
      const result = await connector.query(reportSql({ models: selectedModels, metrics, where }));
      const rows: ReportRow[] = result.rows.map((r) => ({
        model: str(r.model), hardware: str(r.hardware), precision: str(r.precision), source: str(r.source),
        metric: str(r.metric), value: num(r.value), n: num(r.n), origins: str(r.origins),
      }));
      const filterText = Object.entries(filters).filter(([, v]) => v.length).map(([k, v]) => `${k} = ${v.join(', ')}`).join('; ');
      const title = `Perfcast comparison: ${selectedModels.join(', ')}`;
      const html = buildReportHtml({
        title, generatedAt: new Date().toISOString(), datasetHash: ds, filters: filterText,
        metrics: metrics.map((id) => metricSpec(id)), rows, link: window.location.href,
      });
      downloadText(html, exportFileName(title, 'html'), 'text/html');
      setStatus(`Report with ${rows.length} rows downloaded.`);
    } catch (e) {
      setStatus(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <details className="panel" data-report-panel="">
      <summary>HTML comparison report</summary>
      <div className="view-controls">
        <label>Models (none chosen = current)
          <select multiple size={Math.min(6, Math.max(2, models.length))} value={chosen} aria-label="Report models"
            onChange={(e) => setChosen(Array.from(e.target.selectedOptions, (o) => o.value))}>
            {models.map((m) => <option key={m} value={m}>{m}</option>)}
          </select>
        </label>
        <fieldset>
          <legend>Metrics</legend>
          {COLUMN_METRICS.map((m) => (
            <label key={m.id} style={{ flexDirection: 'row', gap: '0.3rem' }}>
              <input type="checkbox" checked={metrics.includes(m.id)}
                onChange={(e) => setMetrics(e.target.checked ? [...metrics, m.id] : metrics.filter((x) => x !== m.id))} />
              {metricAxisLabel(m)}
            </label>
          ))}
        </fieldset>
        <button type="button" className="primary" onClick={build} disabled={!connector || selectedModels.length === 0 || metrics.length === 0}>Download HTML report</button>
        {status ? <span role="status">{status}</span> : null}
      </div>
    </details>
  );
}
