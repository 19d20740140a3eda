import { useMemo } from 'react';
import { powerAvailabilitySql, powerSql } from '../../core/query/views.ts';
import { BarChart, type BarDatum } from '../charts/BarChart.tsx';
import { EmptyState, useElementWidth } from '../charts/ChartFrame.tsx';
import { describeMark } from '../charts/describe.ts';
import { categoryColors, sourceKind } from '../charts/encoding.ts';
import { num, pickAvailable, str, useDistinct, useSharedWhere } from '../charts/hooks.ts';
import { FiltersBar } from '../components/FiltersBar.tsx';
import { useQuery } from '../hooks/useQuery.ts';
import { useViewStore } from '../stores/view.ts';

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
  const availability = useQuery(model ? powerAvailabilitySql({ model, where }) : null);
  const state = useQuery(model ? powerSql({ model, where }) : null);
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const chartWidth = width >= 1100 ? Math.floor((width - 16) / 2) : width;
  const a = availability.result?.rows[0];

  const { charts, colors, derived } = useMemo(() => {
    const rows = state.result?.rows ?? [];
    const charts = CHARTS.map((c) => ({
      ...c,
      bars: rows.filter((r) => r[c.field] != null).map((r): BarDatum => ({
        key: `${str(r.hardware)}|${str(r.precision)}|${str(r.batch_size)}|${str(r.source)}`,
        label: `${str(r.hardware)} · ${str(r.precision)} · b${str(r.batch_size)}${r.source !== 'measured' ? ` · ${str(r.source)}` : ''}`,
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
    return { charts, colors: categoryColors(rows.map((r) => str(r.hardware))), derived: rows.some((r) => r.energy_derived) };
  }, [state.result, model]);
  const nothing = charts.every((c) => c.bars.length === 0);

  return (
    <section aria-label="Power and energy efficiency">
      <h2>Power and energy efficiency</h2>
      <FiltersBar />
      <div className="view-controls">
        <label>Model
          <select value={model ?? ''} onChange={(e) => setOptions({ model: e.target.value })} aria-label="Model">
            {models.values.map((m) => <option key={m} value={m}>{m}</option>)}
          </select>
        </label>
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
            <div className="chart-grid">
              {charts.map((c) => c.bars.length ? (
                <BarChart key={c.field} chartId={`power-${c.field}`} width={chartWidth} data={c.bars} colors={colors} colorTitle="Hardware"
                  title={`${c.label}: ${model}`} subtitle={`median per configuration · ${c.better} is better`}
                  valueLabel={`${c.label} (${c.unit})`} categoryLabel="hardware · precision · batch" />
              ) : <EmptyState key={c.field} title={`No ${c.label.toLowerCase()}`}>No row has the inputs for {c.unit} here.</EmptyState>)}
            </div>
            {derived ? <p className="view-note">Where <code>energy_j</code> is not stored, energy per item is derived as power_w / throughput_items_s (said in each tooltip).</p> : null}
          </>
        ) : <p role="status">Loading…</p>}
      </div>
    </section>
  );
}
