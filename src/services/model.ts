/**
 * The saved predictor: fitting returns a plain, serialisable model that the page keeps in
 * IndexedDB, `perfcast train` writes to a JSON file, and every later prediction reloads instead
 * of refitting. A reloaded model predicts bit-identically (the state round-trips through
 * core/predict/codec.ts exactly).
 */
import { columnNames, isExcludedColumn, numericValue, type Row } from '../core/features/columns.ts';
import {
  decodePredictorState, encodePredictorState, fitPredictor, predictorFromState,
  type FittedPredictor, type HeldOutFigures, type Prediction, type PredictorOptions,
} from '../core/predict/predictor.ts';
import { fnv1a64 } from '../core/share/hash.ts';
import { PERFCAST_VERSION } from '../version.ts';
import { selectTrainingRows } from './training-rows.ts';
import { withModelFacts } from '../core/predict/query-grid.ts';

export const MODEL_FORMAT = 'perfcast-model';
export const MODEL_FORMAT_VERSION = 1;

export interface ModelSummary {
  readonly format: typeof MODEL_FORMAT;
  readonly formatVersion: number;
  /** Content id: the same data, target and options give the same id. */
  readonly id: string;
  readonly target: string;
  /** Hash of the training rows the model was fitted on (all their columns, order-free). */
  readonly dataHash: string;
  readonly trainRows: number;
  /** How many of the training rows were simulated (only with includeSimulated): its predictions rest on a simulation. */
  readonly simulatedTrainRows: number;
  readonly createdAt: string;
  readonly codeVersion: string;
  readonly level: number;
  readonly seed: number;
  /** Feature columns a query must carry. */
  readonly requiredColumns: readonly string[];
  readonly features: readonly string[];
  /** Rows the training set lost before fitting, and why. */
  readonly excluded: { readonly predictedOrSimulated: number; readonly noTarget: number };
  /** Figures on the rows the calibration fit held out (median APE, share within 25 %), per novelty. */
  readonly evaluation: readonly HeldOutFigures[];
}

export interface SavedModel extends ModelSummary {
  /** The predictor's fitted state, tagged JSON (core/predict/codec.ts). */
  readonly state: unknown;
}

export class ModelError extends Error {}

/** A cell as the hash and the canonical order read it: empty is null, BigInt a number, a date its ISO text. */
function cellValue(v: unknown): unknown {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString();
  return v;
}

/** Hash of rows, independent of row and key order. */
export function hashRows(rows: readonly Row[]): string {
  const columns = columnNames(rows).sort();
  const lines = rows.map((r) => JSON.stringify(columns.map((c) => cellValue(r[c]))));
  lines.sort();
  return fnv1a64(`${columns.join(',')}\n${lines.join('\n')}`);
}

/**
 * The same rows in one order, whatever order they came in: each row's columns by name (empty
 * cells left out), the rows by what the fit can read of them (the target and the columns that may
 * be features), then by the rest. A fit depends on the order of rows (the calibration split) and
 * of columns (the feature order), while the model id and the model cache key are order-free:
 * without this the page (rows in the order DuckDB's sample returns them, columns in the records
 * table's order) and 'perfcast predict' (the file's order) fitted models with one id and
 * different numbers. Provenance (source, origin: the page keeps 'measured', a file read by the
 * command line is 'imported') does not decide the order, so it cannot change the numbers either.
 */
export function canonicalRows(rows: readonly Row[], fit: { readonly target: string; readonly queryColumns?: readonly string[] }): Row[] {
  const query = fit.queryColumns ? new Set(fit.queryColumns) : null;
  const visible = (c: string): boolean => c === fit.target || (!isExcludedColumn(c, [fit.target]) && (!query || query.has(c)));
  const keyed = rows.map((r) => {
    const row: Record<string, unknown> = {};
    const seen: unknown[] = [];
    const rest: unknown[] = [];
    for (const k of Object.keys(r).sort()) {
      const v = cellValue(r[k]);
      if (v === null) continue;
      row[k] = r[k];
      (visible(k) ? seen : rest).push(k, v);
    }
    return { row: row as Row, seen: JSON.stringify(seen), rest: JSON.stringify(rest) };
  });
  const order = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  keyed.sort((a, b) => order(a.seen, b.seen) || order(a.rest, b.rest));
  return keyed.map((k) => k.row);
}

export interface TrainOptions extends Omit<PredictorOptions, 'target' | 'queryColumns'> {
  readonly target: string;
  /** Only columns a query will have become features (the `perfcast predict --train` form): see queryColumnsOf. */
  readonly queryColumns?: readonly string[];
  readonly now?: () => Date;
  /** See TrainingRowRule: simulated rows become training rows only when this is set. */
  readonly includeSimulated?: boolean;
}

export interface TrainedModel {
  readonly saved: SavedModel;
  readonly predictor: FittedPredictor;
}

/** The same rows, target, options and feature columns give the same id (however the columns were chosen). */
export function modelIdOf(dataHash: string, target: string, level: number, seed: number, featureColumns: readonly string[]): string {
  return `m-${fnv1a64(`${dataHash}|${target}|${level}|${seed}|${featureColumns.join(',')}|${MODEL_FORMAT_VERSION}|${PERFCAST_VERSION}`).slice(0, 12)}`;
}

