import { COLUMN_METRICS, metricAxisLabel } from '../../core/query/metrics.ts';
import { useViewStore } from '../stores/view.ts';

/** The shared metric choice of the dashboard views; it lives in the view store, so links carry it. */
export function MetricSelect({ metric }: { metric: string }) {
  const setOptions = useViewStore((s) => s.setOptions);
  return (
    <label>Metric
      <select value={metric} onChange={(e) => setOptions({ metric: e.target.value })} aria-label="Metric">
        {COLUMN_METRICS.map((m) => <option key={m.id} value={m.id}>{metricAxisLabel(m)}</option>)}
      </select>
    </label>
  );
}
