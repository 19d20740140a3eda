import { describe, expect, it } from 'vitest';
import { getModelSpec } from '../../core/catalog/models/index.ts';
import * as ort from 'onnxruntime-node';
import { buildOnnxModel, describeOnnx, inputSpecsFromOnnx, makeFeeds, OnnxFormatError } from './index.ts';
import { toOrtFeeds } from './ort-helpers.ts';
import { encodeModel, TensorDataType } from './proto/onnx.ts';

describe('describeOnnx', () => {
  it('reads inputs, outputs, opsets and counts from a built model', () => {
    const spec = getModelSpec('bert-tiny');
    const model = buildOnnxModel(spec, { precision: 'int4' });
    const d = describeOnnx(model.bytes);
    expect(d.irVersion).toBe(8);
    expect(d.opset).toBe(17);
    expect(d.opsets).toContainEqual({ domain: 'com.microsoft', version: 1 });
    expect(d.inputs).toEqual([
      { name: 'input_ids', dtype: 'int64', dims: ['batch', 'seq'] },
      { name: 'attention_mask', dtype: 'int64', dims: ['batch', 'seq'] },
      { name: 'token_type_ids', dtype: 'int64', dims: ['batch', 'seq'] },
    ]);
    expect(d.outputs.map((o) => [o.name, o.dtype, o.dims])).toEqual([
      ['last_hidden_state', 'float32', ['batch', 'seq', 128]],
      ['pooler_output', 'float32', ['batch', 128]],
    ]);
    expect(d.nodeCount).toBe(model.nodeCount);
    expect(d.opTypes['com.microsoft.MatMulNBits']).toBe(2 * 6 + 1);
    expect(d.initializerBytes).toBe(model.weightBytes);
    expect(d.metadata['perfcast.model']).toBe('bert-tiny');
  });

  it('leaves out initializers listed as graph inputs (IR < 4 files) and counts external tensors', () => {
    const bytes = encodeModel({
      irVersion: 3,
      opsets: [{ domain: '', version: 9 }],
      producerName: 'old-exporter',
      producerVersion: '1',
      graph: {
        name: 'g',
        nodes: [{ opType: 'Add', name: 'add', inputs: ['x', 'w'], outputs: ['y'] }],
        initializers: [{ name: 'w', dataType: TensorDataType.FLOAT, dims: [2, 3], raw: new Uint8Array(24) }],
        inputs: [
          { name: 'x', dataType: TensorDataType.FLOAT, shape: ['N', 3] },
          { name: 'w', dataType: TensorDataType.FLOAT, shape: [2, 3] },
        ],
        outputs: [{ name: 'y', dataType: TensorDataType.FLOAT, shape: ['N', 3] }],
      },
    });
    const d = describeOnnx(bytes);
    expect(d.inputs).toEqual([{ name: 'x', dtype: 'float32', dims: ['N', 3] }]);
    expect(d.opset).toBe(9);
    expect(d.initializerElements).toBe(6);
    expect(d.producer).toBe('old-exporter');
  });

  it('turns a described model back into feed specs that run it', async () => {
    const model = buildOnnxModel(getModelSpec('llama-micro'), { precision: 'fp32' });
    const specs = inputSpecsFromOnnx(describeOnnx(model.bytes), { vocab: 1024 });
    expect(specs[0]).toEqual({ name: 'input_ids', dtype: 'int64', shape: ['batch', 'new_tokens'], fill: { kind: 'token_ids', vocab: 1024 } });
    const session = await ort.InferenceSession.create(model.bytes);
    const feeds = makeFeeds(specs, { batch: 2, seq: 6, newTokens: 2 });
    const out = await session.run(toOrtFeeds(ort, feeds) as Record<string, ort.Tensor>);
    expect(out.logits.dims).toEqual([2, 2, 1024]);
    const bert = inputSpecsFromOnnx(describeOnnx(buildOnnxModel(getModelSpec('bert-tiny'), { precision: 'fp32' }).bytes));
    expect(bert.map((i) => i.fill.kind)).toEqual(['token_ids', 'ones', 'zeros']);
    const renamed = inputSpecsFromOnnx({ ...describeOnnx(model.bytes), inputs: [{ name: 'x', dtype: 'float32', dims: ['N', 3, 'T', null] }] });
    expect(renamed[0].shape).toEqual(['batch', 3, 'seq', 'seq']);
    expect(() => inputSpecsFromOnnx({ ...describeOnnx(model.bytes), inputs: [{ name: 'img', dtype: 'uint8', dims: [1] }] })).toThrow(/'img' has type uint8/);
  });

  it('gives a clear error for empty, truncated and non-ONNX files, naming the file', () => {
    const good = buildOnnxModel(getModelSpec('mobilenet-v2-tiny'), { precision: 'fp32' }).bytes;
    expect(() => describeOnnx(new Uint8Array(0), 'empty.onnx')).toThrow(/empty\.onnx is empty/);
    expect(() => describeOnnx(good.subarray(0, good.length - 100), 'cut.onnx')).toThrow(/cut\.onnx: not a valid ONNX file: .*runs past the end/);
    expect(() => describeOnnx(new TextEncoder().encode('{"not": "onnx"}'), 'model.json')).toThrow(OnnxFormatError);
    expect(() => describeOnnx(Uint8Array.of(0x08, 0x07), 'nograph.onnx')).toThrow(/nograph\.onnx: .*no graph/);
    expect(() => describeOnnx(new TextEncoder().encode('PK\u0003\u0004 zip file'), 'model.zip')).toThrow(/model\.zip: not a valid ONNX file/);
  });
});
