import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { getModelSpec, MODEL_SPECS } from './index.ts';
import { PRECISIONS } from '../../schema/record.ts';

const within = (actual: number, expected: number, tolerance: number) =>
  expect(Math.abs(actual / expected - 1), `${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);

describe('model specs: parameter counts against published figures', () => {
  const published: [string, number][] = [
    ['bert-base-uncased', 110e6],
    ['distilbert-base-uncased', 66e6],
    ['t5-small-encoder', 35e6],
    ['vit-base-patch16-224', 86e6],
    ['whisper-tiny-encoder', 8e6],
    ['clip-vit-base-patch32-vision', 88e6],
    ['clip-vit-base-patch32-text', 63e6],
    ['resnet-50', 25.6e6],
    ['mobilenet-v2', 3.5e6],
    ['tinyllama-1.1b', 1.1e9],
    ['llama-2-7b', 6.74e9],
  ];
  it.each(published)('%s has about %d parameters (within 3%%)', (id, params) => {
    within(getModelSpec(id).params(), params, 0.03);
  });

  it('matches the exact reference-implementation counts where they are known', () => {
    expect(getModelSpec('bert-base-uncased').params()).toBe(109_482_240);
    expect(getModelSpec('distilbert-base-uncased').params()).toBe(66_362_880);
    expect(getModelSpec('resnet-50').params()).toBe(25_557_032);
    expect(getModelSpec('mobilenet-v2').params()).toBe(3_504_872);
    expect(getModelSpec('tinyllama-1.1b').params()).toBe(1_100_048_384);
    expect(getModelSpec('llama-2-7b').params()).toBe(6_738_415_616);
    expect(getModelSpec('vit-base-patch16-224').params()).toBe(86_567_656);
    expect(getModelSpec('whisper-tiny-encoder').params()).toBe(8_208_384);
  });

  it('every spec with a published figure is within 3% of it', () => {
    for (const s of MODEL_SPECS) if (s.published) within(s.params(), s.published.params, 0.03);
  });
});

describe('model specs: FLOPs (1 multiply-add = 2 FLOPs)', () => {
  it('ResNet-50 is ~4.1 GMACs per 224x224 image', () => within(getModelSpec('resnet-50').flops(1, 1) / 2, 4.09e9, 0.02));
  it('ViT-B/16 is ~17.6 GMACs (the "17.6 GFLOPs" of timm/fvcore, which count MACs)', () =>
    within(getModelSpec('vit-base-patch16-224').flops(1, 197) / 2, 17.6e9, 0.02));
  it('MobileNetV2 is ~0.30 GMACs', () => within(getModelSpec('mobilenet-v2').flops(1, 1) / 2, 0.3e9, 0.03));
  it('CLIP ViT-B/32 vision is ~4.4 GMACs', () => within(getModelSpec('clip-vit-base-patch32-vision').flops(1, 50) / 2, 4.4e9, 0.03));
  it('BERT-base at 128 tokens is ~11.2 GMACs (2 x params x tokens plus attention)', () => {
    const bert = getModelSpec('bert-base-uncased');
    within(bert.flops(1, 128) / 2, 11.2e9, 0.02);
  });
  it('a decoder step costs about 2 FLOPs per non-embedding parameter plus attention over the cache', () => {
    const llama = getModelSpec('llama-2-7b');
    const nonEmbedding = llama.params() - 32000 * 4096;
    within(llama.flops(1, 1), 2 * nonEmbedding, 0.01);
    const extra = llama.flops(1, 4096) - llama.flops(1, 1);
    expect(extra).toBe(2 * 32 * 2 * 4096 * 4095);
  });
  it('image models ignore seq; text FLOPs grow with seq', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 500 }), (a, b) => {
        for (const s of MODEL_SPECS) {
          if (!s.seqVaries) expect(s.flops(1, a)).toBe(s.flops(1, b));
          else if (a < b) expect(s.flops(1, a)).toBeLessThan(s.flops(1, b));
        }
      }),
      { numRuns: 30 },
    );
  });
  it('rejects a non-positive batch or seq', () => {
    expect(() => getModelSpec('bert-tiny').flops(0, 10)).toThrow(/batch/);
    expect(() => getModelSpec('bert-tiny').bytesMoved(1, 1.5, 'fp32')).toThrow(/seq/);
  });
});

describe('model specs: bytes', () => {
  it('weight bytes follow the precision', () => {
    const bert = getModelSpec('bert-base-uncased');
    expect(bert.weightBytes('fp32')).toBe(4 * bert.params());
    expect(bert.weightBytes('fp16')).toBe(2 * bert.params());
    expect(bert.weightBytes('int8')).toBeLessThan(bert.weightBytes('fp16'));
    expect(bert.weightBytes('int4')).toBeLessThan(bert.weightBytes('int8'));
  });
  it('bytes per item fall with batch (weights are shared) and stay above the activation floor', () => {
    for (const s of MODEL_SPECS) {
      for (const p of PRECISIONS) {
        const b1 = s.bytesMoved(1, s.defaultSeq, p);
        const b8 = s.bytesMoved(8, s.defaultSeq, p);
        expect(b8).toBeLessThan(b1);
        expect(b1 - b8).toBeCloseTo((s.weightBytes(p) * 7) / 8, -2);
      }
    }
  });
  it('a decode step moves more bytes as the KV cache grows', () => {
    const t = getModelSpec('tinyllama-1.1b');
    expect(t.bytesMoved(1, 2048, 'fp16')).toBeGreaterThan(t.bytesMoved(1, 128, 'fp16'));
  });
});

describe('catalog', () => {
  it('ids are unique and every spec is complete', () => {
    expect(new Set(MODEL_SPECS.map((s) => s.id)).size).toBe(MODEL_SPECS.length);
    for (const s of MODEL_SPECS) {
      expect(s.name && s.family && s.modality && s.task && s.seqMeaning).toBeTruthy();
      expect(s.params()).toBeGreaterThan(0);
      expect(s.flops(1, s.defaultSeq)).toBeGreaterThan(0);
    }
  });
  it('getModelSpec names the known models when asked for an unknown one', () => {
    expect(() => getModelSpec('gpt-5')).toThrow(/unknown model 'gpt-5'.*bert-base-uncased/);
  });
  it('states the longest sequence each graph accepts', () => {
    expect(getModelSpec('bert-base-uncased').maxSeq).toBe(512);
    expect(getModelSpec('clip-vit-base-patch32-text').maxSeq).toBe(77);
    expect(getModelSpec('whisper-tiny-encoder').maxSeq).toBe(3000);
    expect(getModelSpec('llama-tiny').maxSeq).toBe(2047);
    for (const s of MODEL_SPECS) expect(s.maxSeq).toBeGreaterThanOrEqual(s.defaultSeq);
  });

  it('large LLM shapes are prediction-only', () => {
    expect(getModelSpec('llama-2-7b').buildPrecisions).toEqual([]);
    expect(getModelSpec('tinyllama-1.1b').buildPrecisions).toEqual([]);
  });
});
