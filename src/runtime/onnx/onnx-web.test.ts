/**
 * The same graphs in onnxruntime-web's wasm backend (running in Node, one thread), checked against
 * onnxruntime-node on identical feeds.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as ortWeb from 'onnxruntime-web';
import * as ortNode from 'onnxruntime-node';
import { getModelSpec, MODEL_SPECS } from '../../core/catalog/models/index.ts';
import type { BuildPrecision } from '../../core/catalog/models/types.ts';
import { buildOnnxModel, makeFeeds } from './index.ts';
import { allFinite, relativeError, toOrtFeeds } from './ort-helpers.ts';

/**
 * wasm against native, relative L2 error. fp16 kernels differ between the two builds (where casts
 * to fp32 go); with int8 a last-bit difference before DynamicQuantizeLinear can flip one rounding,
 * which moves a whole output row by a quantisation step, and native x86 integer kernels may
 * saturate u8 x s8 pair sums where wasm does not (measured up to 1.2e-2 on small logits).
 */
const WEB_VS_NODE: Record<BuildPrecision, number> = { fp32: 1e-5, fp16: 2e-3, int8: 5e-2, int4: 1e-3 };

beforeAll(() => {
  ortWeb.env.wasm.numThreads = 1;
});

const SMALL = MODEL_SPECS.filter((s) => s.testVariant && s.buildPrecisions.length > 0);
const CASES = SMALL.flatMap((s) => s.buildPrecisions.map((p) => [s.id, p] as const));

async function compare(id: string, precision: BuildPrecision, shapes: { batch: number; seq: number }[]) {
  const model = buildOnnxModel(getModelSpec(id), { precision });
  const web = await ortWeb.InferenceSession.create(model.bytes, { executionProviders: ['wasm'] });
  const node = await ortNode.InferenceSession.create(model.bytes, { intraOpNumThreads: 1 });
  for (const shape of shapes) {
    const feeds = makeFeeds(model.inputs, shape);
    const w = await web.run(toOrtFeeds(ortWeb, feeds) as Record<string, ortWeb.Tensor>);
    const n = await node.run(toOrtFeeds(ortNode, feeds) as Record<string, ortNode.Tensor>);
    for (const name of model.outputs) {
      expect(w[name].dims).toEqual(n[name].dims);
      expect(w[name].dims[0]).toBe(shape.batch);
      const wd = w[name].data as Float32Array;
      expect(allFinite(wd)).toBe(true);
      expect(relativeError(wd, n[name].data as Float32Array), `${name} at ${JSON.stringify(shape)}`).toBeLessThan(WEB_VS_NODE[precision]);
    }
  }
  await web.release();
  await node.release();
}

describe('onnxruntime-web (wasm) runs every small model like onnxruntime-node', () => {
  it.each(CASES)('%s %s', async (id, precision) => {
    const spec = getModelSpec(id);
    const shapes = spec.seqVaries ? [{ batch: 1, seq: 6 }, { batch: 4, seq: 17 }] : [{ batch: 1, seq: 1 }, { batch: 4, seq: 1 }];
    await compare(id, precision, shapes);
  });

  it('full-size MobileNetV2 fp32 matches at batch 1 and 4', async () => {
    await compare('mobilenet-v2', 'fp32', [{ batch: 1, seq: 1 }, { batch: 4, seq: 1 }]);
  }, 120_000);
});
