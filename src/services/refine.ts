/**
 * The update step of the validation loop: measured runs join the training rows and the model is
 * refitted. Its "after" figures are honest: every validation record is predicted by a model that
 * did not learn from any run of the same configuration (grouped k-fold), and compared with the
 * prediction that was recorded before the run ("before").
 */
import type { Row } from '../core/features/columns.ts';
import { summarizeValidation, type ValidationFigures, type ValidationRecord } from '../core/validation/summary.ts';
import { predictWithModel, trainModel, type TrainOptions } from './model.ts';

export interface RefinementCheck {
  readonly strategy: 'refit';
  /** Measured runs added to the training rows. */
  readonly added: number;
  readonly folds: number;
  /** The predictions recorded before each run. */
  readonly before: ValidationFigures;
  /** Out-of-fold predictions of a model refitted with the other configurations' runs. */
  readonly after: ValidationFigures;
  /** The same records, each with its out-of-fold prediction. */
  readonly records: readonly ValidationRecord[];
}

export const MAX_REFINE_FOLDS = 5;

function configurationKey(r: Row): string {
  return ['model', 'hardware', 'batch_size', 'seq_len', 'precision', 'execution_provider', 'threads'].map((c) => String(r[c] ?? '')).join('|');
}

function figures(records: readonly ValidationRecord[]): ValidationFigures {
  const [all] = summarizeValidation(records, 'all');
  return { runs: all?.predicted ?? 0, medianAbsErrorPct: all?.medianAbsErrorPct ?? null, meanAbsErrorPct: all?.meanAbsErrorPct ?? null, coverage: all?.coverage ?? null };
}

/**
 * Checks a refit before it is adopted. `measured` are the runs (each with the run_id of its
 * validation record); validation records without a measured run are left out of both figures.
 */
export function checkRefinement(base: readonly Row[], measured: readonly Row[], validations: readonly ValidationRecord[], options: TrainOptions): RefinementCheck {
  const byRun = new Map(measured.map((r) => [String(r.run_id), r]));
  const paired = validations.filter((v) => byRun.has(v.run_id) && v.predicted_latency_ms !== null);
  const keys = [...new Set(paired.map((v) => configurationKey(byRun.get(v.run_id)!)))].sort();
  const folds = Math.min(MAX_REFINE_FOLDS, keys.length);
  const foldOf = new Map(keys.map((k, i) => [k, i % Math.max(folds, 1)]));
  const after: ValidationRecord[] = [];
  for (let fold = 0; fold < folds; fold++) {
    const held = paired.filter((v) => foldOf.get(configurationKey(byRun.get(v.run_id)!)) === fold);
    const learned = measured.filter((r) => foldOf.get(configurationKey(r)) !== fold);
    const model = trainModel([...base, ...learned], options);
    const { predictions } = predictWithModel(model, held.map((v) => byRun.get(v.run_id)!), 'the measured runs');
    held.forEach((v, i) => {
      const p = predictions[i];
      after.push({
        ...v, predictor_id: model.saved.id, predicted_latency_ms: p.value, predicted_lo_ms: p.lo, predicted_hi_ms: p.hi,
        interval_level: model.saved.level, error_pct: ((v.measured_latency_ms - p.value) / v.measured_latency_ms) * 100,
        inside_interval: v.measured_latency_ms >= p.lo && v.measured_latency_ms <= p.hi,
      });
    });
  }
  return { strategy: 'refit', added: measured.length, folds, before: figures(paired), after: figures(after), records: after };
}
