import type { Row } from '../../core/features/columns.ts';
import type { Prediction } from '../../core/predict/predictor.ts';
import { formatValue } from './format.ts';
import { rangeText } from '../../core/predict/explain.ts';

export interface MatrixCell {
  readonly index: number;
  readonly row: Row;
}

interface Props {
  query: readonly Row[];
  predictions: readonly Prediction[];
  measured: ReadonlyMap<string, number>;
  target: string;
  unit: string;
  selected: MatrixCell | null;
  onSelect(cell: MatrixCell): void;
  cellKey(row: Record<string, unknown>): string;
}

/** Confidence as shading: the more trustworthy, the deeper the colour. */
function shade(confidence: number): string {
  const alpha = 0.08 + 0.55 * Math.max(0, Math.min(1, confidence));
  return `rgba(161, 92, 0, ${alpha.toFixed(3)})`;
}

/** One hardware x batch table per precision and sequence length, every cell a prediction with its interval. */
export function PredictionMatrix({ query, predictions, measured, target, unit, selected, onSelect, cellKey }: Props) {
  const groups = new Map<string, number[]>();
  query.forEach((row, i) => {
    const key = `${String(row.precision)}${row.seq_len !== undefined ? `, seq ${String(row.seq_len)}` : ''}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  return (
    <div className="prediction-matrices">
      {[...groups].map(([group, indices]) => {
        const batches = [...new Set(indices.map((i) => Number(query[i].batch_size)))].sort((a, b) => a - b);
        const hardware = [...new Set(indices.map((i) => String(query[i].hardware)))];
        const at = new Map(indices.map((i) => [`${String(query[i].hardware)}|${String(query[i].batch_size)}`, i]));
        return (
          <table key={group} className="prediction-matrix" aria-label={`Predicted ${target}, ${group}`}>
            <caption>
              <span className="badge badge-predicted">predicted</span> {target}{unit ? ` (${unit})` : ''}, {String(query[indices[0]].model)}, {group}: median and 80% interval; shading = confidence
            </caption>
            <thead>
              <tr>
                <th scope="col">hardware \ batch</th>
                {batches.map((b) => <th key={b} scope="col">{b}</th>)}
              </tr>
            </thead>
            <tbody>
              {hardware.map((hw) => (
                <tr key={hw}>
                  <th scope="row">{hw}</th>
                  {batches.map((b) => {
                    const i = at.get(`${hw}|${b}`);
                    if (i === undefined) return <td key={b} />;
                    const p = predictions[i];
                    const m = measured.get(cellKey(query[i]));
                    const isSelected = selected?.index === i;
                    return (
                      <td
                        key={b}
                        className={`prediction-cell${isSelected ? ' selected' : ''}`}
                        style={{ background: shade(p.confidence) }}
                        title={`predicted ${formatValue(p.value)} ${unit} (${rangeText(p, formatValue, unit)}), confidence ${p.confidence.toFixed(2)}`}
                      >
                        <button type="button" onClick={() => onSelect({ index: i, row: query[i] })} aria-label={`${hw} batch ${b}: predicted ${formatValue(p.value)} ${unit}`}>
                          {p.unknown
                            ? <span className="pred-unknown">we do not know</span>
                            : <><span className="pred-value">{formatValue(p.value)}</span><span className="pred-interval">{formatValue(p.lo)}–{formatValue(p.hi)}</span></>}
                          <span className="pred-confidence">conf {p.confidence.toFixed(2)}</span>
                          {m !== undefined && <span className="pred-measured" title="the median of measured/imported rows for this exact configuration">measured {formatValue(m)}</span>}
                        </button>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        );
      })}
    </div>
  );
}
