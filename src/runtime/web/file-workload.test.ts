import { describe, expect, it } from 'vitest';
import { float16ToNumber, toOutputs } from '../tensors.ts';
import { fileWorkload, makeInputTensor, resolveInputDims } from './file-workload.ts';

describe('feeds for a user model', () => {
  it('gives batch-like axes the batch size and other symbolic axes the sequence length', () => {
    expect(resolveInputDims(['batch_size', 'sequence', 768], 4, 64)).toEqual([4, 64, 768]);
    expect(resolveInputDims(['N', 3, 224, 224], 2, 9)).toEqual([2, 3, 224, 224]);
    expect(resolveInputDims([-1, 'len'], 8, 16)).toEqual([8, 16]);
  });

  it('fills masks with ones, ids with small integers and floats in [-1, 1)', () => {
    const mask = makeInputTensor({ name: 'attention_mask', type: 'int64', shape: ['batch', 'seq'] }, 2, 3);
    expect(Array.from(mask.data as BigInt64Array)).toEqual([1n, 1n, 1n, 1n, 1n, 1n]);
    const ids = makeInputTensor({ name: 'input_ids', type: 'int64', shape: ['batch', 'seq'] }, 1, 50);
    expect(Array.from(ids.data as BigInt64Array).every((v) => v >= 0n && v < 100n)).toBe(true);
    const pixels = makeInputTensor({ name: 'pixel_values', type: 'float32', shape: ['batch', 3, 2, 2] }, 1, 1);
    expect(pixels.dims).toEqual([1, 3, 2, 2]);
    expect(Array.from(pixels.data as Float32Array).every((v) => v >= -1 && v < 1)).toBe(true);
    expect(() => makeInputTensor({ name: 'x', type: 'string', shape: [1] }, 1, 1)).toThrow(/input 'x' has type string/);
  });

  it('notices whether the sequence length changes the inputs', () => {
    expect(fileWorkload('a.onnx', new Uint8Array(4), [{ name: 'x', type: 'float32', shape: ['batch', 3, 224, 224] }]).seqVaries).toBe(false);
    expect(fileWorkload('b.onnx', new Uint8Array(4), [{ name: 'ids', type: 'int64', shape: ['batch', 'seq'] }]).seqVaries).toBe(true);
  });
});

describe('tensors', () => {
  it('decodes float16 bits', () => {
    expect(float16ToNumber(0x3c00)).toBe(1);
    expect(float16ToNumber(0xc000)).toBe(-2);
    expect(float16ToNumber(0x3555)).toBeCloseTo(0.33325, 5);
    expect(float16ToNumber(0x7c00)).toBe(Infinity);
    expect(Number.isNaN(float16ToNumber(0x7e00))).toBe(true);
  });

  it('converts fp16 outputs to numbers for the output check', () => {
    const out = toOutputs({ y: { type: 'float16', dims: [2], data: new Uint16Array([0x3c00, 0xc000]) } });
    expect(Array.from(out.y.data as Float32Array)).toEqual([1, -2]);
    expect(() => toOutputs({ y: { type: 'float32', dims: [1], data: undefined } })).toThrow(/output 'y' has no CPU data/);
  });
});
