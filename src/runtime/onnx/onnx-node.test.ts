import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { getModelSpec, MODEL_SPECS } from '../../core/catalog/models/index.ts';
import type { BuildPrecision, ModelSpec } from '../../core/catalog/models/types.ts';
import { buildOnnxModel, describeOnnx, makeFeeds, type BuiltModel, type Feed, type FeedOptions } from './index.ts';
import { allFinite, relativeError, toOrtFeeds } from './ort-helpers.ts';
import { t5Bucket } from './builders/encoders.ts';

const SMALL = MODEL_SPECS.filter((s) => s.testVariant && s.buildPrecisions.length > 0);

/** Quantised outputs against the fp32 graph with the same seed (relative L2 error), measured on every small model. */
const VS_FP32: Record<BuildPrecision, number> = { fp32: 0, fp16: 5e-3, int8: 0.05, int4: 0.3 };

async function session(bytes: Uint8Array) {
  return ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, graphOptimizationLevel: 'all' });
}

async function run(s: ort.InferenceSession, feeds: Record<string, Feed>): Promise<Record<string, ort.Tensor>> {
  return (await s.run(toOrtFeeds(ort, feeds) as Record<string, ort.Tensor>)) as Record<string, ort.Tensor>;
}

function tile(feeds: Record<string, Feed>, times: number): Record<string, Feed> {
  const out: Record<string, Feed> = {};
  for (const f of Object.values(feeds)) {
    const data = f.type === 'int64' ? new BigInt64Array(f.data.length * times) : new Float32Array(f.data.length * times);
    for (let t = 0; t < times; t++) (data as Float32Array).set(f.data as Float32Array, t * f.data.length);
    out[f.name] = { ...f, data, dims: [f.dims[0] * times, ...f.dims.slice(1)] };
  }
  return out;
}

const cache = new Map<string, BuiltModel>();
function built(spec: ModelSpec, precision: BuildPrecision): BuiltModel {
  const key = `${spec.id}/${precision}`;
  if (!cache.has(key)) cache.set(key, buildOnnxModel(spec, { precision }));
  return cache.get(key)!;
}

describe.each(SMALL.map((s) => [s.id, s] as const))('%s in onnxruntime-node', (_id, spec) => {
  const shapes: FeedOptions[] = spec.seqVaries ? [{ batch: 1, seq: 7 }, { batch: 4, seq: 20 }] : [{ batch: 1, seq: 1 }, { batch: 4, seq: 1 }];

  it.each(spec.buildPrecisions.map((p) => [p]))('%s: loads, runs at batch 1 and 4 and two lengths, outputs finite', async (precision) => {
    const model = built(spec, precision);
    const info = describeOnnx(model.bytes);
    expect(info.opset).toBe(17);
    expect(info.inputs.map((i) => [i.name, i.dims])).toEqual(model.inputs.map((i) => [i.name, [...i.shape]]));
    expect(info.outputs.map((o) => o.name)).toEqual(model.outputs);
    expect(Math.abs(model.weightBytes / spec.weightBytes(precision) - 1)).toBeLessThan(0.1);

    const s = await session(model.bytes);
    const outputs: number[][] = [];
    for (const shape of shapes) {
      const out = await run(s, makeFeeds(model.inputs, shape));
      for (const name of model.outputs) {
        expect(out[name].dims[0]).toBe(shape.batch);
        expect(allFinite(out[name].data as Float32Array), `${name} finite`).toBe(true);
      }
      outputs.push(out[model.outputs[0]].dims.slice());
    }
    if (spec.arch.kind === 'text-encoder') expect(outputs.map((d) => d[1])).toEqual([7, 20]);
    if (spec.arch.kind === 'audio-encoder') expect(outputs.map((d) => d[1])).toEqual([4, 10]);
    if (spec.arch.kind === 'decoder') expect(outputs.map((d) => d[2])).toEqual([8, 21]);
    await s.release();
  });

  it('fp32: a batch of four identical items gives four copies of the batch-1 answer', async () => {
    const model = built(spec, 'fp32');
    const s = await session(model.bytes);
    const one = makeFeeds(model.inputs, { batch: 1, seq: 9 });
    const single = await run(s, one);
    const four = await run(s, tile(one, 4));
    for (const name of model.outputs) {
      const a = single[name].data as Float32Array;
      const b = four[name].data as Float32Array;
      for (let item = 0; item < 4; item++) expect(relativeError(b.subarray(item * a.length, (item + 1) * a.length), a)).toBeLessThan(1e-5);
    }
    await s.release();
  });

  it.each(spec.buildPrecisions.filter((p) => p !== 'fp32').map((p) => [p]))('%s stays close to the fp32 graph with the same seed', async (precision) => {
    const feeds = makeFeeds(built(spec, 'fp32').inputs, { batch: 2, seq: 12 });
    const ref = await run(await session(built(spec, 'fp32').bytes), feeds);
    const out = await run(await session(built(spec, precision).bytes), feeds);
    const last = built(spec, precision).outputs.at(-1)!;
    const err = relativeError(out[last].data as Float32Array, ref[last].data as Float32Array);
    expect(err).toBeLessThan(VS_FP32[precision]);
    expect(err).toBeGreaterThan(0);
  });
});

