import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ProtoWriter, readFields, readPackedVarints, toSigned, WIRE_FIXED32, WIRE_LEN, WIRE_VARINT } from './wire.ts';
import { halfBitsToFloat, quantizeInt4Blocks, quantizeInt8PerColumn, toHalfBits, fillRandom } from '../numeric.ts';

describe('protobuf wire format', () => {
  it('round-trips varints, including negative int64 as 10 bytes', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }), (v) => {
        const bytes = new ProtoWriter().int(3, v).finish();
        const [f] = [...readFields(bytes)];
        expect(f.field).toBe(3);
        expect(f.wire).toBe(WIRE_VARINT);
        expect(toSigned(f.value)).toBe(v);
        if (v < 0) expect(bytes.length).toBe(11);
      }),
    );
  });

  it('writes nested messages, floats, strings and packed ints that read back', () => {
    const big = new Uint8Array(1000).map((_, i) => i % 251);
    const inner = new ProtoWriter().string(1, 'héllo').float(2, 1.5).packedInts(3, [1, 300, -1]).bytes(4, big);
    const bytes = new ProtoWriter().message(7, inner).int(1, 8).finish();
    const top = [...readFields(bytes)];
    expect(top.map((f) => f.field)).toEqual([7, 1]);
    const fields = [...readFields(top[0].bytes)];
    expect(new TextDecoder().decode(fields[0].bytes)).toBe('héllo');
    expect(fields[1].wire).toBe(WIRE_FIXED32);
    expect(new Float32Array(Uint32Array.of(Number(fields[1].value)).buffer)[0]).toBe(1.5);
    expect(readPackedVarints(fields[2].bytes).map(toSigned)).toEqual([1, 300, -1]);
    expect(fields[3].wire).toBe(WIRE_LEN);
    expect(Array.from(fields[3].bytes)).toEqual(Array.from(big));
  });

  it('reports truncated input with its byte offset', () => {
    const bytes = new ProtoWriter().string(2, 'abcdef').finish();
    expect(() => [...readFields(bytes.subarray(0, 4))]).toThrow(/runs past the end at byte 2/);
  });
});

describe('numeric helpers', () => {
  it('float16 conversion is exact for representable values and rounds others to nearest', () => {
    for (const v of [0, 1, -2, 0.5, 65504, 2 ** -24, -(2 ** -14), 2 ** -20]) expect(halfBitsToFloat(toHalfBits(v))).toBe(v);
    expect(toHalfBits(1e6)).toBe(0x7c00);
    expect(Number.isNaN(halfBitsToFloat(toHalfBits(NaN)))).toBe(true);
    fc.assert(
      fc.property(fc.float({ min: -60000, max: 60000, noNaN: true }), (v) => {
        const back = halfBitsToFloat(toHalfBits(v));
        expect(Math.abs(back - v)).toBeLessThanOrEqual(Math.max(Math.abs(v) * 2 ** -11, 2 ** -25));
      }),
    );
  });

  it('random fill is deterministic and has the requested spread', () => {
    const a = fillRandom(new Float32Array(100_000), 0.02, 42);
    const b = fillRandom(new Float32Array(100_000), 0.02, 42);
    expect(a).toEqual(b);
    const mean = a.reduce((s, x) => s + x, 0) / a.length;
    const std = Math.sqrt(a.reduce((s, x) => s + (x - mean) ** 2, 0) / a.length);
    expect(Math.abs(mean)).toBeLessThan(0.001);
    expect(std).toBeGreaterThan(0.0195);
    expect(std).toBeLessThan(0.0205);
  });

  it('int8 per-column and int4 block quantisation reconstruct within half a step', () => {
    const k = 64;
    const n = 5;
    const w = fillRandom(new Float32Array(k * n), 0.02, 7);
    const q8 = quantizeInt8PerColumn(w, k, n);
    const q4 = quantizeInt4Blocks(w, k, n);
    for (let r = 0; r < k; r++) {
      for (let c = 0; c < n; c++) {
        const v = w[r * n + c];
        expect(Math.abs(q8.q[r * n + c] * q8.scales[c] - v)).toBeLessThanOrEqual(q8.scales[c] / 2 + 1e-9);
        const block = Math.floor(r / 32);
        const byte = q4.packed[(c * (k / 32) + block) * 16 + Math.floor((r % 32) / 2)];
        const code = r % 2 === 0 ? byte & 15 : byte >> 4;
        const scale = q4.scales[c * (k / 32) + block];
        expect(Math.abs((code - 8) * scale - v)).toBeLessThanOrEqual(scale / 2 + 1e-9);
      }
    }
    expect(() => quantizeInt4Blocks(w, 40, 8)).toThrow(/divisible by 32/);
  });
});
