import { useMemo } from 'react';
import { METRIC_BY_ID, metricAxisLabel, metricSpec } from '../../core/query/metrics.ts';
import { heatmapCellSql, heatmapSql } from '../../core/query/views.ts';
import { chartWidths, EmptyState, LoadingNote, useElementWidth } from '../charts/ChartFrame.tsx';
import { describeMark } from '../charts/describe.ts';
import { sourceKind } from '../charts/encoding.ts';
import { HeatmapChart, type HeatCell } from '../charts/HeatmapChart.tsx';
import { num, str, useSharedWhere, useViewQuery } from '../charts/hooks.ts';
import { formatNumber } from '../charts/scales.ts';
import { FiltersBar } from '../components/FiltersBar.tsx';
import { ProvenanceBadge } from '../components/ProvenanceBadge.tsx';
import { useQuery } from '../hooks/useQuery.ts';
import { useViewStore } from '../stores/view.ts';
import { MetricSelect } from '../components/MetricSelect.tsx';

const CELL_PREFIX = 'cell:';

/** A selected cell is kept in the shared selection, so a link opens the same drill-down. */
export function cellId(model: string, hardware: string): string {
  return `${CELL_PREFIX}${JSON.stringify([model, hardware])}`;
}

function parseCellId(id: string | undefined): { row: string; col: string } | null {
  if (!id?.startsWith(CELL_PREFIX)) return null;
  try {
    const v = JSON.parse(id.slice(CELL_PREFIX.length)) as unknown;
    return Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string') ? { row: v[0], col: v[1] } : null;
  } catch {
    return null;
  }
}

export default function HeatmapView() {
  const where = useSharedWhere();
  const options = useViewStore((s) => s.o);
  const sel = useViewStore((s) => s.sel);
  const setSelection = useViewStore((s) => s.setSelection);
  const metric = METRIC_BY_ID.has(options.metric) ? metricSpec(options.metric) : metricSpec('latency_ms');
  const state = useViewQuery((cube) => heatmapSql({ metric: metric.id, where, cube }));
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const cells: HeatCell[] = useMemo(() => (state.result?.rows ?? []).map((r) => {
    const others = str(r.all_sources).split(',').filter((s) => s && s !== r.source);
    return {
      row: str(r.model), col: str(r.hardware), value: num(r.value), source: sourceKind(r.source),
      tooltip: describeMark({
        heading: `${str(r.model)} on ${str(r.hardware)}`,
        values: [{ label: metric.label, value: num(r.value), unit: metric.unit }],
        source: str(r.source), origins: str(r.origins), n: num(r.n),
        notes: [...(others.length ? [`Also present, not mixed in: ${others.join(', ')}`] : []), 'Click for the configurations behind this cell'],
      }),
    };
  }), [state.result, metric]);
  const selected = parseCellId(sel[0]);
  const selectedExists = selected && cells.some((c) => c.row === selected.row && c.col === selected.col) ? selected : null;

  return (
    <section aria-label="Model by hardware heatmap" data-view="heatmap">
      <h2>Model × hardware</h2>
      <FiltersBar />
      <div className="view-controls">
        <MetricSelect metric={metric.id} />
      </div>
      <div ref={ref} data-view-status={state.status}>
        {state.status === 'error' ? <p className="error" role="alert">{state.error}</p> : null}
        {state.status === 'done' && cells.length === 0 ? (
          <EmptyState title={`No ${metric.label.toLowerCase()} to map`}>
            No row carries <code>{metric.id}</code> under the current filters. Load data on the Data view, pick another metric, or clear filters.
          </EmptyState>
        ) : cells.length > 0 ? (
          <HeatmapChart chartId="heatmap" width={chartWidths(width).full} cells={cells} rowLabel="model" colLabel="hardware"
            title={`${metric.label} by model and hardware`}
            subtitle={`median per cell, strongest provenance only (measured > imported > simulated > predicted) · ${metric.unit}`}
            valueLabel={metricAxisLabel(metric)} unit={metric.unit} better={metric.better} selected={selectedExists}
            onSelect={(c) => setSelection([cellId(c.row, c.col)])}
            caption="Click a cell to list the configurations behind it." />
        ) : <LoadingNote />}
      </div>
      {selectedExists ? <CellDrillDown model={selectedExists.row} hardware={selectedExists.col} metricId={metric.id} where={where} onClose={() => setSelection([])} /> : null}
    </section>
  );
}

function CellDrillDown({ model, hardware, metricId, where, onClose }: { model: string; hardware: string; metricId: string; where: string; onClose: () => void }) {
  const metric = metricSpec(metricId);
  const state = useQuery(heatmapCellSql({ model, hardware, metric: metricId, where }));
  const rows = state.result?.rows ?? [];
  return (
    <div className="panel" data-drilldown="">
      <div className="toolbar">
        <h3 style={{ margin: 0 }}>{model} on {hardware}: {rows.length === 200 ? 'first 200' : rows.length} row{rows.length === 1 ? '' : 's'}, best first</h3>
        <button type="button" className="secondary" onClick={onClose}>Close</button>
      </div>
      <table className="drill-table">
        <thead>
          <tr>
            <th>source</th><th>origin</th><th>EP</th><th>precision</th><th>batch</th><th>seq len</th>
            <th>{metricAxisLabel(metric)}</th><th>latency (ms)</th><th>throughput (items/s)</th><th>memory (MB)</th><th>measured at</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              <td><ProvenanceBadge source={r.source} origin={r.origin} /></td>
              <td>{str(r.origin)}</td><td>{str(r.execution_provider)}</td><td>{str(r.precision)}</td>
              <td className="num">{str(r.batch_size)}</td><td className="num">{str(r.seq_len)}</td>
              <td className="num">{formatNumber(num(r.value))}</td>
              <td className="num">{r.latency_ms == null ? '' : formatNumber(num(r.latency_ms))}</td>
              <td className="num">{r.throughput_items_s == null ? '' : formatNumber(num(r.throughput_items_s))}</td>
              <td className="num">{r.memory_mb == null ? '' : formatNumber(num(r.memory_mb))}</td>
              <td>{str(r.measured_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
