import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { duckTypeName, ipcFromStaged, queryResultFromArrow } from './arrow.ts';
import { stageColumns } from './sql-values.ts';

describe('Arrow IPC from staged columns', () => {
  it('writes repeated strings as a dictionary and distinct ones plainly, with the same values and nulls', () => {
    const rows = Array.from({ length: 200 }, (_, i) => ({
      repeated: i % 7 === 0 ? null : `hw-${i % 3} ✓`,
      distinct: i % 11 === 0 ? null : `run-${i}`,
      n: i % 5 === 0 ? null : i * 2 ** 33,
      x: i / 3,
      at: i % 13 === 0 ? null : `2025-01-01T00:00:${String(i % 60).padStart(2, '0')}.000001Z`,
      flag: i % 2,
    }));
    const columns = [
      { name: 'repeated', type: 'VARCHAR' }, { name: 'distinct', type: 'VARCHAR' }, { name: 'n', type: 'BIGINT' },
      { name: 'x', type: 'DOUBLE' }, { name: 'at', type: 'TIMESTAMP' }, { name: 'flag', type: 'BOOLEAN' },
    ];
    const table = tableFromIPC(ipcFromStaged(stageColumns('t', columns, rows), rows.length));
    expect(table.schema.fields.map((f) => String(f.type))).toEqual([
      'Dictionary<Int32, Utf8>', 'Utf8', 'Int64', 'Float64', 'Timestamp<MICROSECOND>', 'Bool',
    ]);
    const back = queryResultFromArrow(table);
    expect(back.columns.map((c) => c.type)).toEqual(['VARCHAR', 'VARCHAR', 'BIGINT', 'DOUBLE', 'TIMESTAMP', 'BOOLEAN']);
    expect(back.rows).toEqual(
      rows.map((r) => ({ ...r, at: r.at === null ? null : r.at.replace('.000001Z', '.000Z') })),
    );
  });

  it('names DuckDB types for Arrow types duckdb-wasm emits', () => {
    expect(duckTypeName({ typeId: 7, precision: 38, scale: 0 })).toBe('HUGEINT');
    expect(duckTypeName({ typeId: 7, precision: 18, scale: 3 })).toBe('DECIMAL(18,3)');
    expect(duckTypeName({ typeId: 10, unit: 2, timezone: 'UTC' })).toBe('TIMESTAMP WITH TIME ZONE');
    expect(duckTypeName({ typeId: 10, unit: 1 })).toBe('TIMESTAMP_MS');
    expect(duckTypeName({ typeId: 2, bitWidth: 16, isSigned: false })).toBe('USMALLINT');
  });
});
