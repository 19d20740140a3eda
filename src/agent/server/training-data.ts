/** The rows the agent learns from: a benchmark file, measured and imported rows only. */
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Row } from '../../core/features/columns.ts';
import { parseTable } from '../../data/parse/index.ts';

export const SHIPPED_DATA = resolve(fileURLToPath(new URL('../../../public/data/default.parquet', import.meta.url)));

export interface TrainingData {
  /** The file, as given. */
  readonly label: string;
  readonly rows: readonly Row[];
  /** Rows left out because they are predicted or simulated, not measurements. */
  readonly leftOut: number;
}

export class TrainingDataError extends Error {}

export async function loadTrainingData(path: string = SHIPPED_DATA): Promise<TrainingData> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (error) {
    throw new TrainingDataError(`cannot read data file '${path}': ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let table;
  try {
    table = await parseTable(basename(path), bytes);
  } catch (error) {
    throw new TrainingDataError(`cannot parse data file '${path}': ${error instanceof Error ? error.message : String(error)}`);
  }
  for (const column of ['model', 'hardware', 'latency_ms']) {
    if (!table.columns.includes(column)) throw new TrainingDataError(`data file '${path}' has no column '${column}' (columns: ${table.columns.join(', ')})`);
  }
  // A file without a source column is the user's own table of results: imported.
  const rows = (table.rows as Row[]).filter((r) => r.source === undefined || r.source === null || r.source === 'measured' || r.source === 'imported');
  if (rows.length === 0) throw new TrainingDataError(`data file '${path}' has no measured or imported rows`);
  return { label: path === SHIPPED_DATA ? 'shipped data set (public/data/default.parquet)' : path, rows, leftOut: table.rows.length - rows.length };
}
