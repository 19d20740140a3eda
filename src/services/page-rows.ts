/**
 * The rows the page's Predict view hands to the predict worker, built here rather than in the
 * view so a Node test can build exactly the same ones: the training rows (the training rule over
 * the records table) and the query rows.
 */
import type { Row } from '../core/features/columns.ts';
import { buildQueryGrid, type GridRequest } from '../core/predict/query-grid.ts';
import { quoteIdent } from '../core/sql.ts';
import { formatProblem, summarizeProblems } from '../core/schema/validate.ts';
import type { Connector } from '../data/connector.ts';
import type { ParsedTable } from '../data/parse/parse-table.ts';
import { queryRowsOf, recordsFromTable } from '../data/parse/read-records.ts';
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

/**
 * The query rows of a file of configurations the page is asked to predict, read as
 * `perfcast predict --query` reads one (column mapping, validation, every column of the file kept:
 * queryRowsOf), so both predict the same numbers for it. Every row must be predicted: a file with
 * a bad value is refused, naming it.
 */
export function pageFileQuery(fileName: string, table: ParsedTable): Row[] {
  const read = recordsFromTable(fileName, table, { check: 'rows' });
  const { problems, invalidRows, records } = read.validation;
  if (problems.length > 0) {
    throw new Error(`${fileName}: ${invalidRows} of ${records.length + invalidRows} rows have problems (${summarizeProblems(problems)}); every row must be predicted, so nothing was: ${problems.slice(0, 3).map(formatProblem).join('; ')}`);
  }
  return queryRowsOf(read);
}
