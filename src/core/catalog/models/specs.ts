/** The model zoo: real published architectures plus small variants for fast tests. */
import type { Architecture, BuildPrecision, ModelSpec, Precision, TransformerStack } from './types.ts';
import { activationElementBytes, paramSplit, weightBytes, workPerItem } from './counting.ts';

const ALL: readonly BuildPrecision[] = ['fp32', 'fp16', 'int8', 'int4'];
const NO_INT4: readonly BuildPrecision[] = ['fp32', 'fp16', 'int8'];

type SpecData = Omit<ModelSpec, 'params' | 'flops' | 'bytesMoved' | 'weightBytes' | 'maxSeq'>;

function maxSeqOf(a: Architecture, defaultSeq: number): number {
  switch (a.kind) {
    case 'text-encoder':
      return a.maxPositions;
    case 'audio-encoder':
      return a.maxFrames;
    case 'decoder':
      return a.maxPositions - 1;
    default:
      return defaultSeq;
  }
}

function checkPositive(what: string, v: number): void {
  if (!Number.isFinite(v) || v < 1 || !Number.isInteger(v)) throw new Error(`${what} must be a positive integer, got ${v}`);
}

export function defineSpec(d: SpecData): ModelSpec {
  const arch: Architecture = d.arch;
  return {
    ...d,
    maxSeq: maxSeqOf(arch, d.defaultSeq),
    params: () => paramSplit(arch).total,
    flops(batch: number, seq: number): number {
      checkPositive('batch', batch);
      checkPositive('seq', seq);
      return 2 * workPerItem(arch, seq).macs;
    },
    weightBytes: (precision: Precision) => weightBytes(arch, precision),
    bytesMoved(batch: number, seq: number, precision: Precision): number {
      checkPositive('batch', batch);
      checkPositive('seq', seq);
      return weightBytes(arch, precision) / batch + workPerItem(arch, seq).activationElements * activationElementBytes(precision);
    },
  };
}

function stack(p: Partial<TransformerStack> & Pick<TransformerStack, 'layers' | 'hidden' | 'heads' | 'ffn'>): TransformerStack {
  return {
    kvHeads: p.heads,
    headDim: p.hidden / p.heads,
    activation: 'gelu',
    norm: 'layernorm',
    normPlacement: 'post',
    biases: 'all',
    finalNorm: false,
    causal: false,
    eps: 1e-12,
    scaleScores: true,
    ...p,
  };
}

const bert = (id: string, name: string, layers: number, hidden: number, heads: number, testVariant: boolean, published?: ModelSpec['published']) =>
  defineSpec({
    id,
    name,
    family: 'bert',
    modality: 'text',
    task: 'feature-extraction',
    arch: {
      kind: 'text-encoder',
      stack: stack({ layers, hidden, heads, ffn: 4 * hidden }),
      vocab: 30522,
      maxPositions: 512,
      typeVocab: 2,
      positions: 'learned',
      relBuckets: 0,
      relMaxDistance: 0,
      embeddingNorm: true,
      pooler: true,
      projection: 0,
    },
    seqMeaning: 'tokens',
    defaultSeq: 128,
    seqVaries: true,
    published,
    testVariant,
    buildPrecisions: ALL,
  });

const t5Stack = stack({
  layers: 6, hidden: 512, heads: 8, ffn: 2048, activation: 'relu', norm: 'rmsnorm', normPlacement: 'pre',
  biases: 'none', finalNorm: true, eps: 1e-6, scaleScores: false,
});

const vit = (id: string, name: string, s: TransformerStack, patch: number, family: 'vit' | 'clip', extra: { preNorm: boolean; classes: number; projection: number; patchBias: boolean }, published: ModelSpec['published'], testVariant: boolean, imageSize = 224) =>
  defineSpec({
    id,
    name,
    family,
    modality: 'vision',
    task: family === 'vit' ? 'image-classification' : 'image-embedding',
    arch: { kind: 'vision-transformer', stack: s, imageSize, patch, channels: 3, ...extra },
    seqMeaning: `fixed: ${(imageSize / patch) ** 2 + 1} tokens from a ${imageSize}x${imageSize} image (seq is ignored)`,
    defaultSeq: (imageSize / patch) ** 2 + 1,
    seqVaries: false,
    published,
    testVariant,
    buildPrecisions: ALL,
  });

