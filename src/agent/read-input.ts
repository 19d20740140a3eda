/**
 * How `perfcast train`, `predict` and `eval` read their files: through the same import pipeline
 * as `perfcast import` (parse, column mapping or preset, provenance stamp, validation), so a
 * wrong value is named by file, row and column the same way. Training and query rows need not be
 * complete records (a query has no metric), so only the values a row has are checked. A training
 * row with a bad value is left out and counted; a query row cannot be: it is an error.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { UsageError, type Io } from './command.ts';
import { findPreset, PRESETS } from '../core/presets/index.ts';
import { PresetError } from '../core/presets/common.ts';
import { formatProblem, summarizeProblems } from '../core/schema/validate.ts';
import { MappingError } from '../core/schema/mapping.ts';
import type { Row } from '../core/features/columns.ts';
import { TableParseError } from '../data/parse/parse-table.ts';
import { queryRowsOf, readRecords } from '../data/parse/read-records.ts';

const MAX_INPUT_BYTES = 1024 ** 3;
const LISTED = 5;

export interface InputTable {
  /** Rows as the models see them: mapped record fields, validated. */
  readonly rows: Row[];
  readonly columns: string[];
  /** The file's own rows and columns, for writing a query back out unchanged (same order as rows). */
  readonly original: { readonly rows: Row[]; readonly columns: string[] };
  readonly preset: string | null;
  readonly skipped: number;
}

export async function readInput(path: string, purpose: 'train' | 'query', io: Io, presetId?: string): Promise<InputTable> {
  const preset = presetId ? findPreset(presetId) : undefined;
  if (presetId && !preset) throw new UsageError(`unknown preset '${presetId}'; known: ${PRESETS.map((p) => p.id).join(', ')}`);
  let bytes: Uint8Array;
  try {
    const { size } = await stat(path);
    if (size > MAX_INPUT_BYTES) throw new UsageError(`${path}: is ${(size / 1024 ** 2).toFixed(1)} MiB, over the ${MAX_INPUT_BYTES / 1024 ** 3} GiB limit`);
    bytes = await readFile(path);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read: ${(error as Error).message}`);
  }
  let read;
  try {
    read = await readRecords(path, bytes, { preset, maxBytes: MAX_INPUT_BYTES, check: 'rows' });
    if (!preset && !read.table.columns.includes('hardware') && !read.table.columns.includes('model')) {
      const detected = PRESETS.find((p) => p.matches(basename(path), read!.table.columns));
      if (detected) read = await readRecords(path, bytes, { preset: detected, maxBytes: MAX_INPUT_BYTES, check: 'rows' });
    }
  } catch (error) {
    if (error instanceof TableParseError || error instanceof MappingError || error instanceof PresetError) throw new UsageError(error.message);
    throw error;
  }
  const { validation, table } = read;
  if (table.rows.length === 0) throw new UsageError(`${path}: has no data rows`);
  const total = validation.records.length + validation.invalidRows;
  if (validation.problems.length > 0) {
    const listed = validation.problems.slice(0, LISTED).map(formatProblem).join('\n');
    const more = validation.problems.length > LISTED ? `\n... and ${validation.problems.length - LISTED} more problems` : '';
    if (purpose === 'query') {
      throw new UsageError(`${path}: ${validation.invalidRows} of ${total} rows have problems (${summarizeProblems(validation.problems)}); every query row must be predicted, so nothing was:\n${listed}${more}`);
    }
    io.err(`${listed}${more}\n${path}: left out ${validation.invalidRows} of ${total} rows with problems (${summarizeProblems(validation.problems)}); learning from the other ${validation.records.length}.`);
  }
  // A query's columns are its file's columns, empty or not (queryRowsOf), as the page reads a query file.
  const rows = (purpose === 'query' ? queryRowsOf(read) : validation.records) as unknown as Row[];
  if (rows.length === 0) throw new UsageError(`${path}: no valid rows`);
  const columns = [...new Set(rows.flatMap((r, i) => (i < 2000 || i === rows.length - 1 ? Object.keys(r) : [])))];
  const original = read.preset ? { rows, columns } : { rows: table.rows as Row[], columns: table.columns };
  return { rows, columns, original, preset: read.preset?.id ?? null, skipped: validation.invalidRows };
}
