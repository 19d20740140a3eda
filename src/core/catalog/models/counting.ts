/**
 * Parameter, FLOP and byte counting per architecture kind. See types.ts for the conventions.
 * The CNN layer plans here are walked the same way by the ONNX builder, so a spec and its graph
 * cannot drift apart.
 */
import type {
  Architecture, MobileNetV2Arch, Precision, ResNetArch, TransformerStack,
} from './types.ts';

/** Parameter split: weights the quantised precisions compress (MatMul and Conv weights) and the rest. */
export interface ParamSplit {
  total: number;
  /** MatMul / Gemm weights */
  linear: number;
  /** Conv weights */
  conv: number;
}

/** Per item, in elements (multiply-adds and activation elements), before precision is applied. */
export interface WorkCount {
  macs: number;
  activationElements: number;
}

// ---------------------------------------------------------------- transformer stacks

function innerDims(s: TransformerStack): { inner: number; kvInner: number } {
  return { inner: s.heads * s.headDim, kvInner: s.kvHeads * s.headDim };
}

function normParams(s: TransformerStack): number {
  return s.norm === 'layernorm' ? 2 * s.hidden : s.hidden;
}

export function layerParams(s: TransformerStack): ParamSplit {
  const { inner, kvInner } = innerDims(s);
  const h = s.hidden;
  const attnLinear = 2 * h * inner + 2 * h * kvInner;
  let attnBias = 0;
  if (s.biases === 'all') attnBias = inner + 2 * kvInner + h;
  if (s.biases === 'no-k') attnBias = inner + kvInner + h;
  const mlpLinear = (s.activation === 'swiglu' ? 3 : 2) * h * s.ffn;
  const mlpBias = s.biases !== 'none' && s.activation !== 'swiglu' ? s.ffn + h : 0;
  const linear = attnLinear + mlpLinear;
  return { total: linear + attnBias + mlpBias + 2 * normParams(s), linear, conv: 0 };
}

export function stackParams(s: TransformerStack): ParamSplit {
  const l = layerParams(s);
  return { total: s.layers * l.total + (s.finalNorm ? normParams(s) : 0), linear: s.layers * l.linear, conv: 0 };
}

/**
 * Work for `tokens` query tokens attending to `keys` keys (keys = tokens for an encoder, past + new
 * for a decoder step). Attention over all keys is counted even when causal masking hides half.
 */
export function stackWork(s: TransformerStack, tokens: number, keys: number, kvCache: boolean): WorkCount {
  const { inner, kvInner } = innerDims(s);
  const h = s.hidden;
  const f = s.ffn;
  const l = layerParams(s);
  const attnMacs = 2 * s.heads * s.headDim * keys;
  const perTokenMacs = l.linear + attnMacs;
  const scores = s.heads * keys;
  const norms = 2 * (2 * h);
  const qkv = 3 * h + inner + 2 * kvInner;
  const attention = inner + scores + 2 * scores + scores + inner + (kvCache ? 0 : 2 * kvInner);
  const outProj = inner + h;
  const residuals = 2 * 3 * h;
  const mlpAct = s.activation === 'swiglu' ? 2 * h + 2 * f + 2 * f + 3 * f + f + h : h + f + 2 * f + f + h;
  let perToken = norms + qkv + attention + outProj + residuals + mlpAct;
  // A decoder step reads the whole cache and writes past + new as present (Concat copies it).
  if (kvCache) perToken += 2 * 2 * kvInner * keys;
  return { macs: s.layers * perTokenMacs * tokens, activationElements: s.layers * perToken * tokens };
}

// ---------------------------------------------------------------- CNN layer plans

export interface ConvLayer {
  name: string;
  cin: number;
  cout: number;
  kernel: number;
  stride: number;
  group: number;
  /** input spatial size (square) */
  inSize: number;
  outSize: number;
  /** activation after the conv (BatchNorm is folded into it) */
  act: 'relu' | 'relu6' | 'none';
}

export interface ResidualBlock {
  convs: ConvLayer[];
  /** projection shortcut; null = identity shortcut; undefined = no residual (MobileNetV2 blocks that change shape) */
  shortcut: ConvLayer | null | undefined;
  /** ReLU after the residual add (ResNet) */
  actAfterAdd: boolean;
}

export interface CnnPlan {
  stem: ConvLayer[];
  /** ResNet max-pool after the stem */
  stemPool: boolean;
  blocks: ResidualBlock[];
  head: ConvLayer[];
  features: number;
  classes: number;
  imageSize: number;
}

const outSize = (inSize: number, kernel: number, stride: number): number =>
  Math.floor((inSize + 2 * Math.floor(kernel / 2) - kernel) / stride) + 1;

function conv(name: string, cin: number, cout: number, kernel: number, stride: number, inSize: number, act: ConvLayer['act'], group = 1): ConvLayer {
  return { name, cin, cout, kernel, stride, group, inSize, outSize: outSize(inSize, kernel, stride), act };
}

