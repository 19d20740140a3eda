import { useMemo } from 'react';
import { scalingSql } from '../../core/query/views.ts';
import { chartWidths, EmptyState, LoadingNote, useElementWidth } from '../charts/ChartFrame.tsx';
import { describeMark } from '../charts/describe.ts';
import { categoryColors, sourceKind } from '../charts/encoding.ts';
import { num, pickAvailable, str, useDistinct, useSharedWhere, useViewQuery } from '../charts/hooks.ts';
import { XYChart, type XYSeries } from '../charts/XYChart.tsx';
import { FiltersBar } from '../components/FiltersBar.tsx';
import { useViewStore } from '../stores/view.ts';
import { ModelSelect } from '../components/ModelSelect.tsx';

export default function ScalingView() {
  const where = useSharedWhere();
  const options = useViewStore((s) => s.o);
  const models = useDistinct('model', where);
  const model = pickAvailable(options.model, models.values);
  const state = useViewQuery((cube) => (model ? scalingSql({ model, where, cube }) : null));
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const layout = chartWidths(width);
  const chartWidth = layout.two ? layout.half : layout.full;

  const { throughput, latency, colors, derived } = useMemo(() => {
    const rows = state.result?.rows ?? [];
    const bySeries = new Map<string, { colorKey: string; source: string; rows: typeof rows[number][] }>();
    for (const r of rows) {
      const colorKey = `${str(r.hardware)} · ${str(r.precision)}`;
      const key = `${colorKey} · ${str(r.source)}`;
      if (!bySeries.has(key)) bySeries.set(key, { colorKey, source: str(r.source), rows: [] });
      bySeries.get(key)!.rows.push(r);
    }
    const make = (field: 'throughput_items_s' | 'latency_ms'): XYSeries[] => [...bySeries].map(([key, s]) => ({
      key, colorKey: s.colorKey, source: sourceKind(s.source), connect: true,
      points: s.rows.filter((r) => r[field] != null).map((r) => ({
        x: num(r.batch_size), y: num(r[field]), source: sourceKind(r.source),
        tooltip: describeMark({
          heading: `${model} on ${s.colorKey}, batch ${str(r.batch_size)}`,
          values: [
            { label: 'Throughput', value: num(r.throughput_items_s), unit: 'items/s' },
            { label: 'Latency per batch', value: num(r.latency_ms), unit: 'ms' },
          ],
          source: str(r.source), origins: str(r.origins), n: num(r.n),
          notes: r.throughput_derived ? ['Throughput derived as batch / latency (not stored)'] : [],
        }),
      })),
    }));
    return {
      throughput: make('throughput_items_s'), latency: make('latency_ms'),
      colors: categoryColors([...bySeries.values()].map((s) => s.colorKey)),
      derived: rows.some((r) => r.throughput_derived),
    };
  }, [state.result, model]);
  const hasPoints = throughput.some((s) => s.points.length > 0) || latency.some((s) => s.points.length > 0);
  const batches = new Set(throughput.flatMap((s) => s.points.map((p) => p.x)));

  return (
    <section aria-label="Batch-size scaling" data-view="scaling">
      <h2>Batch-size scaling</h2>
      <FiltersBar />
      <div className="view-controls">
        <ModelSelect model={model} models={models.values} />
      </div>
      <div ref={ref} data-view-status={state.status}>
        {state.status === 'error' ? <p className="error" role="alert">{state.error}</p> : null}
        {models.state.status === 'done' && models.values.length === 0 ? (
          <EmptyState title="No data">Load benchmark results on the Data view, or clear filters that exclude every row.</EmptyState>
        ) : state.status === 'done' && !hasPoints ? (
          <EmptyState title={`No latency or throughput for ${model}`}>Batch scaling needs rows with <code>batch_size</code> and <code>latency_ms</code> or <code>throughput_items_s</code>.</EmptyState>
        ) : hasPoints ? (
          <>
            {batches.size < 2 ? <p className="view-note warning">Only one batch size ({[...batches].join(', ')}) under the current filters: there is no scaling to show yet.</p> : null}
            <div className={`chart-grid${width >= 1100 ? ' two' : ''}`}>
              <XYChart chartId="scaling-throughput" width={chartWidth} series={throughput} colors={colors} colorTitle="Hardware · precision"
                title={`Throughput vs batch size: ${model}`} subtitle="median per configuration · higher is better"
                x={{ label: 'Batch size (items)', scale: batches.size > 1 ? 'log' : 'linear', pow2: true }} y={{ label: 'Throughput (items/s)', scale: 'auto' }}
                caption={derived ? 'Where a row stores no throughput it is derived as batch size / latency (marked in the tooltip).' : undefined} />
              <XYChart chartId="scaling-latency" width={chartWidth} series={latency} colors={colors} colorTitle="Hardware · precision"
                title={`Latency vs batch size: ${model}`} subtitle="median latency per batch · lower is better"
                x={{ label: 'Batch size (items)', scale: batches.size > 1 ? 'log' : 'linear', pow2: true }} y={{ label: 'Latency per batch (ms)', scale: 'auto' }}
/>
            </div>
          </>
        ) : <LoadingNote />}
      </div>
    </section>
  );
}