const vitBase = stack({ layers: 12, hidden: 768, heads: 12, ffn: 3072, normPlacement: 'pre', finalNorm: true, eps: 1e-12 });
const clipVision = stack({ layers: 12, hidden: 768, heads: 12, ffn: 3072, normPlacement: 'pre', activation: 'quick_gelu', eps: 1e-5 });
const clipText = stack({ layers: 12, hidden: 512, heads: 8, ffn: 2048, normPlacement: 'pre', activation: 'quick_gelu', finalNorm: true, causal: true, eps: 1e-5 });

const whisper = (id: string, name: string, layers: number, hidden: number, heads: number, published: ModelSpec['published'], testVariant: boolean) =>
  defineSpec({
    id,
    name,
    family: 'whisper',
    modality: 'audio',
    task: 'speech-encoder',
    arch: {
      kind: 'audio-encoder',
      stack: stack({ layers, hidden, heads, ffn: 4 * hidden, normPlacement: 'pre', biases: 'no-k', finalNorm: true, eps: 1e-5 }),
      melBins: 80,
      maxFrames: 3000,
    },
    seqMeaning: 'log-mel frames (3000 = 30 s); the transformer sees seq / 2 positions',
    defaultSeq: 3000,
    seqVaries: true,
    published,
    testVariant,
    buildPrecisions: ALL,
  });

const llama = (id: string, name: string, s: Omit<Parameters<typeof stack>[0], 'activation'>, vocab: number, ropeTheta: number | null, published: ModelSpec['published'], testVariant: boolean, buildable: boolean, notes?: string, maxPositions = 4096) =>
  defineSpec({
    id,
    name,
    family: 'llama',
    modality: 'text',
    task: 'text-generation (one decode step with KV cache)',
    arch: {
      kind: 'decoder',
      stack: stack({ ...s, activation: 'swiglu', norm: 'rmsnorm', normPlacement: 'pre', biases: 'none', finalNorm: true, causal: true, eps: 1e-5 }),
      vocab,
      tiedEmbeddings: false,
      ropeTheta,
      maxPositions,
    },
    seqMeaning: 'context length: tokens already in the KV cache; one new token is decoded',
    defaultSeq: 128,
    seqVaries: true,
    published,
    testVariant,
    buildPrecisions: buildable ? ALL : [],
    notes,
  });

const MOBILENET_V2_SETTINGS: readonly (readonly [number, number, number, number])[] = [
  [1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 3, 2], [6, 64, 4, 2], [6, 96, 3, 1], [6, 160, 3, 2], [6, 320, 1, 1],
];

