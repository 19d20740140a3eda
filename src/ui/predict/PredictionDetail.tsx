import type { Prediction } from '../../core/predict/predictor.ts';
import type { NeighbourRow } from '../../workers/predict-protocol.ts';
import type { MatrixCell } from './PredictionMatrix.tsx';
import { formatValue } from './format.ts';

const NOVELTY: Record<string, string> = {
  seen: 'model and hardware both measured',
  'few-shot': 'hardware measured only a few times (few-shot calibrated)',
  'unseen-model': 'this model was never measured',
  'unseen-hardware': 'this hardware was never measured: predicted from its specs',
  'unseen-both': 'neither the model nor the hardware was measured',
};

/** Why a prediction is as trustworthy as it says: the confidence parts, the interval's basis, the nearest measurements. */
export function PredictionDetail({ cell, prediction: p, neighbours, target, unit }: { cell: MatrixCell; prediction: Prediction; neighbours: readonly NeighbourRow[]; target: string; unit: string }) {
  const r = cell.row;
  return (
    <section className="panel" aria-label="Prediction detail">
      <h3>
        {String(r.model)} on {String(r.hardware)}, batch {String(r.batch_size)}, {String(r.precision)}
        {r.seq_len !== undefined ? `, seq ${String(r.seq_len)}` : ''}
      </h3>
      <p>
        <span className="badge badge-predicted">predicted</span> {target} = <strong>{formatValue(p.value)} {unit}</strong>, 80% interval {formatValue(p.lo)}–{formatValue(p.hi)} {unit}.{' '}
        Confidence <strong>{p.confidence.toFixed(2)}</strong>: {NOVELTY[p.novelty] ?? p.novelty}. Interval from {p.intervalBasis}.
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
