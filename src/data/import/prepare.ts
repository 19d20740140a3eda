/**
 * The import pipeline shared by the page and the command line: parse a file, map its columns
 * (or apply a preset), validate every row. Nothing is stored here; committing is the caller's
 * step, so the user can look at the mapping and the problems first.
 */
import { applyMapping, stampProvenance, suggestMapping, type Mapping, type MappingOverride } from '../../core/schema/mapping.ts';
import { validateRows, type ValidationResult } from '../../core/schema/validate.ts';
import type { Preset } from '../../core/presets/index.ts';
import { parseTable, type ParsedTable, type ParseOptions } from '../parse/parse-table.ts';

export interface PrepareOptions extends ParseOptions {
  /** Written to every row's origin; default `file:<name>` (or `preset:<id>` with a preset). */
  readonly origin?: string;
  readonly overrides?: Readonly<Record<string, MappingOverride>>;
  readonly preset?: Preset;
}

export interface PreparedImport {
  readonly fileName: string;
  readonly table: ParsedTable;
  /** Null when a preset did the mapping. */
  readonly mapping: Mapping | null;
  readonly preset: Preset | null;
  readonly origin: string;
  readonly validation: ValidationResult;
}

export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** Maps and validates an already parsed table; cheap enough to re-run on every mapping edit. */
export function validateTable(fileName: string, table: ParsedTable, opts: Omit<PrepareOptions, keyof ParseOptions> = {}): PreparedImport {
  const name = baseName(fileName);
  if (opts.preset) {
    const preset = opts.preset;
    const origin = opts.origin ?? `preset:${preset.id}`;
    const rows = preset.toRecords(table.rows, name).map((row) => {
      const stamped = stampProvenance({ ...row }, opts.origin);
      if (stamped.origin === undefined || stamped.origin === null || stamped.origin === '') stamped.origin = origin;
      return stamped;
    });
    return { fileName, table, mapping: null, preset, origin, validation: validateRows(rows, { file: fileName }) };
  }
  const origin = opts.origin ?? `file:${name}`;
  const mapping = suggestMapping(table.columns, opts.overrides ?? {});
  const mapped = applyMapping(table.rows, mapping, { origin });
  const validation = validateRows(mapped.rows, { file: fileName, rowNumbers: table.rowNumbers, columnLabels: mapped.columnLabels });
  return { fileName, table, mapping, preset: null, origin, validation };
}

export async function prepareImport(fileName: string, bytes: Uint8Array, opts: PrepareOptions = {}): Promise<PreparedImport> {
  const table = await parseTable(fileName, bytes, opts);
  return validateTable(fileName, table, opts);
}
