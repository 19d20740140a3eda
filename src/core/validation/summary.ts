/**
 * Validation records pair what the predictor said before a run with what the run measured.
 * This summarises them per group: how far off the predictions were and how often the stated
 * interval held the measurement (an 80 % interval should hold about 80 %).
 */
export interface ValidationRecord {
  readonly run_id: string;
  readonly model: string;
  readonly hardware: string;
  readonly batch_size: number;
  readonly seq_len: number | null;
  readonly precision: string;
  readonly predictor_id: string | null;
  readonly predicted_latency_ms: number | null;
  readonly predicted_lo_ms: number | null;
  readonly predicted_hi_ms: number | null;
  readonly interval_level: number | null;
  readonly measured_latency_ms: number;
  readonly error_pct: number | null;
  readonly inside_interval: boolean | null;
}

export interface ValidationGroup {
  readonly hardware: string;
  readonly model: string;
  readonly runs: number;
  /** Runs that had a prediction to compare with. */
  readonly predicted: number;
  readonly medianAbsErrorPct: number | null;
  readonly meanAbsErrorPct: number | null;
  /** Share of predicted runs whose measurement fell inside the interval. */
  readonly coverage: number | null;
  readonly level: number | null;
}

function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function summarizeValidation(records: readonly ValidationRecord[], by: 'hardware+model' | 'hardware' | 'all' = 'hardware+model'): ValidationGroup[] {
  const groups = new Map<string, ValidationRecord[]>();
  for (const r of records) {
    const key = by === 'all' ? '*' : by === 'hardware' ? r.hardware : `${r.hardware}\u0000${r.model}`;
    const list = groups.get(key) ?? [];
    list.push(r);
    groups.set(key, list);
  }
  return [...groups.values()].map((list) => {
    const withPrediction = list.filter((r) => r.predicted_latency_ms !== null && r.error_pct !== null);
    const errors = withPrediction.map((r) => Math.abs(r.error_pct!)).sort((a, b) => a - b);
    const judged = withPrediction.filter((r) => r.inside_interval !== null);
    const levels = [...new Set(judged.map((r) => r.interval_level))];
    return {
      hardware: by === 'all' ? '*' : list[0].hardware,
      model: by === 'hardware+model' ? list[0].model : '*',
      runs: list.length,
      predicted: withPrediction.length,
      medianAbsErrorPct: median(errors),
      meanAbsErrorPct: errors.length ? errors.reduce((a, b) => a + b, 0) / errors.length : null,
      coverage: judged.length ? judged.filter((r) => r.inside_interval).length / judged.length : null,
      level: levels.length === 1 ? levels[0] : null,
    };
  }).sort((a, b) => (a.hardware + a.model < b.hardware + b.model ? -1 : 1));
}

/** When to suggest refining the predictor from the validation records, and why. */
export interface RefinementAdvice {
  readonly due: boolean;
  readonly why: string;
  /** The update the agent would run ('refit': the measured runs join the training rows). */
  readonly strategy: 'refit' | null;
}

export const REFINE_MIN_RUNS = 3;
export const REFINE_ERROR_PCT = 20;
/** How far below the nominal level the interval coverage may fall before it counts as broken. */
export const REFINE_COVERAGE_SLACK = 0.2;

/**
 * Advice over the runs not yet learned from: refine when the median |error| passes
 * REFINE_ERROR_PCT or the intervals hold clearly fewer measurements than they claim.
 */
export function adviseRefinement(unlearned: readonly ValidationRecord[]): RefinementAdvice {
  const [all] = summarizeValidation(unlearned, 'all');
  if (!all || all.predicted < REFINE_MIN_RUNS) {
    return { due: false, strategy: null, why: `${all?.predicted ?? 0} new measured run${all?.predicted === 1 ? '' : 's'} with a prediction; advice needs at least ${REFINE_MIN_RUNS}` };
  }
  const error = all.medianAbsErrorPct!;
  const reasons: string[] = [];
  if (error > REFINE_ERROR_PCT) reasons.push(`median |error| ${error.toFixed(1)} % is over ${REFINE_ERROR_PCT} %`);
  if (all.coverage !== null && all.level !== null && all.coverage < all.level - REFINE_COVERAGE_SLACK) {
    reasons.push(`only ${(all.coverage * 100).toFixed(0)} % of measurements fell inside the ${(all.level * 100).toFixed(0)} % intervals`);
  }
  if (reasons.length === 0) {
    return { due: false, strategy: null, why: `on ${all.predicted} new runs the median |error| is ${error.toFixed(1)} % and ${all.coverage === null ? 'coverage is unknown' : `${(all.coverage * 100).toFixed(0)} % fell inside the intervals`}: no refinement needed` };
  }
  return {
    due: true, strategy: 'refit',
    why: `${reasons.join(' and ')} on ${all.predicted} new runs: refit with these measurements added to the training rows (they are this machine's own runs, so the hardware stops being unseen)`,
  };
}

export interface ValidationFigures {
  readonly runs: number;
  readonly medianAbsErrorPct: number | null;
  readonly meanAbsErrorPct: number | null;
  readonly coverage: number | null;
}

/** What a refinement did, as the agent stores and streams it ('refined' events). */
export interface RefinementEvent {
  readonly strategy: 'refit';
  readonly run_ids: string[];
  readonly model_before: string;
  readonly model_after: string;
  readonly folds: number;
  /** The predictions recorded before the runs. */
  readonly before: ValidationFigures;
  /** Out-of-fold predictions of refits on the same runs. */
  readonly after: ValidationFigures;
}

/** The agent's GET /api/predictor. */
export interface PredictorStatus {
  readonly model_id: string;
  readonly target: string;
  readonly train_rows: number;
  readonly data: string;
  readonly fitted_at: string;
  readonly learned_runs: number;
  readonly unlearned_runs: number;
  readonly advice: RefinementAdvice;
  readonly last_refinement: RefinementEvent | null;
}
