import { describe, expect, it } from 'vitest';
import { epochMicrosFromTimestamp, insertFromStageSql, matchesTable, quoteTableName, stageColumns, valueKind } from './sql-values.ts';

describe('epochMicrosFromTimestamp', () => {
  it('reads ISO dates and date-times as UTC, applying offsets', () => {
    expect(epochMicrosFromTimestamp('1970-01-01')).toBe(0);
    expect(epochMicrosFromTimestamp('1970-01-01T00:00:01Z')).toBe(1_000_000);
    expect(epochMicrosFromTimestamp('1970-01-01 00:00:00.000001')).toBe(1);
    expect(epochMicrosFromTimestamp('2024-01-02T05:04:05+02:00')).toBe(Date.UTC(2024, 0, 2, 3, 4, 5) * 1000);
    expect(epochMicrosFromTimestamp('2024-01-02T01:04:05-0230')).toBe(Date.UTC(2024, 0, 2, 3, 34, 5) * 1000);
    expect(epochMicrosFromTimestamp('2024-02-29T23:59:59.9999999Z')).toBe(Date.UTC(2024, 1, 29, 23, 59, 59) * 1000 + 999_999);
    expect(epochMicrosFromTimestamp('0050-06-01')).toBe(new Date('0050-06-01T00:00:00Z').getTime() * 1000);
    expect(epochMicrosFromTimestamp('1969-12-31T23:59:59.5Z')).toBe(-500_000);
  });

  it('refuses what is not an existing day and time', () => {
    for (const bad of ['2023-02-29', '2024-13-01', '2024-01-01T24:00', 'yesterday', '2024-1-1', '2024-01-01Z', '']) {
      expect(epochMicrosFromTimestamp(bad), bad).toBeNull();
    }
  });
});

describe('staging', () => {
  it('maps declared types to kinds and refuses unknown ones', () => {
    expect(['BIGINT', 'integer', 'DOUBLE', 'DECIMAL(10,2)', 'VARCHAR', 'TIMESTAMP', 'DATE', 'BOOLEAN'].map(valueKind)).toEqual([
      'integer', 'integer', 'float', 'float', 'string', 'timestamp', 'timestamp', 'boolean',
    ]);
    expect(() => valueKind('INTERVAL')).toThrow('unsupported column type for insertRows: INTERVAL');
  });

  it('stages INTEGER as Int32 only while every value fits', () => {
    const cols = [{ name: 'i', type: 'INTEGER' }];
    expect(stageColumns('t', cols, [{ i: 1 }])[0].native).toBe('INTEGER');
    expect(stageColumns('t', cols, [{ i: 2 ** 31 }])[0].native).toBe('BIGINT');
  });

  it('goes straight to the table only when names, order and types all match', () => {
    const staged = stageColumns('t', [{ name: 'a', type: 'VARCHAR' }, { name: 'b', type: 'BIGINT' }], [{ a: 'x', b: 1 }]);
    expect(matchesTable([{ name: 'a', type: 'VARCHAR' }, { name: 'b', type: 'BIGINT' }], staged)).toBe(true);
    expect(matchesTable([{ name: 'b', type: 'BIGINT' }, { name: 'a', type: 'VARCHAR' }], staged)).toBe(false);
    expect(matchesTable([{ name: 'a', type: 'VARCHAR' }, { name: 'b', type: 'DOUBLE' }], staged)).toBe(false);
    expect(matchesTable([{ name: 'a', type: 'VARCHAR' }, { name: 'b', type: 'BIGINT' }, { name: 'c', type: 'VARCHAR' }], staged)).toBe(false);
  });

  it('casts only columns whose declared type differs from the staged one, with quoted names', () => {
    const staged = stageColumns('s.t', [{ name: 'a"b', type: 'VARCHAR' }, { name: 'd', type: 'DECIMAL(5,1)' }], []);
    expect(insertFromStageSql('s.t', 'stage', staged)).toBe(
      'INSERT INTO "s"."t" ("a""b", "d") SELECT "a""b", CAST("d" AS DECIMAL(5,1)) FROM "stage"',
    );
    expect(quoteTableName('t')).toBe('"t"');
  });

  it('refuses duplicate and missing columns before touching the database', () => {
    expect(() => stageColumns('t', [], [])).toThrow('insertRows(t): no columns given');
    expect(() => stageColumns('t', [{ name: 'a', type: 'VARCHAR' }, { name: 'a', type: 'VARCHAR' }], [])).toThrow("column 'a' given twice");
    expect(() => stageColumns('t', [{ name: 'b', type: 'BOOLEAN' }], [{ b: 2 }])).toThrow("row 1, column 'b': expected 0, 1 or a boolean for BOOLEAN, got number 2");
  });
});

describe('epochMicrosFromTimestamp agrees with Date', () => {
  it('for every millisecond-precision ISO string Date writes, and with offsets', async () => {
    const fc = (await import('fast-check')).default;
    fc.assert(
      fc.property(fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString();
        expect(epochMicrosFromTimestamp(iso)).toBe(d.getTime() * 1000);
        expect(epochMicrosFromTimestamp(iso.replace('Z', '+05:30'))).toBe((d.getTime() - 5.5 * 3600_000) * 1000);
        expect(epochMicrosFromTimestamp(iso.slice(0, 19).replace('T', ' '))).toBe(Math.floor(d.getTime() / 1000) * 1_000_000);
      }),
      { numRuns: 500 },
    );
  });
});