/** ResNet v1.5 (torchvision): bottleneck blocks, stride on the 3x3 conv. */
export function resnetPlan(a: ResNetArch): CnnPlan {
  const stem = [conv('stem', 3, a.stemWidth, 7, 2, a.imageSize, 'relu')];
  let size = outSize(stem[0].outSize, 3, 2);
  let cin = a.stemWidth;
  const blocks: ResidualBlock[] = [];
  a.blocks.forEach((count, stage) => {
    const width = a.stemWidth * 2 ** stage;
    const cout = width * 4;
    for (let b = 0; b < count; b++) {
      const stride = b === 0 && stage > 0 ? 2 : 1;
      const p = `stage${stage}.block${b}`;
      const c1 = conv(`${p}.conv1`, cin, width, 1, 1, size, 'relu');
      const c2 = conv(`${p}.conv2`, width, width, 3, stride, size, 'relu');
      const c3 = conv(`${p}.conv3`, width, cout, 1, 1, c2.outSize, 'none');
      const shortcut = stride !== 1 || cin !== cout ? conv(`${p}.downsample`, cin, cout, 1, stride, size, 'none') : null;
      blocks.push({ convs: [c1, c2, c3], shortcut, actAfterAdd: true });
      cin = cout;
      size = c2.outSize;
    }
  });
  return { stem, stemPool: true, blocks, head: [], features: cin, classes: a.classes, imageSize: a.imageSize };
}

/** MobileNetV2 (Sandler et al. 2018, torchvision layout): inverted residuals with depthwise 3x3. */
export function mobilenetV2Plan(a: MobileNetV2Arch): CnnPlan {
  const stem = [conv('stem', 3, a.stemWidth, 3, 2, a.imageSize, 'relu6')];
  let size = stem[0].outSize;
  let cin = a.stemWidth;
  const blocks: ResidualBlock[] = [];
  a.settings.forEach(([t, c, n, s], row) => {
    for (let i = 0; i < n; i++) {
      const stride = i === 0 ? s : 1;
      const hidden = cin * t;
      const p = `block${row}.${i}`;
      const convs: ConvLayer[] = [];
      if (t !== 1) convs.push(conv(`${p}.expand`, cin, hidden, 1, 1, size, 'relu6'));
      const dw = conv(`${p}.depthwise`, hidden, hidden, 3, stride, size, 'relu6', hidden);
      convs.push(dw, conv(`${p}.project`, hidden, c, 1, 1, dw.outSize, 'none'));
      blocks.push({ convs, shortcut: stride === 1 && cin === c ? null : undefined, actAfterAdd: false });
      cin = c;
      size = dw.outSize;
    }
  });
  const head = [conv('head', cin, a.lastWidth, 1, 1, size, 'relu6')];
  return { stem, stemPool: false, blocks, head, features: a.lastWidth, classes: a.classes, imageSize: a.imageSize };
}

export function planConvs(p: CnnPlan): ConvLayer[] {
  const out = [...p.stem];
  for (const b of p.blocks) {
    out.push(...b.convs);
    if (b.shortcut) out.push(b.shortcut);
  }
  return out.concat(p.head);
}

function convWeights(c: ConvLayer): number {
  return (c.cin / c.group) * c.cout * c.kernel * c.kernel;
}

function cnnParams(p: CnnPlan): ParamSplit {
  let conv = 0;
  let bn = 0;
  for (const c of planConvs(p)) {
    conv += convWeights(c);
    bn += 2 * c.cout; // BatchNorm gamma and beta (running stats are buffers, not parameters)
  }
  const linear = p.features * p.classes;
  return { total: conv + bn + linear + p.classes, linear, conv };
}

function cnnWork(p: CnnPlan): WorkCount {
  let macs = p.features * p.classes;
  let act = p.features + p.classes;
  for (const c of planConvs(p)) {
    macs += convWeights(c) * c.outSize * c.outSize;
    act += c.cin * c.inSize * c.inSize + c.cout * c.outSize * c.outSize;
  }
  if (p.stemPool) {
    const s = p.stem[p.stem.length - 1];
    act += s.cout * s.outSize * s.outSize + s.cout * outSize(s.outSize, 3, 2) ** 2;
  }
  for (const b of p.blocks) {
    if (b.shortcut === undefined) continue;
    const last = b.convs[b.convs.length - 1];
    act += 3 * last.cout * last.outSize * last.outSize;
  }
  return { macs, activationElements: act };
}

// ---------------------------------------------------------------- per architecture

