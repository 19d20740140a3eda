import { FIELDS, FIELD_BY_NAME, type FieldType } from '../../core/schema/record.ts';
import type { ColumnInfo } from '../connector.ts';

const DUCK_TYPES: Readonly<Record<FieldType, string>> = {
  string: 'VARCHAR',
  integer: 'BIGINT',
  number: 'DOUBLE',
  timestamp: 'TIMESTAMP',
};

/** The DuckDB type of a record field, or undefined for a name that is not one. */
export function fieldDuckType(name: string): string | undefined {
  const spec = FIELD_BY_NAME.get(name);
  return spec ? DUCK_TYPES[spec.type] : undefined;
}

/** Every record field with its DuckDB type, in FIELDS order. */
export const RECORD_COLUMNS: readonly ColumnInfo[] = FIELDS.map((f) => ({ name: f.name, type: DUCK_TYPES[f.type] }));

/**
 * The columns needed to write these records: the required fields, every other field that has
 * a value in some record (FIELDS order), then extra columns in first-seen order, DOUBLE where
 * every value is a number and VARCHAR otherwise. `allFields` writes every field.
 */
export function columnsForRecords(records: readonly Record<string, unknown>[], opts: { allFields?: boolean } = {}): ColumnInfo[] {
  const present = new Set<string>();
  const extraNumeric = new Map<string, boolean>();
  for (const record of records) {
    for (const name in record) {
      const value = record[name];
      if (value === null || value === undefined) continue;
      if (FIELD_BY_NAME.has(name)) {
        present.add(name);
        continue;
      }
      const numeric = typeof value === 'number';
      const before = extraNumeric.get(name);
      extraNumeric.set(name, before === undefined ? numeric : before && numeric);
    }
  }
  const known = RECORD_COLUMNS.filter((c) => opts.allFields || present.has(c.name) || FIELD_BY_NAME.get(c.name)?.required);
  const extras = [...extraNumeric].map(([name, numeric]) => ({ name, type: numeric ? 'DOUBLE' : 'VARCHAR' }));
  return [...known, ...extras];
}
