import { FIELDS } from '../schema/record.ts';
import { quoteIdent, quoteLiteral } from '../sql.ts';

/**
 * Pre-aggregation, the way Mosaic makes brushing over millions of rows fast: once per data
 * change the rows are grouped into one row per configuration (every filter column plus every
 * column a view groups by, and origin), holding each metric's median and the row count `n`.
 * Views then aggregate thousands of configurations instead of a million rows. A view's value
 * becomes the median over configurations of each configuration's median: every configuration
 * counts once however many repeat runs it has.
 */
export const CUBE_TABLE = 'records_cube';

/** A fixed random sample of rows for the 3-D view's points. */
export const SAMPLE_TABLE = 'records_sample';
export const SAMPLE_ROWS = 200_000;

export const CUBE_KEYS = [
  'model', 'hardware', 'execution_provider', 'precision', 'source', 'origin', 'platform', 'batch_size', 'seq_len',
] as const;

/** Numeric columns kept as per-configuration medians: every metric plus the model-size columns. */
export const CUBE_MEDIANS: readonly string[] = FIELDS
  .filter((f) => (f.group === 'metric' && f.name !== 'runs') || f.name === 'params_m' || f.name === 'gflops_per_item')
  .map((f) => f.name);

export function buildCubeSql(source = 'records'): string {
  const keys = CUBE_KEYS.map(quoteIdent).join(', ');
  const medians = CUBE_MEDIANS.map((c) => `median(${quoteIdent(c)})::DOUBLE AS ${quoteIdent(c)}`).join(',\n  ');
  return `CREATE OR REPLACE TABLE ${CUBE_TABLE} AS
SELECT ${keys}, count(*)::INTEGER AS n,
  ${medians}
FROM ${quoteIdent(source)} GROUP BY ${keys}`;
}

export function buildSampleSql(source = 'records', rows = SAMPLE_ROWS): string {
  return `CREATE OR REPLACE TABLE ${SAMPLE_TABLE} AS
SELECT * FROM ${quoteIdent(source)} USING SAMPLE reservoir(${quoteLiteral(rows)} ROWS) REPEATABLE (42)`;
}
