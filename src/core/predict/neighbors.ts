/**
 * Distance between configurations, for "how far is this query from anything measured", the
 * interval widening, the confidence score and the UI's nearest measured neighbours.
 * Numeric columns are standardised (log first when all values are positive and span a factor
 * of 10 or more); each categorical mismatch counts like one standard deviation.
 */
import { categoryValue, numericValue, type FeatureColumn, type Row } from '../features/columns.ts';
import { rng } from './stats.ts';

export interface ConfigSpace {
  readonly numeric: readonly { name: string; log: boolean; center: number; scale: number }[];
  readonly categorical: readonly { name: string; codes: Map<string, number> }[];
  /** Indices (into the training rows) of the reference rows, at most `maxReference`. */
  readonly reference: Int32Array;
  readonly refNumeric: Float64Array;
  readonly refCodes: Int32Array;
  /** Training rows per reference row (for density). */
  readonly weight: number;
}

export interface Neighbour {
  readonly index: number;
  readonly distance: number;
}

function transform(v: number, log: boolean): number {
  return log ? (v > 0 ? Math.log(v) : NaN) : v;
}

export function fitConfigSpace(rows: readonly Row[], columns: readonly FeatureColumn[], seed = 1, maxReference = 2500): ConfigSpace {
  const numeric = columns.filter((c) => c.kind === 'numeric').map((c) => {
    const values = rows.map((r) => numericValue(r[c.name])).filter((v) => !Number.isNaN(v));
    const min = Math.min(...values.slice(0, 50000));
    const max = Math.max(...values.slice(0, 50000));
    const log = min > 0 && max / min >= 10;
    const t = values.map((v) => transform(v, log));
    const center = t.reduce((a, b) => a + b, 0) / Math.max(1, t.length);
    const variance = t.reduce((a, b) => a + (b - center) ** 2, 0) / Math.max(1, t.length);
    return { name: c.name, log, center, scale: variance > 0 ? Math.sqrt(variance) : 1 };
  });
  const categorical = columns.filter((c) => c.kind === 'categorical').map((c) => ({ name: c.name, codes: new Map<string, number>() }));
  let indices = rows.map((_, i) => i);
  if (indices.length > maxReference) {
    const random = rng(seed + 7);
    const keep = new Set<number>();
    while (keep.size < maxReference) keep.add(Math.floor(random() * rows.length));
    indices = [...keep].sort((a, b) => a - b);
  }
  const space: ConfigSpace = {
    numeric, categorical, reference: Int32Array.from(indices),
    refNumeric: new Float64Array(indices.length * numeric.length),
    refCodes: new Int32Array(indices.length * categorical.length),
    weight: rows.length / Math.max(1, indices.length),
  };
  indices.forEach((r, k) => encodeInto(space, rows[r], space.refNumeric, space.refCodes, k, true));
  return space;
}

function encodeInto(space: ConfigSpace, row: Row, num: Float64Array, codes: Int32Array, k: number, learn: boolean): void {
  space.numeric.forEach((c, j) => {
    num[k * space.numeric.length + j] = (transform(numericValue(row[c.name]), c.log) - c.center) / c.scale;
  });
  space.categorical.forEach((c, j) => {
    const v = categoryValue(row[c.name]);
    let code = -1;
    if (v !== null) {
      const known = c.codes.get(v);
      if (known !== undefined) code = known;
      else if (learn) c.codes.set(v, (code = c.codes.size));
      else code = -2;
    }
    codes[k * space.categorical.length + j] = code;
  });
}

/** The k nearest reference rows and the count of reference rows within `radius` (scaled to all rows). */
export function nearest(space: ConfigSpace, row: Row, k: number, radius = 1): { neighbours: Neighbour[]; within: number } {
  const P = space.numeric.length;
  const C = space.categorical.length;
  const num = new Float64Array(P);
  const codes = new Int32Array(C);
  encodeInto(space, row, num, codes, 0, false);
  const best: Neighbour[] = [];
  let within = 0;
  const r2 = radius * radius;
  for (let ref = 0; ref < space.reference.length; ref++) {
    let d2 = 0;
    for (let j = 0; j < P; j++) {
      const a = num[j];
      const b = space.refNumeric[ref * P + j];
      const an = Number.isNaN(a);
      const bn = Number.isNaN(b);
      if (an || bn) d2 += an && bn ? 0 : 1;
      else d2 += (a - b) * (a - b);
    }
    for (let j = 0; j < C; j++) if (codes[j] !== space.refCodes[ref * C + j]) d2 += 1;
    if (d2 <= r2) within++;
    if (best.length < k || d2 < best[best.length - 1].distance) {
      const entry = { index: space.reference[ref], distance: d2 };
      let pos = best.length;
      while (pos > 0 && best[pos - 1].distance > d2) pos--;
      best.splice(pos, 0, entry);
      if (best.length > k) best.pop();
    }
  }
  return { neighbours: best.map((b) => ({ index: b.index, distance: Math.sqrt(b.distance) })), within: within * space.weight };
}
