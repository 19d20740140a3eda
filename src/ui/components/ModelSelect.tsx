import { useViewStore } from '../stores/view.ts';

/** The shared "which model" choice of the dashboard views; it lives in the view store, so links carry it. */
export function ModelSelect({ model, models }: { model: string | null; models: readonly string[] }) {
  const setOptions = useViewStore((s) => s.setOptions);
  return (
    <label>Model
      <select value={model ?? ''} onChange={(e) => setOptions({ model: e.target.value })} aria-label="Model">
        {models.map((m) => <option key={m} value={m}>{m}</option>)}
      </select>
    </label>
  );
}
