/**
 * Which rows a model may learn from: measured and imported data, never a prediction or a
 * simulation (a model trained on its own output only grows more sure of itself). A row without a
 * `source` column came from a user's file that the import pipeline did not stamp; it counts as imported.
 */
import { categoryValue, numericValue, type Row } from '../core/features/columns.ts';

export const TRAINING_SOURCES = ['measured', 'imported'] as const;

export interface TrainingSelection {
  readonly rows: Row[];
  /** Rows left out because their source is predicted or simulated. */
  readonly notData: number;
  /** Rows left out because the target is missing, not a number or not positive. */
  readonly noTarget: number;
  /** Simulated rows kept because the rule includes them. */
  readonly simulated: number;
}

export interface TrainingRowRule {
  /**
   * Learn from simulated rows too: only when the user asks for it (a test of the predictor on a
   * known law, `--include-simulated`); predictions are never learned from.
   */
  readonly includeSimulated?: boolean;
}

export function isTrainingSource(row: Row, rule: TrainingRowRule = {}): boolean {
  const source = categoryValue(row.source);
  if (source === null || (TRAINING_SOURCES as readonly string[]).includes(source)) return true;
  return rule.includeSimulated === true && source === 'simulated';
}

export function selectTrainingRows(rows: readonly Row[], target: string, rule: TrainingRowRule = {}): TrainingSelection {
  const out: Row[] = [];
  let notData = 0;
  let noTarget = 0;
  let simulated = 0;
  for (const row of rows) {
    if (!isTrainingSource(row, rule)) notData++;
    else if (!(numericValue(row[target]) > 0)) noTarget++;
    else {
      if (categoryValue(row.source) === 'simulated') simulated++;
      out.push(row);
    }
  }
  return { rows: out, notData, noTarget, simulated };
}

/** The SQL form of the same rule, for the page's DuckDB queries. */
export const TRAINING_SOURCE_SQL = `(source IS NULL OR source IN (${TRAINING_SOURCES.map((s) => `'${s}'`).join(', ')}))`;
