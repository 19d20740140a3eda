import { useMemo, useState } from 'react';
import { andAll } from '../../core/query/sql.ts';
import { quoteLiteral } from '../../core/sql.ts';
import { precisionSql } from '../../core/query/views.ts';
import { BarChart, type BarDatum } from '../charts/BarChart.tsx';
import { chartWidths, EmptyState, LoadingNote, useElementWidth } from '../charts/ChartFrame.tsx';
import { describeMark } from '../charts/describe.ts';
import { categoryColors, sourceKind } from '../charts/encoding.ts';
import { disambiguatedLabels } from '../charts/text.ts';
import { num, pickAvailable, str, useDistinct, useSharedWhere, withSource, useViewQuery } from '../charts/hooks.ts';
import { FiltersBar } from '../components/FiltersBar.tsx';
import { useViewStore } from '../stores/view.ts';
import { ModelSelect } from '../components/ModelSelect.tsx';

type Speed = 'latency_ms' | 'throughput_items_s';
const SPEED = {
  latency_ms: { label: 'Latency (median)', unit: 'ms', better: 'lower' },
  throughput_items_s: { label: 'Throughput', unit: 'items/s', better: 'higher' },
} as const;

export default function PrecisionView() {
  const where = useSharedWhere();
  const options = useViewStore((s) => s.o);
  const setOptions = useViewStore((s) => s.setOptions);
  const models = useDistinct('model', where);
  const model = pickAvailable(options.model, models.values);
  const batches = useDistinct('batch_size', andAll(where, model ? `model = ${quoteLiteral(model)}` : 'FALSE'));
  const batchValues = batches.values.map(Number).sort((a, b) => a - b);
  const batch = options.batch != null && batchValues.includes(options.batch) ? options.batch : (batches.values[0] != null ? Number(batches.values[0]) : null);
  const [speed, setSpeed] = useState<Speed>('latency_ms');
  const state = useViewQuery((cube) => (model && batch != null ? precisionSql({ model, batchSize: batch, where, cube }) : null));
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const layout = chartWidths(width);
  const chartWidth = layout.two ? layout.half : layout.full;

  const { speedBars, memoryBars, colors, precisions } = useMemo(() => {
    const rows = state.result?.rows ?? [];
    const bars = (field: Speed | 'memory_mb', label: string, unit: string): BarDatum[] => {
      const kept = rows.filter((r) => r[field] != null).map(withSource);
      const labels = disambiguatedLabels(kept, (r) => `${str(r.precision)} · ${str(r.hardware)}`);
      return kept.map((r, i) => ({
      key: `${str(r.precision)}|${str(r.hardware)}|${str(r.source)}`,
      label: labels[i],
      colorKey: str(r.hardware), source: sourceKind(r.source), value: num(r[field]),
      tooltip: describeMark({
        heading: `${model} · ${str(r.precision)} on ${str(r.hardware)} · batch ${batch}`,
        values: [{ label, value: num(r[field]), unit }],
        source: str(r.source), origins: str(r.origins), n: num(r.n),
      }),
      }));
    };
    return {
      speedBars: bars(speed, SPEED[speed].label, SPEED[speed].unit),
      memoryBars: bars('memory_mb', 'Peak memory', 'MB'),
      colors: categoryColors(rows.map((r) => str(r.hardware))),
      precisions: [...new Set(rows.map((r) => str(r.precision)))],
    };
  }, [state.result, model, batch, speed]);

  return (
    <section aria-label="Precision comparison" data-view="precision">
      <h2>Precision comparison</h2>
      <FiltersBar />
      <div className="view-controls">
        <ModelSelect model={model} models={models.values} />
        <label>Batch size
          <select value={batch ?? ''} onChange={(e) => setOptions({ batch: Number(e.target.value) })} aria-label="Batch size">
            {batchValues.map((b) => <option key={b} value={b}>{b}</option>)}
          </select>
        </label>
        <label>Speed as
          <select value={speed} onChange={(e) => setSpeed(e.target.value as Speed)} aria-label="Speed metric">
            <option value="latency_ms">latency (ms)</option><option value="throughput_items_s">throughput (items/s)</option>
          </select>
        </label>
      </div>
      <div ref={ref} data-view-status={state.status}>
        {state.status === 'error' ? <p className="error" role="alert">{state.error}</p> : null}
        {models.state.status === 'done' && models.values.length === 0 ? (
          <EmptyState title="No data">Load benchmark results on the Data view, or clear filters that exclude every row.</EmptyState>
        ) : state.status === 'done' && speedBars.length === 0 && memoryBars.length === 0 ? (
          <EmptyState title={`Nothing to compare for ${model}`}>Needs rows with <code>precision</code> and <code>latency_ms</code>, <code>throughput_items_s</code> or <code>memory_mb</code>.</EmptyState>
        ) : state.status === 'done' || speedBars.length + memoryBars.length > 0 ? (
          <>
            {precisions.length < 2 ? <p className="view-note warning">Only {precisions.join(', ') || 'no'} precision at batch {batch} under the current filters.</p> : null}
            <div className={`chart-grid${width >= 1100 ? ' two' : ''}`}>
              {speedBars.length ? (
                <BarChart chartId="precision-speed" width={chartWidth} data={speedBars} colors={colors} colorTitle="Hardware"
                  title={`${SPEED[speed].label} by precision: ${model}`} subtitle={`batch ${batch} · median · ${SPEED[speed].better} is better`}
                  valueLabel={`${SPEED[speed].label} (${SPEED[speed].unit})`} categoryLabel="precision · hardware" />
              ) : <EmptyState title={`No ${SPEED[speed].label.toLowerCase()} stored`}>No row has <code>{speed}</code> here.</EmptyState>}
              {memoryBars.length ? (
                <BarChart chartId="precision-memory" width={chartWidth} data={memoryBars} colors={colors} colorTitle="Hardware"
                  title={`Peak memory by precision: ${model}`} subtitle={`batch ${batch} · median · lower is better`}
                  valueLabel="Peak memory (MB)" categoryLabel="precision · hardware" />
              ) : <EmptyState title="No memory figures">No row has <code>memory_mb</code> for this model and batch size.</EmptyState>}
            </div>
          </>
        ) : <LoadingNote />}
      </div>
    </section>
  );
}
