/**
 * Deterministic random weights, float16 conversion and weight quantisation (int8 per column,
 * int4 in MatMulNBits blocks of 32).
 */

/** 32-bit FNV-1a, used to give every tensor its own stream so adding a tensor never shifts others. */
export function hashString(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** mulberry32: small, fast, good enough for weights whose values only need to look like a real init. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Fills with zero-mean values of the given standard deviation. Uses the sum of two uniforms
 * (a triangular distribution): bell-shaped like a normal init, bounded, and cheap enough for
 * 100 M values in about a second.
 */
export function fillRandom(out: Float32Array, std: number, seed: number): Float32Array {
  const rand = mulberry32(seed);
  // Var(U1 + U2 - 1) = 1/6 for U ~ U(0,1)
  const scale = std * Math.sqrt(6);
  for (let i = 0; i < out.length; i++) out[i] = (rand() + rand() - 1) * scale;
  return out;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE 754 binary32 -> binary16 bits, round to nearest even. */
export function toHalfBits(value: number): number {
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  let e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    if (rem > mid || (rem === mid && (half & 1))) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && (half & 1))) half++;
  return sign | half;
}

export function halfBitsToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

export function toFloat16Array(values: Float32Array): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = toHalfBits(values[i]);
  return out;
}

export function bytesOf(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

/** Symmetric int8 per output column of a [K, N] weight: w ~= q * scale[n]. */
export function quantizeInt8PerColumn(w: Float32Array, k: number, n: number): { q: Int8Array; scales: Float32Array } {
  const maxAbs = new Float32Array(n);
  for (let r = 0; r < k; r++) {
    const row = r * n;
    for (let c = 0; c < n; c++) {
      const a = Math.abs(w[row + c]);
      if (a > maxAbs[c]) maxAbs[c] = a;
    }
  }
  const scales = new Float32Array(n);
  for (let c = 0; c < n; c++) scales[c] = maxAbs[c] > 0 ? maxAbs[c] / 127 : 1;
  const q = new Int8Array(k * n);
  for (let r = 0; r < k; r++) {
    const row = r * n;
    for (let c = 0; c < n; c++) q[row + c] = Math.max(-127, Math.min(127, Math.round(w[row + c] / scales[c])));
  }
  return { q, scales };
}

/** Asymmetric uint8 per output channel (axis 0) with zero point 128, for ConvInteger weights. */
export function quantizeUint8PerChannel(
  w: Float32Array,
  channels: number,
): { q: Uint8Array; scales: Float32Array } {
  const per = w.length / channels;
  const scales = new Float32Array(channels);
  const q = new Uint8Array(w.length);
  for (let c = 0; c < channels; c++) {
    let maxAbs = 0;
    for (let i = c * per; i < (c + 1) * per; i++) maxAbs = Math.max(maxAbs, Math.abs(w[i]));
    const s = maxAbs > 0 ? maxAbs / 127 : 1;
    scales[c] = s;
    for (let i = c * per; i < (c + 1) * per; i++) q[i] = Math.max(1, Math.min(255, Math.round(w[i] / s) + 128));
  }
  return { q, scales };
}

export const INT4_BLOCK = 32;

/**
 * com.microsoft MatMulNBits layout for a [K, N] weight: B is uint8 [N, K/32, 16] with two 4-bit
 * codes per byte (low nibble first), symmetric around the default zero point 8; scales [N * K/32].
 */
export function quantizeInt4Blocks(w: Float32Array, k: number, n: number): { packed: Uint8Array; scales: Float32Array } {
  if (k % INT4_BLOCK !== 0) throw new Error(`int4 blocks need K divisible by ${INT4_BLOCK}, got K=${k}`);
  const blocks = k / INT4_BLOCK;
  const packed = new Uint8Array(n * blocks * (INT4_BLOCK / 2));
  const scales = new Float32Array(n * blocks);
  const codes = new Uint8Array(INT4_BLOCK);
  for (let c = 0; c < n; c++) {
    for (let b = 0; b < blocks; b++) {
      let maxAbs = 0;
      for (let i = 0; i < INT4_BLOCK; i++) maxAbs = Math.max(maxAbs, Math.abs(w[(b * INT4_BLOCK + i) * n + c]));
      const s = maxAbs > 0 ? maxAbs / 7 : 1;
      scales[c * blocks + b] = s;
      for (let i = 0; i < INT4_BLOCK; i++) {
        codes[i] = Math.max(0, Math.min(15, Math.round(w[(b * INT4_BLOCK + i) * n + c] / s) + 8));
      }
      const base = (c * blocks + b) * (INT4_BLOCK / 2);
      for (let i = 0; i < INT4_BLOCK / 2; i++) packed[base + i] = codes[2 * i] | (codes[2 * i + 1] << 4);
    }
  }
  return { packed, scales };
}
