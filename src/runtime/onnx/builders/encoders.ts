/** Text encoder (BERT, DistilBERT, T5 encoder, CLIP text), ViT / CLIP vision, Whisper encoder. */
import type { AudioEncoderArch, TextEncoderArch, VisionTransformerArch } from '../../../core/catalog/models/types.ts';
import type { GraphBuilder } from '../graph.ts';
import { causalMask, encoderStack, FLOAT, INT64, paddingMask } from './transformer.ts';

/** T5 relative position bucket (bidirectional), as in transformers' T5Attention._relative_position_bucket. */
export function t5Bucket(relative: number, buckets: number, maxDistance: number): number {
  const half = buckets / 2;
  let bucket = relative > 0 ? half : 0;
  const n = Math.abs(relative);
  const maxExact = half / 2;
  if (n < maxExact) return bucket + n;
  const large = maxExact + Math.floor((Math.log(n / maxExact) / Math.log(maxDistance / maxExact)) * (half - maxExact));
  bucket += Math.min(large, half - 1);
  return bucket;
}

export function buildTextEncoder(g: GraphBuilder, a: TextEncoderArch): void {
  const s = a.stack;
  const ids = g.input('input_ids', INT64, ['batch', 'seq']);
  const mask = g.input('attention_mask', INT64, ['batch', 'seq']);
  const seqLen = g.shapeOf(ids, 1, 2);
  let x = g.op('Gather', [g.weight('embeddings.word', [a.vocab, s.hidden]), ids]);
  if (a.positions === 'learned') {
    const table = g.weight('embeddings.position', [a.maxPositions, s.hidden]);
    x = g.op('Add', [x, g.op('Slice', [table, g.int64([0]), seqLen, g.int64([0])])]);
  }
  if (a.typeVocab > 0) {
    const types = g.input('token_type_ids', INT64, ['batch', 'seq']);
    x = g.op('Add', [x, g.op('Gather', [g.weight('embeddings.token_type', [a.typeVocab, s.hidden]), types])]);
  }
  if (a.embeddingNorm) x = g.layerNorm(x, 'embeddings.norm', s.hidden, s.eps);

  let maskAdd = paddingMask(g, mask);
  if (s.causal) maskAdd = g.op('Add', [maskAdd, causalMask(g, seqLen, seqLen, g.int64([0], []))]);

  let positionBias: string | undefined;
  if (a.positions === 't5-relative') {
    // Buckets depend only on j - i, so a (2n - 1)-entry table indexed by j - i + n - 1 covers every length up to n.
    const n = a.maxPositions;
    const buckets = Array.from({ length: 2 * n - 1 }, (_, r) => t5Bucket(r - (n - 1), a.relBuckets, a.relMaxDistance));
    const table = g.tensor('relative_bucket_table', INT64, [2 * n - 1], new Uint8Array(BigInt64Array.from(buckets.map(BigInt)).buffer));
    const positions = g.op('Range', [g.int64([0], []), g.op('Squeeze', [seqLen]), g.int64([1], [])]);
    const relative = g.op('Sub', [g.op('Unsqueeze', [positions, g.int64([0])]), g.op('Unsqueeze', [positions, g.int64([1])])]);
    const idx = g.op('Gather', [table, g.op('Add', [relative, g.int64([n - 1], [])])]);
    const bias = g.op('Gather', [g.weight('relative_attention_bias', [a.relBuckets, s.heads]), idx]);
    positionBias = g.op('Unsqueeze', [g.op('Transpose', [bias], { perm: [2, 0, 1] }), g.int64([0])]);
  }

  const h = encoderStack(g, x, s, { maskAdd, positionBias });
  g.output(h, 'last_hidden_state', ['batch', 'seq', s.hidden]);
  if (a.pooler) {
    const first = g.op('Gather', [h, g.int64([0], [])], { axis: 1 });
    g.output(g.op('Tanh', [g.linear(first, 'pooler', s.hidden, s.hidden)]), 'pooler_output', ['batch', s.hidden]);
  }
  if (a.projection > 0) {
    // CLIP pools the end-of-text token, which has the largest id in its vocabulary.
    const eos = g.op('ArgMax', [ids], { axis: 1, keepdims: 1 });
    const pooled = g.op('GatherND', [h, eos], { batch_dims: 1 });
    g.output(g.linear(pooled, 'text_projection', s.hidden, a.projection, { bias: false }), 'text_embeds', ['batch', a.projection]);
  }
}

export function buildVisionTransformer(g: GraphBuilder, a: VisionTransformerArch): void {
  const s = a.stack;
  const pixels = g.input('pixel_values', FLOAT, ['batch', a.channels, a.imageSize, a.imageSize]);
  const grid = a.imageSize / a.patch;
  const tokens = grid * grid + 1;
  const patches = g.conv(g.fromFloatInput(pixels), 'patch_embed', a.channels, s.hidden, [a.patch, a.patch], {
    stride: a.patch,
    bias: a.patchBias,
    std: 0.02,
  });
  const seqFirst = g.op('Transpose', [g.op('Reshape', [patches, g.int64([0, s.hidden, -1])])], { perm: [0, 2, 1] });
  const batch = g.shapeOf(pixels, 0, 1);
  const cls = g.op('Expand', [g.weight('cls_token', [1, 1, s.hidden]), g.op('Concat', [batch, g.int64([1, s.hidden])], { axis: 0 })]);
  let x = g.op('Add', [g.op('Concat', [cls, seqFirst], { axis: 1 }), g.weight('position_embedding', [tokens, s.hidden])]);
  if (a.preNorm) x = g.layerNorm(x, 'pre_norm', s.hidden, s.eps);
  const h = encoderStack(g, x, s, {});
  g.output(h, 'last_hidden_state', ['batch', tokens, s.hidden]);
  const first = g.op('Gather', [h, g.int64([0], [])], { axis: 1 });
  if (a.projection > 0) {
    const pooled = g.layerNorm(first, 'post_norm', s.hidden, s.eps);
    g.output(g.linear(pooled, 'visual_projection', s.hidden, a.projection, { bias: false }), 'image_embeds', ['batch', a.projection]);
  }
  if (a.classes > 0) g.output(g.linear(first, 'classifier', s.hidden, a.classes), 'logits', ['batch', a.classes]);
}

export function buildAudioEncoder(g: GraphBuilder, a: AudioEncoderArch): void {
  const s = a.stack;
  const features = g.input('input_features', FLOAT, ['batch', a.melBins, 'seq']);
  let x = g.gelu(g.conv(g.fromFloatInput(features), 'conv1', a.melBins, s.hidden, [3], { pad: 1 }));
  x = g.gelu(g.conv(x, 'conv2', s.hidden, s.hidden, [3], { pad: 1, stride: 2 }));
  x = g.op('Transpose', [x], { perm: [0, 2, 1] });
  const frames = g.shapeOf(x, 1, 2);
  const table = g.weight('embed_positions', [a.maxFrames / 2, s.hidden]);
  x = g.op('Add', [x, g.op('Slice', [table, g.int64([0]), frames, g.int64([0])])]);
  const h = encoderStack(g, x, s, {});
  g.output(h, 'last_hidden_state', ['batch', 'seq_out', s.hidden]);
}
