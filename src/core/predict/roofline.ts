/**
 * The physics-only estimate: roofline time divided by an efficiency fitted from whatever
 * measurements exist, per hardware where it was measured (shrunk toward the global value when it
 * has few rows) and the global efficiency elsewhere. The learned predictor builds on the same
 * roofline; this stands alone for the UI ("what the specs alone say") and as a sanity check.
 */
import { categoryValue, numericValue, type Row } from '../features/columns.ts';
import { rowFacts, targetKind } from '../features/extract.ts';
import { median } from './stats.ts';

export interface RooflineFit {
  /** Measured / roofline-implied ratio in log space, over all rows with a roofline. */
  readonly globalLogOffset: number;
  readonly hardware: ReadonlyMap<string, { logOffset: number; rows: number }>;
  /** NaN where the row has no roofline (no FLOPs or bytes, or no hardware numbers). */
  predict(row: Row): { value: number; efficiencyBasis: 'hardware' | 'global' | 'none' };
}

const SHRINK_ROWS = 3;

export function fitRoofline(train: readonly Row[], target: string): RooflineFit {
  const kind = targetKind(target);
  const ctx = { kind, modelColumn: null, hardwareColumn: null, settingColumns: [], workloadColumns: [], modelCost: undefined };
  const implied = (row: Row): number => rowFacts(ctx, row).impliedLog;
  const all: number[] = [];
  const byHw = new Map<string, number[]>();
  for (const row of train) {
    const y = numericValue(row[target]);
    const imp = implied(row);
    if (!(y > 0) || Number.isNaN(imp)) continue;
    const offset = Math.log(y) - imp;
    all.push(offset);
    const h = categoryValue(row.hardware);
    if (h !== null) byHw.set(h, [...(byHw.get(h) ?? []), offset]);
  }
  const globalLogOffset = all.length ? median(all) : NaN;
  const hardware = new Map([...byHw].map(([h, offsets]) => {
    const n = offsets.length;
    return [h, { logOffset: (n * median(offsets) + SHRINK_ROWS * globalLogOffset) / (n + SHRINK_ROWS), rows: n }];
  }));
  return {
    globalLogOffset,
    hardware,
    predict(row) {
      const imp = implied(row);
      if (Number.isNaN(imp) || Number.isNaN(globalLogOffset)) return { value: NaN, efficiencyBasis: 'none' };
      const h = categoryValue(row.hardware);
      const own = h === null ? undefined : hardware.get(h);
      return { value: Math.exp(imp + (own ? own.logOffset : globalLogOffset)), efficiencyBasis: own ? 'hardware' : 'global' };
    },
  };
}
