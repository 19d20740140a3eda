/**
 * The rows the agent learns from: a benchmark file read through the same import pipeline as
 * `perfcast import` and `perfcast predict` (mapping, validation, row and column errors); which
 * of them are training rows is the service layer's rule (services/training-rows).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Row } from '../../core/features/columns.ts';
import { isTrainingSource } from '../../services/training-rows.ts';
import type { Io } from '../command.ts';
import { readInput } from '../read-input.ts';

export const SHIPPED_DATA = resolve(fileURLToPath(new URL('../../../public/data/default.parquet', import.meta.url)));

export interface TrainingData {
  /** The file, as given. */
  readonly label: string;
  /** Every valid row of the file; the model chooses its training rows from them. */
  readonly rows: readonly Row[];
  /** Rows that are not training rows because they are predicted or simulated. */
  readonly leftOut: number;
}

const quiet: Io = { out: () => {}, err: () => {} };

export async function loadTrainingData(path: string = SHIPPED_DATA, io: Io = quiet): Promise<TrainingData> {
  const { rows } = await readInput(path, 'train', io);
  const leftOut = rows.filter((r) => !isTrainingSource(r)).length;
  if (leftOut === rows.length) throw new Error(`${path}: has no measured or imported rows (all ${rows.length} are predicted or simulated)`);
  return { label: path === SHIPPED_DATA ? 'shipped data set (public/data/default.parquet)' : path, rows, leftOut };
}
