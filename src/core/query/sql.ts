/** SQL helpers for the dashboard queries; quoting itself is ../sql.ts. */

/** Joins boolean SQL conditions with AND, skipping empty ones; `TRUE` when none remain. */
export function andAll(...conditions: readonly (string | null | undefined)[]): string {
  const parts = conditions.map((c) => (c ?? '').trim()).filter((c) => c !== '' && c.toUpperCase() !== 'TRUE');
  return parts.length === 0 ? 'TRUE' : parts.map((c) => `(${c})`).join(' AND ');
}

/** Orders provenance so that within a group the strongest evidence comes first. */
export const SOURCE_RANK_SQL =
  "CASE source WHEN 'measured' THEN 0 WHEN 'imported' THEN 1 WHEN 'simulated' THEN 2 WHEN 'predicted' THEN 3 ELSE 4 END";
