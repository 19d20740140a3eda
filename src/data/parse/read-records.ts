/**
 * A file's bytes to validated records: parse, map columns (or run an import preset), stamp
 * provenance, validate. The one pipeline behind `perfcast import` and the page's import, so
 * both accept and refuse the same rows with the same messages.
 */
import { applyMapping, stampProvenance, suggestMapping, type Mapping, type MappingOverride } from '../../core/schema/mapping.ts';
import { validateRows, type ValidationResult } from '../../core/schema/validate.ts';
import type { Preset } from '../../core/presets/preset.ts';
import { parseTable, type ParsedTable } from './parse-table.ts';

export interface ReadRecordsOptions {
  /** Written to every row's origin; default `file:<base name>`, or the preset's own origin. */
  readonly origin?: string;
  /** The user's column mapping overrides (ignored with a preset). */
  readonly overrides?: Readonly<Record<string, MappingOverride>>;
  readonly preset?: Preset;
  readonly maxBytes?: number;
  /** What the validation demands (see validateRows): complete records by default. */
  readonly check?: 'records' | 'rows';
}

export interface ReadRecordsResult {
  readonly fileName: string;
  readonly table: ParsedTable;
  /** How columns were mapped; null when a preset did the mapping. */
  readonly mapping: Mapping | null;
  readonly preset: Preset | null;
  /** The origin written to the rows (the preset's own where it sets one per row). */
  readonly origin: string;
  readonly validation: ValidationResult;
  /** One sentence saying what a problem's row number counts, for showing under the problems. */
  readonly rowNote: string;
}

export function baseName(fileName: string): string {
  return fileName.split(/[\\/]/).pop() ?? fileName;
}

function rowNote(file: string, table: ParsedTable, preset: boolean): string {
  if (preset) return 'Rows are numbered in the order the preset produced them (1 = first record).';
  if (table.rowLabel === 'line') return `Row numbers are lines in ${file} (the header is line 1).`;
  if (table.rowLabel === 'record') return `Row numbers are positions in ${file}'s JSON array (1 = first object).`;
  return `Row numbers count ${file}'s rows from 1.`;
}

/** Throws TableParseError for an unreadable file and MappingError for bad overrides. */
export async function readRecords(fileName: string, bytes: Uint8Array, opts: ReadRecordsOptions = {}): Promise<ReadRecordsResult> {
  const table = await parseTable(fileName, bytes, { maxBytes: opts.maxBytes });
  return recordsFromTable(fileName, table, opts);
}

/**
 * Maps (or runs the preset on) an already parsed table and validates it; cheap enough for the
 * page to re-run on every edit of the column mapping.
 */
export function recordsFromTable(fileName: string, table: ParsedTable, opts: Omit<ReadRecordsOptions, 'maxBytes'> = {}): ReadRecordsResult {
  const { preset } = opts;
  if (preset) {
    const rows = preset.toRecords(table.rows, baseName(fileName)).map((row) => {
      const stamped = stampProvenance({ ...row }, opts.origin);
      if (stamped.origin === undefined || stamped.origin === null || stamped.origin === '') stamped.origin = `preset:${preset.id}`;
      return stamped;
    });
    const validation = validateRows(rows, { file: fileName, check: opts.check });
    return { fileName, table, mapping: null, preset, origin: opts.origin ?? `preset:${preset.id}`, validation, rowNote: rowNote(fileName, table, true) };
  }
  const origin = opts.origin ?? `file:${baseName(fileName)}`;
  const mapping = suggestMapping(table.columns, opts.overrides ?? {});
  const mapped = applyMapping(table.rows, mapping, { origin });
  const validation = validateRows(mapped.rows, {
    file: fileName,
    check: opts.check,
    rowNumbers: table.rowNumbers,
    columnLabels: mapped.columnLabels,
    columnScales: mapped.columnScales,
  });
  return { fileName, table, mapping, preset: null, origin, validation, rowNote: rowNote(fileName, table, false) };
}

/**
 * A query table's rows as the models read them: the validated records, every mapped column of the
 * file kept in every row (null where its cell is empty). An empty column says the rows have no such
 * value (a GPU has no execution provider), as the page's grid rows say with null; dropped, it
 * would be no column of the query, and a model fitted for the query would leave it out.
 */
export function queryRowsOf(result: ReadRecordsResult): Record<string, unknown>[] {
  const rows = result.validation.records as unknown as Record<string, unknown>[];
  if (!result.mapping) return rows;
  const declared = result.mapping.map((m) => m.to).filter((c): c is string => c !== null);
  return rows.map((r) => {
    const out: Record<string, unknown> = { ...r };
    for (const c of declared) if (out[c] === undefined) out[c] = null;
    return out;
  });
}
