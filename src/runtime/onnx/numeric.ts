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

/**
 * Fills with zero-mean values of the given standard deviation. Uses the sum of two uniforms
 * (a triangular distribution): bell-shaped like a normal init, bounded, and cheap enough for
 * 100 M values in about a second.
 */
export function fillRandom(out: Float32Array, std: number, seed: number): Float32Array {
  // Var(U1 + U2 - 1) = 1/6 for U ~ U(0,1); mulberry32 is inlined because a closure call per value
  // doubles the time for BERT-base's 110 M weights.
  const scale = (std * Math.sqrt(6)) / 4294967296;
  let a = seed >>> 0;
  for (let i = 0; i < out.length; i++) {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u1 = (t ^ (t >>> 14)) >>> 0;
    a = (a + 0x6d2b79f5) | 0;
    t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u2 = (t ^ (t >>> 14)) >>> 0;
    out[i] = (u1 + u2 - 4294967296) * scale;
  }
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
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  for (let i = 0; i < values.length; i++) {
    const x = bits[i];
    const exp = (x >>> 23) & 0xff;
    // Normal range of binary16 handled inline; zeros, subnormals, overflow and NaN take the slow path.
    if (exp > 112 && exp < 143) {
      let half = ((x >>> 16) & 0x8000) | ((exp - 112) << 10) | ((x >>> 13) & 0x3ff);
      const rem = x & 0x1fff;
      if (rem > 0x1000 || (rem === 0x1000 && (half & 1))) half++;
      out[i] = half;
    } else out[i] = toHalfBits(values[i]);
  }
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
  const inv = new Float32Array(n);
  for (let c = 0; c < n; c++) {
    scales[c] = maxAbs[c] > 0 ? maxAbs[c] / 127 : 1;
    inv[c] = 1 / scales[c];
  }
  const q = new Int8Array(k * n);
  for (let r = 0; r < k; r++) {
    const row = r * n;
    for (let c = 0; c < n; c++) {
      const v = Math.round(w[row + c] * inv[c]);
      q[row + c] = v < -127 ? -127 : v > 127 ? 127 : v;
    }
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
  const half = INT4_BLOCK / 2;
  const packed = new Uint8Array(n * blocks * half);
  const scales = new Float32Array(n * blocks);
  const maxAbs = new Float32Array(n);
  const inv = new Float32Array(n);
  // Walk row-major [K, N] one block of 32 rows at a time so reads stay contiguous.
  for (let b = 0; b < blocks; b++) {
    maxAbs.fill(0);
    for (let i = 0; i < INT4_BLOCK; i++) {
      const row = (b * INT4_BLOCK + i) * n;
      for (let c = 0; c < n; c++) {
        const a = Math.abs(w[row + c]);
        if (a > maxAbs[c]) maxAbs[c] = a;
      }
    }
    for (let c = 0; c < n; c++) {
      const s = maxAbs[c] > 0 ? maxAbs[c] / 7 : 1;
      scales[c * blocks + b] = s;
      inv[c] = 1 / s;
    }
    for (let i = 0; i < INT4_BLOCK; i++) {
      const row = (b * INT4_BLOCK + i) * n;
      const shift = (i & 1) * 4;
      const byteInBlock = i >> 1;
      for (let c = 0; c < n; c++) {
        let code = Math.round(w[row + c] * inv[c]) + 8;
        code = code < 0 ? 0 : code > 15 ? 15 : code;
        packed[(c * blocks + b) * half + byteInBlock] |= code << shift;
      }
    }
  }
  return { packed, scales };
}
