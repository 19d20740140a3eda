/**
 * A user's own .onnx file as a Workload. Its inputs are read from the model itself; symbolic
 * dimensions named like a batch axis take the batch size, the other symbolic ones the sequence length.
 */
import type { HostFeeds, HostTensor, TensorType } from '../tensors.ts';
import type { Workload } from '../workload.ts';

export interface InputDescription {
  readonly name: string;
  readonly type: string;
  readonly shape: ReadonlyArray<number | string>;
}

const MIB = 1024 * 1024;
const BATCH_AXIS = /^(batch|batch_size|n|bs|b)$/i;

export function resolveInputDims(shape: ReadonlyArray<number | string>, batch: number, seq: number): number[] {
  return shape.map((d, i) => {
    if (typeof d === 'number' && d > 0) return d;
    if (typeof d === 'string' && BATCH_AXIS.test(d)) return batch;
    if (i === 0) return batch;
    return seq;
  });
}

function deterministic(size: number, seed: number, f: (i: number, r: number) => number): number[] {
  let state = seed >>> 0 || 1;
  return Array.from({ length: size }, (_, i) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return f(i, state / 2 ** 32);
  });
}

export function makeInputTensor(input: InputDescription, batch: number, seq: number, seed = 1): HostTensor {
  const dims = resolveInputDims(input.shape, batch, seq);
  const size = dims.reduce((a, b) => a * b, 1);
  const mask = /mask/i.test(input.name);
  switch (input.type) {
    case 'float32':
      return { type: 'float32', dims, data: Float32Array.from(deterministic(size, seed, (_, r) => (mask ? 1 : r * 2 - 1))) };
    case 'float16':
      return { type: 'float16', dims, data: new Uint16Array(size).fill(mask ? 0x3c00 : 0x3800) };
    case 'int64':
      return { type: 'int64', dims, data: BigInt64Array.from(deterministic(size, seed, (_, r) => (mask ? 1 : Math.floor(r * 100))), BigInt) };
    case 'int32':
      return { type: 'int32', dims, data: Int32Array.from(deterministic(size, seed, (_, r) => (mask ? 1 : Math.floor(r * 100)))) };
    case 'bool':
    case 'uint8':
      return { type: input.type as TensorType, dims, data: new Uint8Array(size).fill(1) };
    case 'int8':
      return { type: 'int8', dims, data: new Int8Array(size).fill(1) };
    default:
      throw new Error(`input '${input.name}' has type ${input.type}, which Perfcast cannot fill yet`);
  }
}

export function fileWorkload(name: string, bytes: Uint8Array, inputs: readonly InputDescription[]): Workload {
  const seqVaries = inputs.some((input) => input.shape.some((d, i) => (typeof d === 'string' || d <= 0) && !(i === 0 || (typeof d === 'string' && BATCH_AXIS.test(d)))));
  return {
    name,
    precision: 'fp32',
    bytes,
    seqVaries,
    facts: () => ({ name, family: 'user', modality: null, task: null, weightsMb: Math.round((bytes.byteLength / MIB) * 1000) / 1000 }),
    feeds: (batch, seq): HostFeeds => Object.fromEntries(inputs.map((input, i) => [input.name, makeInputTensor(input, batch, seq, i + 1)])),
  };
}
