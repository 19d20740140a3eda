/**
 * Test and benchmark helpers shared by the onnxruntime-node and onnxruntime-web checks: both
 * runtimes expose the same Tensor / InferenceSession shape, so one function serves either.
 */
import type { Feed } from './feeds.ts';

export interface OrtTensorLike {
  readonly data: unknown;
  readonly dims: readonly number[];
}

export interface OrtLike {
  Tensor: new (type: 'int64' | 'float32', data: BigInt64Array | Float32Array, dims: readonly number[]) => OrtTensorLike;
}

export function toOrtFeeds(ort: OrtLike, feeds: Record<string, Feed>): Record<string, OrtTensorLike> {
  const out: Record<string, OrtTensorLike> = {};
  for (const f of Object.values(feeds)) out[f.name] = new ort.Tensor(f.type, f.data, f.dims);
  return out;
}

/** ||a - b|| / ||b|| over all elements. */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length mismatch: ${a.length} vs ${b.length}`);
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return den === 0 ? Math.sqrt(num) : Math.sqrt(num / den);
}

export function allFinite(a: ArrayLike<number>): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return false;
  return true;
}
