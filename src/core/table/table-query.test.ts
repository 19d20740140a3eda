import { describe, expect, it } from 'vitest';
import { countSql, FilterSyntaxError, pageSql, whereClause } from './table-query.ts';
import { quoteIdent, quoteLiteral } from '../sql.ts';

describe('quoting', () => {
  it('doubles quotes so user text stays a literal', () => {
    expect(quoteLiteral("x'; DROP TABLE records; --")).toBe("'x''; DROP TABLE records; --'");
    expect(quoteIdent('we"ird')).toBe('"we""ird"');
  });
  it('refuses non-finite numbers', () => {
    expect(() => quoteLiteral(Number.NaN)).toThrow(/NaN/);
  });
});

describe('column filters', () => {
  it('turns numeric terms into OR-ed conditions', () => {
    expect(whereClause([{ column: 'batch_size', kind: 'number', text: '1, >=16, 2..4' }])).toBe(
      'WHERE ("batch_size" = 1 OR "batch_size" >= 16 OR "batch_size" BETWEEN 2 AND 4)',
    );
  });
  it('names the column and term it cannot read', () => {
    expect(() => whereClause([{ column: 'latency_ms', kind: 'number', text: 'fast' }])).toThrow(FilterSyntaxError);
    expect(() => whereClause([{ column: 'latency_ms', kind: 'number', text: 'fast' }])).toThrow(/latency_ms.*'fast'/);
  });
  it('matches text case-insensitively and escapes LIKE wildcards', () => {
    expect(whereClause([{ column: 'model', kind: 'string', text: '50%_x' }])).toBe(
      `WHERE CAST("model" AS VARCHAR) ILIKE '%50\\%\\_x%' ESCAPE '\\'`,
    );
    expect(whereClause([{ column: 'model', kind: 'string', text: "=it's" }])).toBe(`WHERE "model" = 'it''s'`);
  });
  it('ignores empty filters and joins the rest with AND', () => {
    expect(whereClause([{ column: 'a', kind: 'string', text: ' ' }])).toBe('');
    expect(whereClause([
      { column: 'a', kind: 'string', text: 'empty' },
      { column: 'b', kind: 'number', text: '<3' },
    ])).toBe('WHERE "a" IS NULL AND "b" < 3');
  });
});

describe('paging', () => {
  it('orders by the sort column then rowid so pages never overlap', () => {
    const q = { table: 'records', filters: [], sort: { column: 'latency_ms', descending: true } };
    expect(pageSql(q, ['model', 'latency_ms'], 200, 100)).toBe(
      'SELECT "model", "latency_ms" FROM "records" ORDER BY "latency_ms" DESC NULLS LAST, rowid LIMIT 100 OFFSET 200',
    );
    expect(countSql({ ...q, sort: null })).toBe('SELECT count(*) AS n FROM "records"');
  });
});