export const MODEL_SPECS: readonly ModelSpec[] = [
  bert('bert-base-uncased', 'BERT-base uncased', 12, 768, 12, false, { params: 110e6, source: 'Devlin et al. 2019 (BERT-base 110M); HF bert-base-uncased 109.48M' }),
  defineSpec({
    id: 'distilbert-base-uncased',
    name: 'DistilBERT-base uncased',
    family: 'distilbert',
    modality: 'text',
    task: 'feature-extraction',
    arch: {
      kind: 'text-encoder',
      stack: stack({ layers: 6, hidden: 768, heads: 12, ffn: 3072 }),
      vocab: 30522, maxPositions: 512, typeVocab: 0, positions: 'learned', relBuckets: 0, relMaxDistance: 0,
      embeddingNorm: true, pooler: false, projection: 0,
    },
    seqMeaning: 'tokens', defaultSeq: 128, seqVaries: true,
    published: { params: 66e6, source: 'Sanh et al. 2019 (66M)' },
    testVariant: false, buildPrecisions: ALL,
  }),
  defineSpec({
    id: 't5-small-encoder',
    name: 'T5-small encoder',
    family: 't5',
    modality: 'text',
    task: 'text-encoder',
    arch: {
      kind: 'text-encoder', stack: t5Stack, vocab: 32128, maxPositions: 512, typeVocab: 0, positions: 't5-relative',
      relBuckets: 32, relMaxDistance: 128, embeddingNorm: false, pooler: false, projection: 0,
    },
    seqMeaning: 'tokens', defaultSeq: 128, seqVaries: true,
    published: { params: 35.33e6, source: 'HF T5EncoderModel t5-small: 35.33M (whole T5-small 60.5M, Raffel et al. 2020 "60M")' },
    testVariant: false, buildPrecisions: ALL,
    notes: 'Encoder only; relative position buckets precomputed up to 512 tokens.',
  }),
  vit('vit-base-patch16-224', 'ViT-B/16 (224)', vitBase, 16, 'vit', { preNorm: false, classes: 1000, projection: 0, patchBias: true },
    { params: 86.57e6, source: 'Dosovitskiy et al. 2021 (86M); timm vit_base_patch16_224 86.57M' }, false),
  whisper('whisper-tiny-encoder', 'Whisper-tiny encoder', 4, 384, 6, { params: 8.21e6, source: 'HF WhisperEncoder of openai/whisper-tiny: 8.21M (whole model 37.8M, paper "39M")' }, false),
  vit('clip-vit-base-patch32-vision', 'CLIP ViT-B/32 vision tower', clipVision, 32, 'clip', { preNorm: true, classes: 0, projection: 512, patchBias: false },
    { params: 87.85e6, source: 'HF CLIPVisionModelWithProjection openai/clip-vit-base-patch32: 87.85M' }, false),
  defineSpec({
    id: 'clip-vit-base-patch32-text',
    name: 'CLIP ViT-B/32 text tower',
    family: 'clip',
    modality: 'text',
    task: 'text-embedding',
    arch: {
      kind: 'text-encoder', stack: clipText, vocab: 49408, maxPositions: 77, typeVocab: 0, positions: 'learned',
      relBuckets: 0, relMaxDistance: 0, embeddingNorm: false, pooler: false, projection: 512,
    },
    seqMeaning: 'tokens (at most 77)', defaultSeq: 77, seqVaries: true,
    published: { params: 63.17e6, source: 'HF CLIPTextModel openai/clip-vit-base-patch32: 63.17M (without the 0.26M text projection)' },
    testVariant: false, buildPrecisions: ALL,
  }),
  defineSpec({
    id: 'resnet-50',
    name: 'ResNet-50 (v1.5)',
    family: 'resnet',
    modality: 'vision',
    task: 'image-classification',
    arch: { kind: 'resnet', blocks: [3, 4, 6, 3], stemWidth: 64, classes: 1000, imageSize: 224 },
    seqMeaning: 'fixed: one 224x224 image (seq is ignored)', defaultSeq: 1, seqVaries: false,
    published: { params: 25.557e6, source: 'torchvision resnet50: 25,557,032 params, 4.09 GMACs' },
    testVariant: false, buildPrecisions: NO_INT4,
    notes: 'BatchNorm folded into Conv bias in the ONNX graph, as inference exporters do.',
  }),
  defineSpec({
    id: 'mobilenet-v2',
    name: 'MobileNetV2 1.0',
    family: 'mobilenet',
    modality: 'vision',
    task: 'image-classification',
    arch: { kind: 'mobilenetv2', settings: MOBILENET_V2_SETTINGS, stemWidth: 32, lastWidth: 1280, classes: 1000, imageSize: 224 },
    seqMeaning: 'fixed: one 224x224 image (seq is ignored)', defaultSeq: 1, seqVaries: false,
    published: { params: 3.505e6, source: 'torchvision mobilenet_v2: 3,504,872 params, 0.30 GMACs (Sandler et al. 2018: 3.4M, 300M MAdds)' },
    testVariant: false, buildPrecisions: NO_INT4,
  }),
  llama('llama-tiny', 'Llama-tiny (TinyLlama-shaped, 4 layers)', { layers: 4, hidden: 256, heads: 8, kvHeads: 2, ffn: 704 }, 32000, 10000, undefined, true, true,
    'Same block as TinyLlama (RMSNorm, RoPE, grouped-query attention 4:1, SiLU-gated MLP), scaled down to run in tests.', 2048),
  llama('tinyllama-1.1b', 'TinyLlama-1.1B', { layers: 22, hidden: 2048, heads: 32, kvHeads: 4, ffn: 5632 }, 32000, 10000,
    { params: 1.1e9, source: 'TinyLlama/TinyLlama-1.1B: 1,100,048,384 params' }, false, false,
    'Prediction only: its fp32 graph (4.4 GB) is past the 2 GB protobuf limit and the machine budget.'),
  llama('llama-2-7b', 'Llama-2-7B', { layers: 32, hidden: 4096, heads: 32, kvHeads: 32, ffn: 11008 }, 32000, 10000,
    { params: 6.74e9, source: 'Touvron et al. 2023; meta-llama/Llama-2-7b-hf 6,738,415,616 params' }, false, false,
    'Prediction only.'),
  // Small variants for fast tests: same graph code as their full-size relatives.
  bert('bert-tiny', 'BERT-tiny (2 x 128)', 2, 128, 2, true),
  defineSpec({
    id: 't5-tiny-encoder', name: 'T5-tiny encoder (2 x 128)', family: 't5', modality: 'text', task: 'text-encoder',
    arch: { kind: 'text-encoder', stack: { ...t5Stack, layers: 2, hidden: 128, heads: 4, headDim: 32, kvHeads: 4, ffn: 512 }, vocab: 32128, maxPositions: 512, typeVocab: 0, positions: 't5-relative', relBuckets: 32, relMaxDistance: 128, embeddingNorm: false, pooler: false, projection: 0 },
    seqMeaning: 'tokens', defaultSeq: 128, seqVaries: true, testVariant: true, buildPrecisions: ALL,
  }),
  vit('vit-tiny-patch16-64', 'ViT-tiny/16 (64 px, 2 x 128)', stack({ layers: 2, hidden: 128, heads: 2, ffn: 512, normPlacement: 'pre', finalNorm: true }), 16, 'vit',
    { preNorm: false, classes: 10, projection: 0, patchBias: true }, undefined, true, 64),
  vit('clip-tiny-vision', 'CLIP-tiny vision (64 px, 2 x 128)', stack({ layers: 2, hidden: 128, heads: 2, ffn: 512, normPlacement: 'pre', activation: 'quick_gelu', eps: 1e-5 }), 32, 'clip',
    { preNorm: true, classes: 0, projection: 64, patchBias: false }, undefined, true, 64),
  defineSpec({
    id: 'clip-tiny-text', name: 'CLIP-tiny text (2 x 128)', family: 'clip', modality: 'text', task: 'text-embedding',
    arch: { kind: 'text-encoder', stack: { ...clipText, layers: 2, hidden: 128, heads: 2, headDim: 64, kvHeads: 2, ffn: 512 }, vocab: 49408, maxPositions: 77, typeVocab: 0, positions: 'learned', relBuckets: 0, relMaxDistance: 0, embeddingNorm: false, pooler: false, projection: 64 },
    seqMeaning: 'tokens (at most 77)', defaultSeq: 77, seqVaries: true, testVariant: true, buildPrecisions: ALL,
  }),
  whisper('whisper-micro-encoder', 'Whisper-micro encoder (2 x 128)', 2, 128, 2, undefined, true),
  defineSpec({
    id: 'resnet-tiny', name: 'ResNet-tiny (bottlenecks [1,1,1,1], 64 px)', family: 'resnet', modality: 'vision', task: 'image-classification',
    arch: { kind: 'resnet', blocks: [1, 1, 1, 1], stemWidth: 16, classes: 10, imageSize: 64 },
    seqMeaning: 'fixed: one 64x64 image (seq is ignored)', defaultSeq: 1, seqVaries: false, testVariant: true, buildPrecisions: NO_INT4,
  }),
  defineSpec({
    id: 'mobilenet-v2-tiny', name: 'MobileNetV2-tiny (64 px)', family: 'mobilenet', modality: 'vision', task: 'image-classification',
    arch: { kind: 'mobilenetv2', settings: [[1, 8, 1, 1], [6, 16, 2, 2], [6, 24, 2, 2]], stemWidth: 16, lastWidth: 128, classes: 10, imageSize: 64 },
    seqMeaning: 'fixed: one 64x64 image (seq is ignored)', defaultSeq: 1, seqVaries: false, testVariant: true, buildPrecisions: NO_INT4,
  }),
  llama('llama-micro', 'Llama-micro (2 x 128, vocab 1024)', { layers: 2, hidden: 128, heads: 4, kvHeads: 2, ffn: 352 }, 1024, 10000, undefined, true, true, undefined, 256),
];
