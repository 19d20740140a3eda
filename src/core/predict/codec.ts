/**
 * Plain JSON for the predictor's fitted state, exact to the bit: JSON numbers round-trip every
 * finite double (shortest round-trip formatting), and what JSON cannot hold is tagged: Map (in
 * insertion order, which iteration order in the predictor depends on), Set, typed arrays and
 * NaN / +-Infinity.
 */

type Tagged =
  | { $map: [unknown, unknown][] }
  | { $set: unknown[] }
  | { $f64: unknown[] }
  | { $i32: number[] }
  | { $u8: number[] }
  | { $num: 'NaN' | 'Infinity' | '-Infinity' };

function encodeNumber(v: number): number | Tagged {
  if (Number.isFinite(v)) return Object.is(v, -0) ? 0 : v;
  return { $num: Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity' };
}

export function encodeState(value: unknown): unknown {
  if (typeof value === 'number') return encodeNumber(value);
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') throw new Error(`cannot save a ${typeof value} in a model`);
    return value;
  }
  if (value instanceof Map) return { $map: [...value].map(([k, v]) => [encodeState(k), encodeState(v)]) };
  if (value instanceof Set) return { $set: [...value].map(encodeState) };
  if (value instanceof Float64Array) return { $f64: Array.from(value, encodeNumber) };
  if (value instanceof Int32Array) return { $i32: Array.from(value) };
  if (value instanceof Uint8Array) return { $u8: Array.from(value) };
  if (Array.isArray(value)) return value.map(encodeState);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = encodeState(v);
  return out;
}

function decodeNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  const tag = (v as { $num?: string } | null)?.$num;
  if (tag === 'NaN') return NaN;
  if (tag === 'Infinity') return Infinity;
  if (tag === '-Infinity') return -Infinity;
  throw new Error(`expected a number, found ${JSON.stringify(v)}`);
}

export function decodeState(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(decodeState);
  const o = value as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 1) {
    const [k] = keys;
    if (k === '$num') return decodeNumber(o);
    if (k === '$map' && Array.isArray(o.$map)) return new Map((o.$map as [unknown, unknown][]).map(([a, b]) => [decodeState(a), decodeState(b)]));
    if (k === '$set' && Array.isArray(o.$set)) return new Set((o.$set as unknown[]).map(decodeState));
    if (k === '$f64' && Array.isArray(o.$f64)) return Float64Array.from(o.$f64 as unknown[], decodeNumber);
    if (k === '$i32' && Array.isArray(o.$i32)) return Int32Array.from(o.$i32 as number[]);
    if (k === '$u8' && Array.isArray(o.$u8)) return Uint8Array.from(o.$u8 as number[]);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) out[k] = decodeState(v);
  return out;
}
