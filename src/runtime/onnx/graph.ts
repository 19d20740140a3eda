/**
 * GraphBuilder: names nodes, owns initializers, and emits the precision-specific pattern for each
 * layer (fp32, fp16 weights and compute, int8 dynamic quantisation, int4 MatMulNBits).
 */
import type { BuildPrecision } from '../../core/catalog/models/types.ts';
import type { AttributeValue, ModelDef, NodeDef, TensorDataTypeCode, TensorDef, ValueInfoDef } from './proto/onnx.ts';
import { TensorDataType } from './proto/onnx.ts';
import {
  bytesOf, fillRandom, hashString, quantizeInt4Blocks, quantizeInt8PerColumn, quantizeUint8PerChannel,
  toFloat16Array, INT4_BLOCK,
} from './numeric.ts';

export type Attrs = Record<string, number | string | readonly number[] | { floats: readonly number[] } | { float: number }>;

export const OPSET = 17;
export const IR_VERSION = 8;

function toAttr(v: Attrs[string]): AttributeValue {
  if (typeof v === 'number') return { kind: 'int', value: v };
  if (typeof v === 'string') return { kind: 'string', value: v };
  if (Array.isArray(v)) return { kind: 'ints', value: v as readonly number[] };
  if ('floats' in (v as object)) return { kind: 'floats', value: (v as { floats: readonly number[] }).floats };
  return { kind: 'float', value: (v as { float: number }).float };
}

export interface WeightInit {
  /** standard deviation of the random init; ignored when `fill` is given */
  std?: number;
  fill?: number;
  data?: Float32Array;
  /** keep fp32 even in an fp16 graph */
  fp32?: boolean;
}

export class GraphBuilder {
  readonly nodes: NodeDef[] = [];
  readonly initializers: TensorDef[] = [];
  readonly inputs: ValueInfoDef[] = [];
  readonly outputs: ValueInfoDef[] = [];
  private usesMicrosoftDomain = false;
  private counter = 0;
  private readonly constCache = new Map<string, string>();
  private readonly names = new Set<string>();

  constructor(readonly seed: number, readonly precision: BuildPrecision) {}

  /** element type of activations and float weights */
  get floatType(): TensorDataTypeCode {
    return this.precision === 'fp16' ? TensorDataType.FLOAT16 : TensorDataType.FLOAT;
  }

  private unused(prefix: string): string {
    let name = `${prefix}_${this.counter++}`;
    while (this.names.has(name)) name = `${prefix}_${this.counter++}`;
    return name;
  }

  fresh(prefix: string): string {
    const name = this.unused(prefix);
    this.names.add(name);
    return name;
  }

  private unique(name: string): string {
    if (this.names.has(name)) throw new Error(`duplicate tensor name ${name}`);
    this.names.add(name);
    return name;
  }

  ops(opType: string, inputs: readonly string[], outputCount: number, attrs?: Attrs, domain?: string): string[] {
    const outputs = Array.from({ length: outputCount }, () => this.fresh(opType));
    const attributes: Record<string, AttributeValue> = {};
    for (const [k, v] of Object.entries(attrs ?? {})) attributes[k] = toAttr(v);
    if (domain === 'com.microsoft') this.usesMicrosoftDomain = true;
    this.nodes.push({ opType, domain, name: this.fresh(`n_${opType}`), inputs, outputs, attributes });
    return outputs;
  }

  op(opType: string, inputs: readonly string[], attrs?: Attrs, domain?: string): string {
    return this.ops(opType, inputs, 1, attrs, domain)[0];
  }

  input(name: string, dataType: TensorDataTypeCode, shape: readonly (number | string)[]): string {
    this.inputs.push({ name: this.unique(name), dataType, shape });
    return name;
  }

  /** Declares a graph output; float outputs are always float32 (fp16 graphs cast at the boundary). */
  output(value: string, name: string, shape: readonly (number | string)[], dataType: TensorDataTypeCode = TensorDataType.FLOAT): void {
    let v = value;
    if (dataType === TensorDataType.FLOAT && this.floatType === TensorDataType.FLOAT16) v = this.op('Cast', [v], { to: TensorDataType.FLOAT });
    this.unique(name);
    this.nodes.push({ opType: 'Identity', name: this.fresh('n_out'), inputs: [v], outputs: [name] });
    this.outputs.push({ name, dataType, shape });
  }

  /** Casts a float32 graph input to the compute type. */
  fromFloatInput(name: string): string {
    return this.floatType === TensorDataType.FLOAT16 ? this.op('Cast', [name], { to: TensorDataType.FLOAT16 }) : name;
  }

  tensor(name: string, dataType: TensorDataTypeCode, dims: readonly number[], raw: Uint8Array): string {
    this.initializers.push({ name: this.unique(name), dataType, dims, raw });
    return name;
  }

