/**
 * buildOnnxModel(spec, { precision, seed }) turns a catalog spec into ONNX bytes with seeded random
 * weights, plus the input specs a runner needs to make feeds for any batch and sequence length.
 */
import type { BuildPrecision, ModelSpec } from '../../core/catalog/models/types.ts';
import { GraphBuilder } from './graph.ts';
import { encodeModel } from './proto/onnx.ts';
import { buildAudioEncoder, buildTextEncoder, buildVisionTransformer } from './builders/encoders.ts';
import { buildMobileNetV2, buildResNet } from './builders/cnn.ts';
import { buildDecoderStep } from './builders/decoder.ts';
import type { InputDType, InputSpec } from './feeds.ts';
import { TensorDataType } from './proto/onnx.ts';

export { makeFeeds, resolveDims } from './feeds.ts';
export type { Feed, FeedOptions, InputFill, InputSpec, InputDType } from './feeds.ts';
export { describeOnnx, inputSpecsFromOnnx, OnnxFormatError } from './describe.ts';
export type { OnnxDescription, OnnxValueDescription } from './describe.ts';

export interface BuildOptions {
  precision: BuildPrecision;
  /** weight seed; the same spec, precision and seed always give the same bytes */
  seed?: number;
}

export interface BuiltModel {
  bytes: Uint8Array;
  inputs: InputSpec[];
  outputs: string[];
  precision: BuildPrecision;
  /** bytes taken by initializers (weights, tables, constants) */
  weightBytes: number;
  nodeCount: number;
  /** longest seq the graph accepts (spec.maxSeq) */
  maxSeq: number;
}

export function buildOnnxModel(spec: ModelSpec, options: BuildOptions): BuiltModel {
  const precision = options.precision;
  if (!spec.buildPrecisions.includes(precision)) {
    const allowed = spec.buildPrecisions.length ? spec.buildPrecisions.join(', ') : 'none (prediction-only spec, too large to build here)';
    throw new Error(`cannot build ${spec.id} at ${precision}: buildable precisions are ${allowed}`);
  }
  const seed = options.seed ?? 1;
  const g = new GraphBuilder(seed, precision);
  const a = spec.arch;
  switch (a.kind) {
    case 'text-encoder':
      buildTextEncoder(g, a);
      break;
    case 'vision-transformer':
      buildVisionTransformer(g, a);
      break;
    case 'audio-encoder':
      buildAudioEncoder(g, a);
      break;
    case 'resnet':
      buildResNet(g, a);
      break;
    case 'mobilenetv2':
      buildMobileNetV2(g, a);
      break;
    case 'decoder':
      buildDecoderStep(g, a);
      break;
  }
  const inputs: InputSpec[] = g.inputs.map((i) => {
    const dtype: InputDType = i.dataType === TensorDataType.INT64 ? 'int64' : 'float32';
    let fill: InputSpec['fill'];
    if (i.name === 'input_ids') fill = { kind: 'token_ids', vocab: 'vocab' in a ? a.vocab : 2 };
    else if (i.name === 'attention_mask') fill = { kind: 'ones' };
    else if (dtype === 'int64') fill = { kind: 'zeros' };
    else fill = { kind: 'normal', std: 1 };
    return { name: i.name, dtype, shape: i.shape, fill };
  });
  const model = g.toModel(spec.id, `${spec.name}: architecture of ${spec.id} with seeded random weights (seed ${seed}), ${precision}`, {
    'perfcast.model': spec.id,
    'perfcast.precision': precision,
    'perfcast.seed': String(seed),
    'perfcast.weights': 'random',
  });
  return {
    bytes: encodeModel(model),
    inputs,
    outputs: g.outputs.map((o) => o.name),
    precision,
    weightBytes: g.initializers.reduce((sum, t) => sum + t.raw.length, 0),
    nodeCount: g.nodes.length,
    maxSeq: spec.maxSeq,
  };
}
