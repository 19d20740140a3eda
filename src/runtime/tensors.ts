/**
 * Plain tensors that cross worker boundaries and runtimes: no ORT classes, only typed arrays.
 * Both onnxruntime-web and onnxruntime-node accept and return objects of this shape.
 */
import type { OutputTensor, Outputs } from '../core/measure/check.ts';

export type TensorType = 'float32' | 'float16' | 'int64' | 'int32' | 'int8' | 'uint8' | 'bool';

export interface HostTensor {
  readonly type: TensorType;
  readonly dims: readonly number[];
  readonly data: Float32Array | Uint16Array | BigInt64Array | Int32Array | Int8Array | Uint8Array;
}

export type HostFeeds = Readonly<Record<string, HostTensor>>;

/** What an ORT output tensor looks like from the outside, whichever package made it. */
export interface OrtLikeTensor {
  readonly type: string;
  readonly dims: readonly number[];
  readonly data: unknown;
}

export function float16ToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** Copies ORT outputs into plain arrays the output check can compare (fp16 decoded to numbers). */
export function toOutputs(outputs: Readonly<Record<string, OrtLikeTensor>>): Outputs {
  const plain: Record<string, OutputTensor> = {};
  for (const [name, tensor] of Object.entries(outputs)) {
    const data = tensor.data as ArrayLike<number | bigint>;
    if (typeof data !== 'object' || data === null || typeof (data as { length?: unknown }).length !== 'number') {
      throw new Error(`output '${name}' has no CPU data (location other than cpu?)`);
    }
    const values = tensor.type === 'float16' && data instanceof Uint16Array
      ? Float32Array.from(data, float16ToNumber)
      : data;
    plain[name] = { dims: [...tensor.dims], data: values };
  }
  return plain;
}

export function totalBytes(feeds: HostFeeds): number {
  return Object.values(feeds).reduce((sum, t) => sum + t.data.byteLength, 0);
}

/**
 * Converts host feeds into one runtime's tensors once, and hands the same tensors back while the
 * same feeds object comes back: the measured runs then time `session.run()`, not the conversion.
 */
export class FeedCache<T> {
  private host: HostFeeds | null = null;
  private converted: Record<string, T> = {};

  constructor(private readonly make: (tensor: HostTensor) => T) {}

  get(feeds: HostFeeds): Record<string, T> {
    if (this.host !== feeds) {
      const converted: Record<string, T> = {};
      for (const [name, t] of Object.entries(feeds)) converted[name] = this.make(t);
      this.converted = converted;
      this.host = feeds;
    }
    return this.converted;
  }

  clear(): void {
    this.host = null;
    this.converted = {};
  }
}
