import type { Scalar } from '../../core/schema/record.ts';

const LABEL: Record<string, string> = {
  measured: 'measured',
  imported: 'imported',
  predicted: 'predicted',
  simulated: 'simulated',
};

/** Every row and mark says where its numbers came from; the origin is in the tooltip. */
export function ProvenanceBadge({ source, origin }: { source: Scalar | undefined; origin?: Scalar | undefined }) {
  const s = typeof source === 'string' && source in LABEL ? source : 'unknown';
  const title = origin ? `${LABEL[s] ?? s}: ${String(origin)}` : (LABEL[s] ?? s);
  return (
    <span className={`badge badge-${s}`} title={title} data-source={s}>
      {LABEL[s] ?? 'unknown'}
    </span>
  );
}
