/**
 * The rows the page's Predict view hands to the predict worker, built here rather than in the
 * view so a Node test can build exactly the same ones: the training rows (the training rule over
 * the records table) and the query rows.
 */
import type { Row } from '../core/features/columns.ts';
import { buildQueryGrid, type GridRequest } from '../core/predict/query-grid.ts';
import { quoteIdent } from '../core/sql.ts';
import type { Connector } from '../data/connector.ts';
import { IMPORT_ID } from '../data/store/index.ts';
import { TRAINING_SOURCE_SQL } from './training-rows.ts';
import { withRunSettings } from './run-settings.ts';

/** The page learns from at most this many rows: a repeatable sample of the records table. */
export const PAGE_TRAIN_LIMIT = 20000;

/** Training rows (the service's rule: measured and imported data only, never earlier predictions), a repeatable sample. */
export function pageTrainingSql(target: string): string {
  return `SELECT * EXCLUDE (${quoteIdent(IMPORT_ID)}) FROM records WHERE ${TRAINING_SOURCE_SQL} AND ${quoteIdent(target)} > 0 USING SAMPLE reservoir(${PAGE_TRAIN_LIMIT} ROWS) REPEATABLE (7)`;
}

/** Rows without their empty cells (a wide records table is mostly nulls; the worker need not be sent them). */
export function withoutNulls(rows: readonly Record<string, unknown>[]): Row[] {
  return rows.map((r) => {
    const out: Record<string, unknown> = {};
    for (const k in r) if (r[k] !== null && r[k] !== undefined) out[k] = r[k];
    return out;
  });
}

/** The rows of the records table the page learns `target` from. */
export async function pageTrainingRows(connector: Connector, target: string): Promise<Row[]> {
  return withoutNulls((await connector.query(pageTrainingSql(target))).rows);
}

/**
 * The query rows of the page's hardware x batch matrix: the grid's configurations, each at the
 * run settings its hardware was most often measured with in `train` (run-settings.ts). These rows,
 * written to a file, are what `perfcast predict --query` predicts the same numbers for.
 */
export function pageGridQuery(train: readonly Row[], request: GridRequest): Row[] {
  return withRunSettings(train, buildQueryGrid(request));
}