/**
 * Rows as every model sees them, in training and in queries alike: the model catalog's facts
 * (parameters, FLOPs) filled in where the row lacks them. Hardware specs are not added as
 * columns: the physics reads them from the catalog anyway, and spec columns that only name the
 * hardware again let the trees memorise devices (ML.ENERGY with 10 shots: 35 % median error with
 * them, 32 % without).
 */
export function prepareRows(rows: readonly Row[]): Row[] {
  return rows.map(withModelFacts);
}

/** Chooses the training rows (measured and imported only) and fits a model of one target. */
export function trainModel(rows: readonly Row[], options: TrainOptions): TrainedModel {
  const { target } = options;
  const selection = selectTrainingRows(rows, target, { includeSimulated: options.includeSimulated });
  if (selection.rows.length === 0) {
    const why = selection.notData > 0 && selection.notData + selection.noTarget === rows.length && selection.noTarget === 0
      ? `all ${rows.length} rows are predicted or simulated${options.includeSimulated ? '' : ' (--include-simulated learns from simulated rows)'}`
      : `${selection.noTarget} of ${rows.length} rows lack a positive '${target}'${selection.notData ? ` and ${selection.notData} are predicted or simulated` : ''}`;
    throw new ModelError(`no row to learn '${target}' from: ${why}`);
  }
  const level = options.level ?? 0.8;
  const seed = options.seed ?? 1;
  const prepared = canonicalRows(prepareRows(selection.rows), options);
  const predictor = fitPredictor(prepared, { ...options, target, level, seed });
  const dataHash = hashRows(selection.rows);
  const summary: ModelSummary = {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    id: modelIdOf(dataHash, target, level, seed, predictor.requiredColumns),
    target,
    dataHash,
    trainRows: predictor.trainRows,
    simulatedTrainRows: selection.simulated,
    createdAt: (options.now ?? (() => new Date()))().toISOString(),
    codeVersion: PERFCAST_VERSION,
    level,
    seed,
    requiredColumns: predictor.requiredColumns,
    features: predictor.features,
    excluded: { predictedOrSimulated: selection.notData, noTarget: selection.noTarget },
    evaluation: predictor.state.evaluation,
  };
  return { saved: { ...summary, state: encodePredictorState(predictor.state) }, predictor };
}

/** Checks a parsed model file and rebuilds its predictor; throws ModelError naming what is wrong. */
export function loadModel(data: unknown, where = 'the model'): TrainedModel {
  const m = data as Partial<SavedModel> | null;
  if (!m || typeof m !== 'object' || m.format !== MODEL_FORMAT) throw new ModelError(`${where} is not a Perfcast model (no "format": "${MODEL_FORMAT}")`);
  if (m.formatVersion !== MODEL_FORMAT_VERSION) throw new ModelError(`${where} has model format version ${String(m.formatVersion)}; this Perfcast (${PERFCAST_VERSION}) reads version ${MODEL_FORMAT_VERSION}: train it again`);
  if (typeof m.target !== 'string' || !Array.isArray(m.requiredColumns) || typeof m.simulatedTrainRows !== 'number' || m.state === undefined) throw new ModelError(`${where} is incomplete (target, requiredColumns, simulatedTrainRows or state missing)`);
  let predictor: FittedPredictor;
  try {
    predictor = predictorFromState(decodePredictorState(m.state));
  } catch (error) {
    throw new ModelError(`${where} has a damaged state: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { saved: m as SavedModel, predictor };
}

/** The file form: JSON text of a saved model. */
export function serializeModel(model: SavedModel): string {
  return JSON.stringify(model);
}

export function parseModel(text: string, where = 'the model'): TrainedModel {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ModelError(`${where} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  return loadModel(data, where);
}

/**
 * Refuses a query the model cannot answer: every feature column the model learned from must be a
 * column of the query (a missing one would silently read as "unknown" in every row), and the
 * model must be of the target asked for.
 */
export function checkQuery(model: ModelSummary, queryColumns: readonly string[], target?: string, where = 'the query'): void {
  if (target !== undefined && target !== model.target) {
    throw new ModelError(`model ${model.id} predicts '${model.target}', not '${target}': train a model of '${target}'`);
  }
  const have = new Set(queryColumns);
  const missing = model.requiredColumns.filter((c) => !have.has(c));
  if (missing.length > 0) {
    throw new ModelError(`${where} lacks ${missing.length === 1 ? 'column' : 'columns'} ${missing.map((c) => `'${c}'`).join(', ')} that model ${model.id} was trained on; add ${missing.length === 1 ? 'it' : 'them'} or train a model without ${missing.length === 1 ? 'it' : 'them'}`);
  }
}

export interface ModelPredictions {
  readonly modelId: string;
  readonly target: string;
  readonly predictions: Prediction[];
}

/** The columns a query has once prepared like every model's rows. */
export function queryColumnsOf(query: readonly Row[]): string[] {
  return columnNames(prepareRows(query));
}

/** Predicts every query row, in order, after checking the query carries the model's features. */
export function predictWithModel(model: TrainedModel, query: readonly Row[], where = 'the query'): ModelPredictions {
  const prepared = prepareRows(query);
  checkQuery(model.saved, columnNames(prepared), undefined, where);
  return { modelId: model.saved.id, target: model.saved.target, predictions: model.predictor.predict(prepared) };
}

/** Items per measured unit of a row (its batch size; 1 where it has none). */
export function itemsOf(row: Row): number {
  const b = numericValue(row.batch_size);
  return b > 0 ? b : 1;
}