  private floatValues(name: string, dims: readonly number[], init: WeightInit): Float32Array {
    const size = dims.reduce((a, b) => a * b, 1);
    if (init.data) {
      if (init.data.length !== size) throw new Error(`${name}: data has ${init.data.length} values, dims need ${size}`);
      return init.data;
    }
    const out = new Float32Array(size);
    if (init.fill !== undefined) return out.fill(init.fill);
    return fillRandom(out, init.std ?? 0.02, hashString(name, this.seed >>> 0));
  }

  /** A float weight in the compute type (fp16 in fp16 graphs unless init.fp32). */
  weight(name: string, dims: readonly number[], init: WeightInit = {}): string {
    const values = this.floatValues(name, dims, init);
    if (this.floatType === TensorDataType.FLOAT16 && !init.fp32) {
      return this.tensor(name, TensorDataType.FLOAT16, dims, bytesOf(toFloat16Array(values)));
    }
    return this.tensor(name, TensorDataType.FLOAT, dims, bytesOf(values));
  }

  int64(values: readonly number[], dims: readonly number[] = [values.length]): string {
    const key = `i64:${dims.join('x')}:${values.join(',')}`;
    const hit = this.constCache.get(key);
    if (hit) return hit;
    const data = BigInt64Array.from(values.map((v) => BigInt(v)));
    const name = this.tensor(this.unused('const_i64'), TensorDataType.INT64, dims, bytesOf(data));
    this.constCache.set(key, name);
    return name;
  }

  /** A scalar in the compute type. */
  scalar(value: number): string {
    const key = `f:${this.floatType}:${value}`;
    const hit = this.constCache.get(key);
    if (hit) return hit;
    const name = this.weight(this.unused('const_f'), [], { data: Float32Array.of(value) });
    this.constCache.set(key, name);
    return name;
  }

  /** y = x W (+ b) for x [..., k], W [k, n], in the graph's precision. */
  linear(x: string, name: string, k: number, n: number, opts: { bias?: boolean; std?: number } = {}): string {
    const bias = opts.bias ?? true;
    const std = opts.std ?? 0.02;
    let y: string;
    if (this.precision === 'fp32' || this.precision === 'fp16') {
      y = this.op('MatMul', [x, this.weight(`${name}.weight`, [k, n], { std })]);
    } else if (this.precision === 'int8') {
      const w = fillRandom(new Float32Array(k * n), std, hashString(`${name}.weight`, this.seed >>> 0));
      const { q, scales } = quantizeInt8PerColumn(w, k, n);
      const wq = this.tensor(`${name}.weight_int8`, TensorDataType.INT8, [k, n], bytesOf(q));
      const ws = this.tensor(`${name}.weight_scale`, TensorDataType.FLOAT, [n], bytesOf(scales));
      const [xq, xs, xz] = this.ops('DynamicQuantizeLinear', [x], 3);
      const acc = this.op('MatMulInteger', [xq, wq, xz]);
      const accF = this.op('Cast', [acc], { to: TensorDataType.FLOAT });
      y = this.op('Mul', [accF, this.op('Mul', [xs, ws])]);
    } else {
      if (k % INT4_BLOCK !== 0) {
        y = this.op('MatMul', [x, this.weight(`${name}.weight`, [k, n], { std })]);
      } else {
        const w = fillRandom(new Float32Array(k * n), std, hashString(`${name}.weight`, this.seed >>> 0));
        const { packed, scales } = quantizeInt4Blocks(w, k, n);
        const blocks = k / INT4_BLOCK;
        const b = this.tensor(`${name}.weight_q4`, TensorDataType.UINT8, [n, blocks, INT4_BLOCK / 2], packed);
        const s = this.tensor(`${name}.weight_scales`, TensorDataType.FLOAT, [n * blocks], bytesOf(scales));
        y = this.op('MatMulNBits', [x, b, s], { K: k, N: n, bits: 4, block_size: INT4_BLOCK }, 'com.microsoft');
      }
    }
    if (bias) y = this.op('Add', [y, this.weight(`${name}.bias`, [n], { std })]);
    return y;
  }

