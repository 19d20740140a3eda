import type { Prediction } from '../../core/predict/predictor.ts';
import type { NeighbourRow } from '../../workers/predict-protocol.ts';
import type { MatrixCell } from './PredictionMatrix.tsx';
import { formatValue } from './format.ts';
import { confidenceSentence, intervalSource, rangeText } from '../../core/predict/explain.ts';

/** Why a prediction is as trustworthy as it says: the confidence parts, the interval's basis, the nearest measurements. */
export function PredictionDetail({ cell, prediction: p, neighbours, target, unit, modelId }: { cell: MatrixCell; prediction: Prediction; neighbours: readonly NeighbourRow[]; target: string; unit: string; modelId: string }) {
  const r = cell.row;
  return (
    <section className="panel" aria-label="Prediction detail">
      <h3>
        {String(r.model)} on {String(r.hardware)}, batch {String(r.batch_size)}, {String(r.precision)}
        {r.seq_len !== undefined ? `, seq ${String(r.seq_len)}` : ''}
      </h3>
      <p>
        <span className="badge badge-predicted">predicted</span> {target} = {p.unknown ? <span>about {formatValue(p.value)} {unit}</span> : <strong>{formatValue(p.value)} {unit}</strong>}, {rangeText(p, formatValue, unit)}.{' '}
        {confidenceSentence(p)} The range comes from {intervalSource(p)}. Model <code>{modelId}</code>.
      </p>
      <table className="preview-table" aria-label="Confidence parts">
        <thead><tr><th>part</th><th>score</th><th>weight</th><th>why</th></tr></thead>
        <tbody>
          {p.parts.map((part) => (
            <tr key={part.name}><td>{part.name}</td><td>{part.value.toFixed(2)}</td><td>{part.weight.toFixed(2)}</td><td>{part.detail}</td></tr>
          ))}
        </tbody>
      </table>
      <h4>Nearest measured configurations</h4>
      {neighbours.length === 0 ? <p>None.</p> : (
        <table className="preview-table" aria-label="Nearest measured configurations">
          <thead><tr><th>source</th><th>model</th><th>hardware</th><th>batch</th><th>precision</th><th>seq</th><th>{target} ({unit})</th><th>distance</th></tr></thead>
          <tbody>
            {neighbours.map((n, i) => (
              <tr key={i}>
                <td><span className={`badge badge-${String(n.row.source)}`} title={String(n.row.origin ?? '')}>{String(n.row.source ?? '')}</span></td>
                <td>{String(n.row.model ?? '')}</td><td>{String(n.row.hardware ?? '')}</td><td>{String(n.row.batch_size ?? '')}</td>
                <td>{String(n.row.precision ?? '')}</td><td>{String(n.row.seq_len ?? '')}</td>
                <td>{typeof n.row[target] === 'number' ? formatValue(n.row[target] as number) : ''}</td><td>{n.distance.toFixed(2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