export function paramSplit(a: Architecture): ParamSplit {
  switch (a.kind) {
    case 'text-encoder': {
      const s = a.stack;
      const st = stackParams(s);
      let other = a.vocab * s.hidden + a.typeVocab * s.hidden;
      if (a.positions === 'learned') other += a.maxPositions * s.hidden;
      else other += a.relBuckets * s.heads;
      if (a.embeddingNorm) other += 2 * s.hidden;
      let linear = st.linear;
      if (a.pooler) {
        linear += s.hidden * s.hidden;
        other += s.hidden;
      }
      linear += a.projection * s.hidden;
      return { total: st.total + other + linear - st.linear, linear, conv: 0 };
    }
    case 'vision-transformer': {
      const s = a.stack;
      const st = stackParams(s);
      const tokens = (a.imageSize / a.patch) ** 2 + 1;
      const conv = a.channels * a.patch * a.patch * s.hidden;
      let other = (a.patchBias ? s.hidden : 0) + s.hidden + tokens * s.hidden + (a.preNorm ? 2 * s.hidden : 0);
      let linear = st.linear + a.projection * s.hidden + a.classes * s.hidden;
      if (a.projection > 0) other += 2 * s.hidden; // CLIP post_layernorm
      other += a.classes;
      return { total: st.total - st.linear + linear + conv + other, linear, conv };
    }
    case 'audio-encoder': {
      const s = a.stack;
      const st = stackParams(s);
      const conv = a.melBins * s.hidden * 3 + s.hidden * s.hidden * 3;
      const other = 2 * s.hidden + (a.maxFrames / 2) * s.hidden;
      return { total: st.total + conv + other, linear: st.linear, conv };
    }
    case 'resnet':
      return cnnParams(resnetPlan(a));
    case 'mobilenetv2':
      return cnnParams(mobilenetV2Plan(a));
    case 'decoder': {
      const s = a.stack;
      const st = stackParams(s);
      const embed = a.vocab * s.hidden;
      const head = a.tiedEmbeddings ? 0 : a.vocab * s.hidden;
      return { total: st.total + embed + head, linear: st.linear + a.vocab * s.hidden, conv: 0 };
    }
  }
}

/** Multiply-adds and activation elements per item. */
export function workPerItem(a: Architecture, seq: number): WorkCount {
  switch (a.kind) {
    case 'text-encoder': {
      const s = a.stack;
      const w = stackWork(s, seq, seq, false);
      let macs = w.macs + (a.pooler ? s.hidden * s.hidden : 0) + a.projection * s.hidden;
      return { macs, activationElements: w.activationElements + 2 * seq * s.hidden * (a.typeVocab > 0 ? 3 : 2) };
    }
    case 'vision-transformer': {
      const s = a.stack;
      const grid = a.imageSize / a.patch;
      const tokens = grid * grid + 1;
      const w = stackWork(s, tokens, tokens, false);
      const patchMacs = grid * grid * a.channels * a.patch * a.patch * s.hidden;
      const headMacs = (a.classes + a.projection) * s.hidden;
      const act = a.channels * a.imageSize ** 2 + 3 * tokens * s.hidden;
      return { macs: w.macs + patchMacs + headMacs, activationElements: w.activationElements + act };
    }
    case 'audio-encoder': {
      const s = a.stack;
      const out = Math.floor((seq - 1) / 2) + 1;
      const w = stackWork(s, out, out, false);
      const convMacs = seq * a.melBins * s.hidden * 3 + out * s.hidden * s.hidden * 3;
      const act = a.melBins * seq + 3 * s.hidden * seq + 3 * s.hidden * out;
      return { macs: w.macs + convMacs, activationElements: w.activationElements + act };
    }
    case 'resnet':
      return cnnWork(resnetPlan(a));
    case 'mobilenetv2':
      return cnnWork(mobilenetV2Plan(a));
    case 'decoder': {
      const s = a.stack;
      const w = stackWork(s, 1, seq + 1, true);
      return { macs: w.macs + a.vocab * s.hidden, activationElements: w.activationElements + 2 * s.hidden + a.vocab };
    }
  }
}

/** Bytes per quantisable (MatMul/Conv) weight and per other parameter, as the ONNX Runtime recipes Perfcast builds store them. */
export function weightElementBytes(p: Precision): { quantized: number; other: number } {
  switch (p) {
    case 'fp32':
      return { quantized: 4, other: 4 };
    case 'fp16':
    case 'bf16':
      return { quantized: 2, other: 2 };
    case 'fp8':
      return { quantized: 1, other: 2 };
    case 'int8':
      return { quantized: 1, other: 4 };
    case 'int4':
      // 4-bit codes plus one fp32 scale per block of 32
      return { quantized: 0.5 + 4 / 32, other: 4 };
  }
}

/** Activation element size: int8 and int4 recipes compute in fp32 between the quantised MatMuls. */
export function activationElementBytes(p: Precision): number {
  switch (p) {
    case 'fp32':
    case 'int8':
    case 'int4':
      return 4;
    case 'fp16':
    case 'bf16':
      return 2;
    case 'fp8':
      return 1;
  }
}

export function weightBytes(a: Architecture, p: Precision): number {
  const split = paramSplit(a);
  const e = weightElementBytes(p);
  // MatMulNBits has no convolution counterpart, so int4 graphs keep Conv weights in fp32.
  const quantized = p === 'int4' ? split.linear : split.linear + split.conv;
  return quantized * e.quantized + (split.total - quantized) * e.other;
}
