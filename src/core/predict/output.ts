import type { Row } from '../features/columns.ts';
import type { Prediction } from './predictor.ts';

export interface PredictionTable {
  readonly columns: string[];
  readonly rows: Record<string, unknown>[];
}

/** The columns a prediction adds to its query row, in order. */
export function predictionColumns(targets: readonly string[], explain = false): string[] {
  const cols = targets.flatMap((t) => [`pred_${t}`, `pred_${t}_lo`, `pred_${t}_hi`]);
  cols.push('confidence');
  if (explain) cols.push('novelty', 'hardware_seen', 'interval_basis', 'confidence_parts');
  return cols;
}

/**
 * Every query row, in order, with its predictions appended (the `perfcast predict` contract):
 * `pred_<target>`, `_lo` and `_hi` (the interval) per target, then `confidence`, the lowest
 * confidence over the targets.
 */
export function predictionTable(
  queryColumns: readonly string[],
  query: readonly Row[],
  predictions: ReadonlyMap<string, readonly Prediction[]>,
  targets: readonly string[],
  explain = false,
): PredictionTable {
  const added = predictionColumns(targets, explain);
  const kept = queryColumns.filter((c) => !added.includes(c));
  const rows = query.map((row, i) => {
    const out: Record<string, unknown> = {};
    for (const c of kept) out[c] = row[c] ?? null;
    let confidence = 1;
    for (const t of targets) {
      const p = predictions.get(t)?.[i];
      if (!p) throw new Error(`no prediction of ${t} for query row ${i + 1}`);
      out[`pred_${t}`] = p.value;
      out[`pred_${t}_lo`] = p.lo;
      out[`pred_${t}_hi`] = p.hi;
      confidence = Math.min(confidence, p.confidence);
    }
    out.confidence = Number(confidence.toFixed(3));
    if (explain) {
      const p = predictions.get(targets[0])![i];
      out.novelty = p.novelty;
      out.hardware_seen = p.hardware;
      out.interval_basis = p.intervalBasis;
      out.confidence_parts = p.parts.map((q) => `${q.name}=${q.value.toFixed(2)}`).join(';');
    }
    return out;
  });
  return { columns: [...kept, ...added], rows };
}
