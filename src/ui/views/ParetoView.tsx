import { useMemo } from 'react';
import { paretoSql } from '../../core/query/views.ts';
import { paretoFrontier } from '../charts/analysis.ts';
import { chartWidths, EmptyState, LoadingNote, useElementWidth } from '../charts/ChartFrame.tsx';
import { describeMark } from '../charts/describe.ts';
import { categoryColors, sourceKind } from '../charts/encoding.ts';
import { num, pickAvailable, str, useDistinct, useSharedWhere, useViewQuery } from '../charts/hooks.ts';
import { formatNumber } from '../charts/scales.ts';
import { XYChart, type XYSeries } from '../charts/XYChart.tsx';
import { FiltersBar } from '../components/FiltersBar.tsx';
import { useViewStore } from '../stores/view.ts';
import { ModelSelect } from '../components/ModelSelect.tsx';

export default function ParetoView() {
  const where = useSharedWhere();
  const options = useViewStore((s) => s.o);
  const models = useDistinct('model', where);
  const model = pickAvailable(options.model, models.values);
  const state = useViewQuery((cube) => (model ? paretoSql({ model, where, cube }) : null));
  const [ref, width] = useElementWidth<HTMLDivElement>();

  const { series, colors, frontier, frontierRows } = useMemo(() => {
    const rows = (state.result?.rows ?? []).map((r) => ({
      hardware: str(r.hardware), ep: str(r.execution_provider), precision: str(r.precision), batch: num(r.batch_size), source: str(r.source),
      latency: num(r.latency_ms), throughput: num(r.throughput_items_s), derived: Boolean(r.throughput_derived), n: num(r.n), origins: str(r.origins),
    }));
    const front = paretoFrontier(rows);
    const onFront = new Set(front);
    const byHardware = new Map<string, number[]>();
    rows.forEach((r, i) => { if (!byHardware.has(r.hardware)) byHardware.set(r.hardware, []); byHardware.get(r.hardware)!.push(i); });
    const out: XYSeries[] = [...byHardware].map(([hw, idx]) => ({
      key: hw, colorKey: hw, source: 'measured', connect: false,
      points: idx.map((i) => {
        const r = rows[i];
        return {
          x: r.latency, y: r.throughput, source: sourceKind(r.source), emphasis: onFront.has(i),
          tooltip: describeMark({
            heading: `${model} on ${r.hardware} · ${r.precision}${r.ep ? ` · ${r.ep}` : ''} · batch ${r.batch}`,
            values: [{ label: 'Latency per batch', value: r.latency, unit: 'ms' }, { label: 'Throughput', value: r.throughput, unit: 'items/s' }],
            source: r.source, origins: r.origins, n: r.n,
            notes: [onFront.has(i) ? 'On the Pareto frontier: nothing is both faster and higher-throughput' : 'Dominated by a frontier point',
              ...(r.derived ? ['Throughput derived as batch / latency (not stored)'] : [])],
          }),
        };
      }),
    }));
    return {
      series: out, colors: categoryColors(byHardware.keys()),
      frontier: front.map((i) => [rows[i].latency, rows[i].throughput] as [number, number]),
      frontierRows: front.map((i) => rows[i]),
    };
  }, [state.result, model]);
  const total = series.reduce((a, s) => a + s.points.length, 0);

  return (
    <section aria-label="Throughput-latency Pareto frontier" data-view="pareto">
      <h2>Throughput–latency Pareto frontier</h2>
      <FiltersBar />
      <div className="view-controls">
        <ModelSelect model={model} models={models.values} />
      </div>
      <div ref={ref} data-view-status={state.status}>
        {state.status === 'error' ? <p className="error" role="alert">{state.error}</p> : null}
        {models.state.status === 'done' && models.values.length === 0 ? (
          <EmptyState title="No data">Load benchmark results on the Data view, or clear filters that exclude every row.</EmptyState>
        ) : state.status === 'done' && total === 0 ? (
          <EmptyState title={`No latency for ${model}`}>The frontier needs rows with <code>latency_ms</code> (throughput is derived from batch / latency where missing).</EmptyState>
        ) : total > 0 ? (
          <>
            <XYChart chartId="pareto" width={chartWidths(width).full} series={series} colors={colors} colorTitle="Hardware" plotHeight={380}
              title={`Throughput vs latency: ${model}`} subtitle={`${total} configurations (hardware × EP × precision × batch) · up and left is better`}
              x={{ label: 'Latency per batch (ms)', scale: 'auto' }} y={{ label: 'Throughput (items/s)', scale: 'auto' }}
              overlay={{ points: frontier, label: 'Pareto frontier (ringed)' }}
              caption="The frontier joins configurations that no other configuration beats on both latency and throughput. Provenance is kept per point: a predicted point can sit on the frontier, and its diamond says so." />
            <table className="drill-table" aria-label="Frontier configurations">
              <thead><tr><th>frontier point</th><th>source</th><th>latency (ms)</th><th>throughput (items/s)</th><th>origin</th></tr></thead>
              <tbody>
                {frontierRows.map((r, i) => (
                  <tr key={i}><td>{r.hardware} · {r.precision}{r.ep ? ` · ${r.ep}` : ''} · batch {r.batch}</td><td>{r.source}</td>
                    <td className="num">{formatNumber(r.latency)}</td><td className="num">{formatNumber(r.throughput)}</td><td>{r.origins}</td></tr>
                ))}
              </tbody>
            </table>
          </>
        ) : <LoadingNote />}
      </div>
    </section>
  );
}
