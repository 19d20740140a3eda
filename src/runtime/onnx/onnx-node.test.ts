import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { getModelSpec } from '../../core/catalog/models/index.ts';
import { buildOnnxModel, makeFeeds } from './index.ts';

async function run(bytes: Uint8Array, inputs: Parameters<typeof makeFeeds>[0], batch: number, seq: number) {
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1 });
  const feeds: Record<string, ort.Tensor> = {};
  for (const f of Object.values(makeFeeds(inputs, { batch, seq }))) feeds[f.name] = new ort.Tensor(f.type, f.data, f.dims);
  return session.run(feeds);
}

describe('buildOnnxModel in onnxruntime-node', () => {
  it('bert-tiny fp32 runs at two batch sizes and sequence lengths with finite outputs', async () => {
    const model = buildOnnxModel(getModelSpec('bert-tiny'), { precision: 'fp32' });
    expect(model.outputs).toEqual(['last_hidden_state', 'pooler_output']);
    for (const [batch, seq] of [[1, 16], [4, 40]]) {
      const out = await run(model.bytes, model.inputs, batch, seq);
      expect(out.last_hidden_state.dims).toEqual([batch, seq, 128]);
      expect(out.pooler_output.dims).toEqual([batch, 128]);
      expect((out.last_hidden_state.data as Float32Array).every(Number.isFinite)).toBe(true);
    }
  });
});
