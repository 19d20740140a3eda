/**
 * Model architecture specs. Pure data plus counting functions; the ONNX builder
 * (src/runtime/onnx) turns the same specs into runnable graphs.
 *
 * Counting conventions (see docs/models.md):
 * - params(): trainable parameters as the reference implementation (Hugging Face / torchvision)
 *   counts them: BatchNorm gamma/beta count, running statistics do not; fixed sinusoidal tables
 *   that the reference stores as parameters (Whisper positions) count.
 * - flops(batch, seq): forward FLOPs per item, 1 multiply-add = 2 FLOPs, counting MatMul/Gemm/Conv
 *   (including attention QK^T and PV). Norms, activations, softmax and residual adds are left out
 *   (under 1% of the total here, and memory-bound: they show up in bytesMoved instead).
 * - bytesMoved(batch, seq, precision): bytes per item = weight bytes / batch (weights read once per
 *   batch) + activation bytes per item, where every major op reads its inputs once and writes its
 *   outputs once (no fusion, no cache reuse). A lower bound on DRAM traffic for an unfused runtime.
 */
import type { Precision } from '../../schema/record.ts';

export type { Precision };

/** Precisions the ONNX builder can emit. */
export type BuildPrecision = 'fp32' | 'fp16' | 'int8' | 'int4';
export const BUILD_PRECISIONS: readonly BuildPrecision[] = ['fp32', 'fp16', 'int8', 'int4'];

export type ModelFamily =
  | 'bert' | 'distilbert' | 't5' | 'vit' | 'whisper' | 'clip' | 'resnet' | 'mobilenet' | 'llama';
export type Modality = 'text' | 'vision' | 'audio';

export interface TransformerStack {
  readonly layers: number;
  readonly hidden: number;
  readonly heads: number;
  /** key/value heads (grouped-query attention); equals heads for plain multi-head attention */
  readonly kvHeads: number;
  readonly headDim: number;
  readonly ffn: number;
  /** gelu = erf form, quick_gelu = x * sigmoid(1.702 x) (CLIP), swiglu = SiLU-gated MLP (Llama) */
  readonly activation: 'gelu' | 'quick_gelu' | 'relu' | 'swiglu';
  readonly norm: 'layernorm' | 'rmsnorm';
  readonly normPlacement: 'pre' | 'post';
  /** which projections carry a bias: all, none, or all except the key projection (Whisper) */
  readonly biases: 'all' | 'none' | 'no-k';
  readonly finalNorm: boolean;
  readonly causal: boolean;
  readonly eps: number;
  /** scale QK^T by 1/sqrt(headDim); T5 folds the scale into its init and does not */
  readonly scaleScores: boolean;
}

export interface TextEncoderArch {
  readonly kind: 'text-encoder';
  readonly stack: TransformerStack;
  readonly vocab: number;
  readonly maxPositions: number;
  /** token-type (segment) vocabulary; 0 = no token_type_ids input */
  readonly typeVocab: number;
  readonly positions: 'learned' | 't5-relative';
  readonly relBuckets: number;
  readonly relMaxDistance: number;
  readonly embeddingNorm: boolean;
  readonly pooler: boolean;
  /** output projection width (CLIP text_projection), 0 = none */
  readonly projection: number;
}

export interface VisionTransformerArch {
  readonly kind: 'vision-transformer';
  readonly stack: TransformerStack;
  readonly imageSize: number;
  readonly patch: number;
  readonly channels: number;
  readonly patchBias: boolean;
  /** LayerNorm before the encoder (CLIP pre_layrnorm) */
  readonly preNorm: boolean;
  /** classifier classes, 0 = none */
  readonly classes: number;
  /** projection width (CLIP visual_projection), 0 = none */
  readonly projection: number;
}

export interface AudioEncoderArch {
  readonly kind: 'audio-encoder';
  readonly stack: TransformerStack;
  readonly melBins: number;
  /** input frames the positional table covers (3000 frames = 30 s); the encoder sees frames / 2 */
  readonly maxFrames: number;
}

export interface ResNetArch {
  readonly kind: 'resnet';
  readonly blocks: readonly number[];
  readonly stemWidth: number;
  readonly classes: number;
  readonly imageSize: number;
}

export interface MobileNetV2Arch {
  readonly kind: 'mobilenetv2';
  /** (expansion t, channels c, repeats n, first stride s) rows from the paper's Table 2 */
  readonly settings: readonly (readonly [number, number, number, number])[];
  readonly stemWidth: number;
  readonly lastWidth: number;
  readonly classes: number;
  readonly imageSize: number;
}

export interface DecoderArch {
  readonly kind: 'decoder';
  readonly stack: TransformerStack;
  readonly vocab: number;
  readonly tiedEmbeddings: boolean;
  /** rotary position embedding base; null = no positional encoding in the graph */
  readonly ropeTheta: number | null;
  readonly maxPositions: number;
}

export type Architecture =
  | TextEncoderArch | VisionTransformerArch | AudioEncoderArch | ResNetArch | MobileNetV2Arch | DecoderArch;

export interface PublishedCount {
  readonly params: number;
  readonly source: string;
}

export interface ModelSpec {
  readonly id: string;
  readonly name: string;
  readonly family: ModelFamily;
  readonly modality: Modality;
  readonly task: string;
  readonly arch: Architecture;
  /** What `seq` means in flops/bytesMoved and in the 'seq' input axis. */
  readonly seqMeaning: string;
  /** A typical seq for this model (128 tokens, 3000 mel frames, fixed image size -> patches). */
  readonly defaultSeq: number;
  /**
   * Longest seq the built graph accepts (position tables: 512 tokens for BERT, 77 for CLIP text,
   * 3000 frames for Whisper, context + 1 <= positions for decoders). flops/bytesMoved accept more.
   */
  readonly maxSeq: number;
  /** Whether seq changes the workload (false for fixed-size image models). */
  readonly seqVaries: boolean;
  readonly published?: PublishedCount;
  /** true for small variants made for fast tests, not real published models */
  readonly testVariant: boolean;
  /** ONNX precisions the builder emits for this spec; empty = prediction only (too big to build here) */
  readonly buildPrecisions: readonly BuildPrecision[];
  readonly notes?: string;
  params(): number;
  flops(batch: number, seq: number): number;
  bytesMoved(batch: number, seq: number, precision: Precision): number;
  weightBytes(precision: Precision): number;
}
