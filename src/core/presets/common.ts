import { findHardware, type HardwareSpec } from '../catalog/hardware.ts';
import type { Platform } from '../schema/record.ts';

/** A preset's input does not have the layout it expects; names the file, line and column. */
export class PresetError extends Error {
  constructor(preset: string, fileName: string, line: number | null, column: string | null, message: string) {
    const where = [fileName, line === null ? null : String(line)].filter((x) => x !== null).join(':');
    super(`preset ${preset}: ${where}${column ? `: column ${column}` : ''}: ${message}`);
    this.name = 'PresetError';
  }
}

/** Line of data row i in a CSV whose header is line 1. */
export const csvLine = (rowIndex: number): number => rowIndex + 2;

/**
 * A cell as a finite number, or null when empty. Text that is not a number throws, naming the
 * cell: a preset maps known public files, so a surprise means the file is not what it claims.
 */
export function cellNumber(
  preset: string, fileName: string, rowIndex: number, column: string, value: unknown,
): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new PresetError(preset, fileName, csvLine(rowIndex), column, `not a finite number: ${value}`);
    return value;
  }
  const text = String(value).trim();
  if (text === '') return null;
  const n = Number(text);
  if (!Number.isFinite(n)) throw new PresetError(preset, fileName, csvLine(rowIndex), column, `not a number: ${JSON.stringify(text)}`);
  return n;
}

export function cellText(value: unknown): string {
  return value === undefined || value === null ? '' : String(value).trim();
}

export function requireColumns(preset: string, fileName: string, columns: readonly string[], rows: readonly Record<string, unknown>[]): void {
  if (rows.length === 0) throw new PresetError(preset, fileName, null, null, 'the file has no data rows');
  const present = new Set(Object.keys(rows[0]));
  const missing = columns.filter((c) => !present.has(c));
  if (missing.length > 0) {
    throw new PresetError(preset, fileName, 1, null, `missing column(s) ${missing.join(', ')}; found ${[...present].join(', ')}`);
  }
}

/** The platform a device's published numbers were measured on, when the kind settles it. */
export function platformOf(spec: HardwareSpec | undefined): Platform | null {
  if (!spec) return null;
  switch (spec.kind) {
    case 'gpu': return spec.vendor === 'AMD' ? 'rocm' : spec.vendor === 'NVIDIA' ? 'cuda' : null;
    case 'cpu': case 'phone': case 'sbc': return 'cpu';
    case 'mcu': return 'mcu';
    case 'fpga': return 'fpga';
    case 'accelerator': return 'asic';
    default: return null;
  }
}

export function slug(text: string): string {
  return text.toLowerCase().replace(/[®™]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/** Catalog id for a device name, or a slug of the name when the catalog does not know it. */
export function hardwareId(name: string): { id: string; spec: HardwareSpec | undefined } {
  const spec = findHardware(name);
  return { id: spec?.id ?? slug(name), spec };
}

/** Gives repeated configuration keys a `#2`, `#3` suffix so repeated measurements stay distinct rows. */
export class RunIds {
  private readonly seen = new Map<string, number>();
  next(key: string): string {
    const n = (this.seen.get(key) ?? 0) + 1;
    this.seen.set(key, n);
    return n === 1 ? key : `${key}#${n}`;
  }
}