describe('decoder step with KV cache', () => {
  it('decoding three tokens one at a time equals one three-token step (causal mask and RoPE offsets agree)', async () => {
    const spec = getModelSpec('llama-micro');
    const model = buildOnnxModel(spec, { precision: 'fp32' });
    const s = await session(model.bytes);
    const start = makeFeeds(model.inputs, { batch: 2, seq: 5, newTokens: 3, seed: 3 });
    const joint = await run(s, start);
    const ids = start.input_ids.data as BigInt64Array;
    let feeds = start;
    const vocab = 1024;
    for (let t = 0; t < 3; t++) {
      const step: Record<string, Feed> = {};
      for (const [name, f] of Object.entries(feeds)) step[name] = f;
      step.input_ids = { name: 'input_ids', type: 'int64', data: BigInt64Array.of(ids[t], ids[3 + t]), dims: [2, 1] };
      const out = await run(s, step);
      const logits = out.logits.data as Float32Array;
      const all = joint.logits.data as Float32Array;
      for (let b = 0; b < 2; b++) {
        const expected = all.subarray((b * 3 + t) * vocab, (b * 3 + t + 1) * vocab);
        expect(relativeError(logits.subarray(b * vocab, (b + 1) * vocab), expected)).toBeLessThan(1e-5);
      }
      feeds = { input_ids: step.input_ids };
      for (let l = 0; l < 2; l++) {
        for (const kv of ['key', 'value']) {
          const present = out[`present.${l}.${kv}`];
          feeds[`past_key_values.${l}.${kv}`] = { name: `past_key_values.${l}.${kv}`, type: 'float32', data: present.data as Float32Array, dims: [...present.dims] };
        }
      }
    }
    await s.release();
  });
});

describe('builder behaviour', () => {
  it('is deterministic in the seed', () => {
    const spec = getModelSpec('bert-tiny');
    const a = buildOnnxModel(spec, { precision: 'fp32', seed: 5 }).bytes;
    const b = buildOnnxModel(spec, { precision: 'fp32', seed: 5 }).bytes;
    const c = buildOnnxModel(spec, { precision: 'fp32', seed: 6 }).bytes;
    const same = (x: Uint8Array, y: Uint8Array) => x.length === y.length && x.every((v, i) => v === y[i]);
    expect(same(a, b)).toBe(true);
    expect(c.length).toBe(a.length);
    expect(same(a, c)).toBe(false);
  });

  it('refuses precisions a spec cannot be built at, saying which it can', () => {
    expect(() => buildOnnxModel(getModelSpec('resnet-tiny'), { precision: 'int4' })).toThrow(/resnet-tiny at int4.*fp32, fp16, int8/);
    expect(() => buildOnnxModel(getModelSpec('llama-2-7b'), { precision: 'fp16' })).toThrow(/prediction-only/);
  });

  it.each(['bert-tiny', 'clip-tiny-text', 't5-tiny-encoder', 'whisper-micro-encoder', 'llama-micro'])('%s runs at its maxSeq', async (id) => {
    const spec = getModelSpec(id);
    const model = built(spec, 'fp32');
    const s = await session(model.bytes);
    const out = await run(s, makeFeeds(model.inputs, { batch: 1, seq: spec.maxSeq }));
    expect(allFinite(out[model.outputs.at(-1)!].data as Float32Array)).toBe(true);
    await s.release();
  });

  it('computes T5 relative-position buckets like the reference implementation', () => {
    const b = (r: number) => t5Bucket(r, 32, 128);
    expect([b(0), b(1), b(-1), b(7), b(8), b(127), b(1000), b(-1000)]).toEqual([0, 17, 1, 23, 24, 31, 31, 15]);
  });

  it('makeFeeds resolves symbolic axes and keeps token ids in range', () => {
    const model = built(getModelSpec('llama-micro'), 'fp32');
    const feeds = makeFeeds(model.inputs, { batch: 3, seq: 10 });
    expect(feeds.input_ids.dims).toEqual([3, 1]);
    expect(feeds['past_key_values.0.key'].dims).toEqual([3, 2, 10, 32]);
    const bert = built(getModelSpec('bert-tiny'), 'fp32');
    const f = makeFeeds(bert.inputs, { batch: 2, seq: 300 });
    expect(Array.from(f.input_ids.data as BigInt64Array).every((v) => v >= 0n && v < 30522n)).toBe(true);
    expect(Array.from(f.attention_mask.data as BigInt64Array).every((v) => v === 1n)).toBe(true);
    expect(() => makeFeeds(bert.inputs, { batch: 0, seq: 4 })).toThrow(/batch must be a positive integer/);
  });
});

describe('full-size models in onnxruntime-node', () => {
  it.each([['distilbert-base-uncased', 'fp32'], ['mobilenet-v2', 'fp32'], ['mobilenet-v2', 'int8']] as const)(
    '%s %s runs at batch 1 and 4',
    async (id, precision) => {
      const spec = getModelSpec(id);
      const model = buildOnnxModel(spec, { precision });
      expect(Math.abs(model.weightBytes / spec.weightBytes(precision) - 1)).toBeLessThan(0.02);
      const s = await session(model.bytes);
      for (const [batch, seq] of [[1, 16], [4, 8]]) {
        const out = await run(s, makeFeeds(model.inputs, { batch, seq }));
        const first = out[model.outputs[0]];
        expect(first.dims[0]).toBe(batch);
        expect(allFinite(first.data as Float32Array)).toBe(true);
      }
      await s.release();
    },
    120_000,
  );
});
