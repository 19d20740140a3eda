import { useMemo } from 'react';
import { powerAvailabilitySql, powerSql } from '../../core/query/views.ts';
import { BarChart, type BarDatum } from '../charts/BarChart.tsx';
import { chartWidths, EmptyState, LoadingNote, useElementWidth } from '../charts/ChartFrame.tsx';
import { describeMark } from '../charts/describe.ts';
import { categoryColors, sourceKind } from '../charts/encoding.ts';
import { num, pickAvailable, str, useDistinct, useSharedWhere, withSource, useViewQuery } from '../charts/hooks.ts';
import { disambiguatedLabels } from '../charts/text.ts';
import { XYChart, type XYPoint, type XYSeries } from '../charts/XYChart.tsx';
import { FiltersBar } from '../components/FiltersBar.tsx';
import { useViewStore } from '../stores/view.ts';
import { ModelSelect } from '../components/ModelSelect.tsx';

const CHARTS = [
  { field: 'power_w', label: 'Average power', unit: 'W', better: 'lower' },
  { field: 'energy_per_item_j', label: 'Energy per item', unit: 'J/item', better: 'lower' },
  { field: 'items_per_j', label: 'Energy efficiency', unit: 'items/J', better: 'higher' },
] as const;

export default function PowerView() {
  const where = useSharedWhere();
  const options = useViewStore((s) => s.o);
  const setOptions = useViewStore((s) => s.setOptions);
  const models = useDistinct('model', where);
  const model = pickAvailable(options.model, models.values);
  const availability = useViewQuery((cube) => (model ? powerAvailabilitySql({ model, where, cube }) : null));
  const state = useViewQuery((cube) => (model ? powerSql({ model, where, cube }) : null));
  const allRows = state.result?.rows ?? [];
  const batchValues = [...new Set(allRows.map((r) => num(r.batch_size)))].sort((p, q) => p - q);
  const batch = options.batch != null && batchValues.includes(options.batch) ? options.batch : (batchValues[0] ?? null);
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const layout = chartWidths(width);
  const chartWidth = layout.two ? layout.half : layout.full;
  const a = availability.result?.rows[0];

  const { charts, colors, derived, energySeries } = useMemo(() => {
    const rows = allRows.filter((r) => num(r.batch_size) === batch).map(withSource);
    const labels = disambiguatedLabels(rows, (r) => `${str(r.hardware)} · ${str(r.precision)}`);
    const labelOf = new Map(rows.map((r, i) => [r, labels[i]]));
    const bySeries = new Map<string, XYSeries>();
    for (const r of allRows) {
      if (r.energy_per_item_j == null) continue;
      const colorKey = str(r.hardware);
      const key = `${colorKey}|${str(r.precision)}|${str(r.source)}`;
      if (!bySeries.has(key)) bySeries.set(key, { key, colorKey, source: sourceKind(r.source), connect: true, points: [] });
      (bySeries.get(key)!.points as XYPoint[]).push({
        x: num(r.batch_size), y: num(r.energy_per_item_j), source: sourceKind(r.source),
        tooltip: describeMark({
          heading: `${model} on ${str(r.hardware)} · ${str(r.precision)} · batch ${str(r.batch_size)}`,
          values: [{ label: 'Energy per item', value: num(r.energy_per_item_j), unit: 'J' }, { label: 'Power', value: num(r.power_w), unit: 'W' }],
          source: str(r.source), origins: str(r.origins), n: num(r.n),
          notes: r.energy_derived ? ['Energy per item derived as power / throughput (no energy_j stored)'] : [],
        }),
      });
    }
    const charts = CHARTS.map((c) => ({
      ...c,
      bars: rows.filter((r) => r[c.field] != null).map((r): BarDatum => ({
        key: `${str(r.hardware)}|${str(r.precision)}|${str(r.batch_size)}|${str(r.source)}`,
        label: labelOf.get(r)!,
        colorKey: str(r.hardware), source: sourceKind(r.source), value: num(r[c.field]),
        tooltip: describeMark({
          heading: `${model} on ${str(r.hardware)} · ${str(r.precision)} · batch ${str(r.batch_size)}`,
          values: [
            { label: 'Power', value: num(r.power_w), unit: 'W' },
            { label: 'Energy per item', value: num(r.energy_per_item_j), unit: 'J' },
            { label: 'Items per joule', value: num(r.items_per_j), unit: 'items/J' },
          ],
          source: str(r.source), origins: str(r.origins), n: num(r.n),
          notes: r.energy_derived ? ['Energy per item derived as power / throughput (no energy_j stored)'] : [],
        }),
      })),
    }));
    return {
      charts, colors: categoryColors(allRows.map((r) => str(r.hardware))), derived: allRows.some((r) => r.energy_derived),
      energySeries: [...bySeries.values()],
    };
  }, [allRows, batch, model]);
  const nothing = allRows.length === 0;

  return (
    <section aria-label="Power and energy efficiency" data-view="power">
      <h2>Power and energy efficiency</h2>
      <FiltersBar />
      <div className="view-controls">
        <ModelSelect model={model} models={models.values} />
        {batchValues.length > 0 ? (
          <label>Batch size (bars)
            <select value={batch ?? ''} onChange={(e) => setOptions({ batch: Number(e.target.value) })} aria-label="Batch size">
              {batchValues.map((b) => <option key={b} value={b}>{b}</option>)}
            </select>
          </label>
        ) : null}
      </div>
      <div ref={ref} data-view-status={state.status}>
        {state.status === 'error' ? <p className="error" role="alert">{state.error}</p> : null}
        {models.state.status === 'done' && models.values.length === 0 ? (
          <EmptyState title="No data">Load benchmark results on the Data view, or clear filters that exclude every row.</EmptyState>
        ) : state.status === 'done' && nothing ? (
          <EmptyState title={`No power or energy data for ${model}`}>
            <p>This view needs <code>power_w</code> (average watts), or <code>energy_j</code> (joules per item), or both <code>power_w</code> and <code>throughput_items_s</code> to derive energy per item.</p>
            {a ? (
              <p data-missing="">Under the current filters, of {num(a.total)} rows: {num(a.power_w)} have <code>power_w</code>, {num(a.energy_j)} have <code>energy_j</code>, {num(a.throughput_items_s)} have <code>throughput_items_s</code>.
                {' '}Missing: {[num(a.power_w) === 0 ? 'power_w' : null, num(a.energy_j) === 0 ? 'energy_j' : null].filter(Boolean).join(' and ')}.</p>
            ) : null}
            <p>Data sets that carry power include the ML.ENERGY leaderboard and MLPerf Tiny (energy per inference).</p>
          </EmptyState>
        ) : !nothing ? (
          <>
            <div className={`chart-grid${width >= 1100 ? ' two' : ''}`}>
              {charts.map((c) => c.bars.length ? (
                <BarChart key={c.field} chartId={`power-${c.field}`} width={chartWidth} data={c.bars} colors={colors} colorTitle="Hardware"
                  title={`${c.label}: ${model}`} subtitle={`batch ${batch} · median per configuration · ${c.better} is better`}
                  valueLabel={`${c.label} (${c.unit})`} categoryLabel="hardware · precision · batch" />
              ) : <EmptyState key={c.field} title={`No ${c.label.toLowerCase()}`}>No row has the inputs for {c.unit} here.</EmptyState>)}
              {energySeries.length ? (
                <XYChart chartId="power-energy-batch" width={chartWidth} series={energySeries} colors={colors} colorTitle="Hardware"
                  title={`Energy per item vs batch size: ${model}`} subtitle="one line per hardware × precision · lower is better"
                  x={{ label: 'Batch size (items)', scale: 'log', pow2: true }} y={{ label: 'Energy per item (J/item)', scale: 'auto' }} />
              ) : null}
            </div>
            {derived ? <p className="view-note">Where <code>energy_j</code> is not stored, energy per item is derived as power_w / throughput_items_s (said in each tooltip).</p> : null}
          </>
        ) : <LoadingNote />}
      </div>
    </section>
  );
}
