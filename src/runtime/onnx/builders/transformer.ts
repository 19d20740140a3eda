/** Attention, MLP and block patterns shared by every transformer graph. */
import type { TransformerStack } from '../../../core/catalog/models/types.ts';
import type { GraphBuilder } from '../graph.ts';
import { TensorDataType } from '../proto/onnx.ts';

export const MASK_VALUE = -10000;

export interface AttentionExtras {
  /** additive mask broadcastable to [batch, heads, seq, seq] */
  maskAdd?: string;
  /** additive position bias [1, heads, seq, seq] (T5) */
  positionBias?: string;
}

export function selfAttention(g: GraphBuilder, x: string, name: string, s: TransformerStack, extras: AttentionExtras): string {
  const inner = s.heads * s.headDim;
  const bias = s.biases !== 'none';
  const q = g.linear(x, `${name}.q`, s.hidden, inner, { bias });
  const k = g.linear(x, `${name}.k`, s.hidden, inner, { bias: s.biases === 'all' });
  const v = g.linear(x, `${name}.v`, s.hidden, inner, { bias });
  const split = g.int64([0, 0, s.heads, s.headDim]);
  const qh = g.op('Transpose', [g.op('Reshape', [q, split])], { perm: [0, 2, 1, 3] });
  const kt = g.op('Transpose', [g.op('Reshape', [k, split])], { perm: [0, 2, 3, 1] });
  const vh = g.op('Transpose', [g.op('Reshape', [v, split])], { perm: [0, 2, 1, 3] });
  let scores = g.op('MatMul', [qh, kt]);
  if (s.scaleScores) scores = g.op('Mul', [scores, g.scalar(1 / Math.sqrt(s.headDim))]);
  if (extras.positionBias) scores = g.op('Add', [scores, extras.positionBias]);
  if (extras.maskAdd) scores = g.op('Add', [scores, extras.maskAdd]);
  const probs = g.op('Softmax', [scores], { axis: -1 });
  const ctx = g.op('Transpose', [g.op('MatMul', [probs, vh])], { perm: [0, 2, 1, 3] });
  const merged = g.op('Reshape', [ctx, g.int64([0, 0, inner])]);
  return g.linear(merged, `${name}.o`, inner, s.hidden, { bias });
}

export function mlp(g: GraphBuilder, x: string, name: string, s: TransformerStack): string {
  if (s.activation === 'swiglu') {
    const gate = g.linear(x, `${name}.gate`, s.hidden, s.ffn, { bias: false });
    const up = g.linear(x, `${name}.up`, s.hidden, s.ffn, { bias: false });
    const silu = g.op('Mul', [gate, g.op('Sigmoid', [gate])]);
    return g.linear(g.op('Mul', [silu, up]), `${name}.down`, s.ffn, s.hidden, { bias: false });
  }
  const bias = s.biases !== 'none';
  const h = g.activation(s.activation, g.linear(x, `${name}.fc1`, s.hidden, s.ffn, { bias }));
  return g.linear(h, `${name}.fc2`, s.ffn, s.hidden, { bias });
}

export function encoderLayer(g: GraphBuilder, x: string, name: string, s: TransformerStack, extras: AttentionExtras): string {
  if (s.normPlacement === 'post') {
    const a = g.norm(s.norm, g.op('Add', [x, selfAttention(g, x, `${name}.attn`, s, extras)]), `${name}.attn_norm`, s.hidden, s.eps);
    return g.norm(s.norm, g.op('Add', [a, mlp(g, a, `${name}.mlp`, s)]), `${name}.mlp_norm`, s.hidden, s.eps);
  }
  const a = g.op('Add', [x, selfAttention(g, g.norm(s.norm, x, `${name}.attn_norm`, s.hidden, s.eps), `${name}.attn`, s, extras)]);
  return g.op('Add', [a, mlp(g, g.norm(s.norm, a, `${name}.mlp_norm`, s.hidden, s.eps), `${name}.mlp`, s)]);
}

export function encoderStack(g: GraphBuilder, x: string, s: TransformerStack, extras: AttentionExtras): string {
  let h = x;
  for (let i = 0; i < s.layers; i++) h = encoderLayer(g, h, `layer${i}`, s, extras);
  if (s.finalNorm) h = g.norm(s.norm, h, 'final_norm', s.hidden, s.eps);
  return h;
}

/** [batch, seq] int64 0/1 mask -> additive [batch, 1, 1, seq] */
export function paddingMask(g: GraphBuilder, mask: string): string {
  const m = g.op('Cast', [mask], { to: g.floatType });
  const add = g.op('Mul', [g.op('Sub', [g.scalar(1), m]), g.scalar(MASK_VALUE)]);
  return g.op('Unsqueeze', [add, g.int64([1, 2])]);
}

/**
 * Additive causal mask [rows, cols] where row i may see columns j <= i + offset.
 * offset is a scalar int64 tensor (past length for decoder steps, 0 for a plain causal encoder).
 */
export function causalMask(g: GraphBuilder, rows: string, cols: string, offset: string): string {
  const ones = g.constantOfShape(g.op('Concat', [rows, cols], { axis: 0 }), 1);
  const allowed = g.op('Trilu', [ones, offset], { upper: 0 });
  return g.op('Mul', [g.op('Sub', [g.scalar(1), allowed]), g.scalar(MASK_VALUE)]);
}

export const INT64 = TensorDataType.INT64;
export const FLOAT = TensorDataType.FLOAT;