  /**
   * Conv with folded BatchNorm (weight + bias). int8 uses dynamic quantisation (ConvInteger with
   * uint8 weights, per-channel scales applied after), as onnxruntime's quantize_dynamic does.
   */
  conv(
    x: string,
    name: string,
    cin: number,
    cout: number,
    kernel: readonly number[],
    opts: { stride?: number; pad?: number; group?: number; bias?: boolean; std?: number } = {},
  ): string {
    const group = opts.group ?? 1;
    const stride = opts.stride ?? 1;
    const pad = opts.pad ?? 0;
    const dims = [cout, cin / group, ...kernel];
    const fanIn = (cin / group) * kernel.reduce((a, b) => a * b, 1);
    const std = opts.std ?? Math.sqrt(2 / fanIn);
    const attrs: Attrs = {
      kernel_shape: kernel,
      strides: kernel.map(() => stride),
      pads: [...kernel.map(() => pad), ...kernel.map(() => pad)],
      group,
    };
    const bias = opts.bias ?? true;
    if (this.precision !== 'int8') {
      const inputs = [x, this.weight(`${name}.weight`, dims, { std })];
      if (bias) inputs.push(this.weight(`${name}.bias`, [cout], { std: 0.02 }));
      return this.op('Conv', inputs, attrs);
    }
    const w = fillRandom(new Float32Array(dims.reduce((a, b) => a * b, 1)), std, hashString(`${name}.weight`, this.seed >>> 0));
    const { q, scales } = quantizeUint8PerChannel(w, cout);
    const wq = this.tensor(`${name}.weight_uint8`, TensorDataType.UINT8, dims, q);
    const wz = this.tensor(`${name}.weight_zero_point`, TensorDataType.UINT8, [], Uint8Array.of(128));
    const spatialOnes = kernel.map(() => 1);
    const ws = this.tensor(`${name}.weight_scale`, TensorDataType.FLOAT, [cout, ...spatialOnes], bytesOf(scales));
    const [xq, xs, xz] = this.ops('DynamicQuantizeLinear', [x], 3);
    const acc = this.op('ConvInteger', [xq, wq, xz, wz], attrs);
    let y = this.op('Mul', [this.op('Cast', [acc], { to: TensorDataType.FLOAT }), this.op('Mul', [xs, ws])]);
    if (bias) y = this.op('Add', [y, this.weight(`${name}.bias`, [cout, ...spatialOnes], { std: 0.02 })]);
    return y;
  }

  /** Shape(x)[start:end] as a 1-D int64 tensor. */
  shapeOf(x: string, start: number, end: number): string {
    return this.op('Shape', [x], { start, end });
  }

  /** A tensor of the given runtime shape filled with one float value (in the compute type). */
  constantOfShape(shape: string, value: number): string {
    const name = this.fresh('ConstantOfShape');
    const raw =
      this.floatType === TensorDataType.FLOAT16
        ? bytesOf(toFloat16Array(Float32Array.of(value)))
        : bytesOf(Float32Array.of(value));
    this.nodes.push({
      opType: 'ConstantOfShape',
      name: this.fresh('n_ConstantOfShape'),
      inputs: [shape],
      outputs: [name],
      attributes: { value: { kind: 'tensor', value: { name: 'value', dataType: this.floatType, dims: [1], raw } } },
    });
    return name;
  }

  layerNorm(x: string, name: string, hidden: number, eps: number): string {
    return this.op('LayerNormalization', [x, this.weight(`${name}.weight`, [hidden], { fill: 1 }), this.weight(`${name}.bias`, [hidden], { fill: 0 })], {
      axis: -1,
      epsilon: { float: eps },
    });
  }

  /** RMSNorm as plain ops: x / sqrt(mean(x^2) + eps) * g */
  rmsNorm(x: string, name: string, hidden: number, eps: number): string {
    const sq = this.op('Mul', [x, x]);
    const mean = this.op('ReduceMean', [sq], { axes: [-1], keepdims: 1 });
    const inv = this.op('Reciprocal', [this.op('Sqrt', [this.op('Add', [mean, this.scalar(eps)])])]);
    return this.op('Mul', [this.op('Mul', [x, inv]), this.weight(`${name}.weight`, [hidden], { fill: 1 })]);
  }

  norm(kind: 'layernorm' | 'rmsnorm', x: string, name: string, hidden: number, eps: number): string {
    return kind === 'layernorm' ? this.layerNorm(x, name, hidden, eps) : this.rmsNorm(x, name, hidden, eps);
  }

  /** exact GELU, 0.5 x (1 + erf(x / sqrt 2)); onnxruntime fuses this pattern into one Gelu kernel */
  gelu(x: string): string {
    const erf = this.op('Erf', [this.op('Div', [x, this.scalar(Math.SQRT2)])]);
    return this.op('Mul', [this.op('Mul', [x, this.op('Add', [erf, this.scalar(1)])]), this.scalar(0.5)]);
  }

  activation(kind: 'gelu' | 'quick_gelu' | 'relu', x: string): string {
    if (kind === 'relu') return this.op('Relu', [x]);
    if (kind === 'gelu') return this.gelu(x);
    return this.op('Mul', [x, this.op('Sigmoid', [this.op('Mul', [x, this.scalar(1.702)])])]);
  }

  toModel(graphName: string, docString: string, metadata: Record<string, string>): ModelDef {
    const opsets = [{ domain: '', version: OPSET }];
    if (this.usesMicrosoftDomain) opsets.push({ domain: 'com.microsoft', version: 1 });
    return {
      irVersion: IR_VERSION,
      opsets,
      producerName: 'perfcast',
      producerVersion: '0.1.0',
      docString,
      metadata,
      graph: { name: graphName, nodes: this.nodes, initializers: this.initializers, inputs: this.inputs, outputs: this.outputs },
    };
  }
}
