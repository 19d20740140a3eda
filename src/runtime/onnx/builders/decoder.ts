/**
 * One Llama decoder step with a KV cache: new token ids + past keys/values in, logits + present
 * keys/values out. RMSNorm as plain ops, rotary position embedding, grouped-query attention
 * computed without repeating the KV heads, SiLU-gated MLP.
 */
import type { DecoderArch } from '../../../core/catalog/models/types.ts';
import type { GraphBuilder } from '../graph.ts';
import { mlp, causalMask, FLOAT, INT64 } from './transformer.ts';

function ropeTables(a: DecoderArch): { cos: Float32Array; sin: Float32Array } {
  const hd = a.stack.headDim;
  const half = hd / 2;
  const theta = a.ropeTheta ?? 10000;
  const cos = new Float32Array(a.maxPositions * hd);
  const sin = new Float32Array(a.maxPositions * hd);
  for (let p = 0; p < a.maxPositions; p++) {
    for (let i = 0; i < half; i++) {
      const angle = p / theta ** ((2 * i) / hd);
      cos[p * hd + i] = cos[p * hd + i + half] = Math.cos(angle);
      sin[p * hd + i] = sin[p * hd + i + half] = Math.sin(angle);
    }
  }
  return { cos, sin };
}

/** x [b, heads, n, hd] -> x * cos + rotate_half(x) * sin */
function rotate(g: GraphBuilder, x: string, cos: string, sin: string, hd: number): string {
  const axis = g.int64([3]);
  const x1 = g.op('Slice', [x, g.int64([0]), g.int64([hd / 2]), axis]);
  const x2 = g.op('Slice', [x, g.int64([hd / 2]), g.int64([hd]), axis]);
  const rotated = g.op('Concat', [g.op('Neg', [x2]), x1], { axis: 3 });
  return g.op('Add', [g.op('Mul', [x, cos]), g.op('Mul', [rotated, sin])]);
}

export function buildDecoderStep(g: GraphBuilder, a: DecoderArch): void {
  const s = a.stack;
  const hd = s.headDim;
  const groups = s.heads / s.kvHeads;
  const ids = g.input('input_ids', INT64, ['batch', 'new_tokens']);
  const past: { key: string; value: string }[] = [];
  for (let i = 0; i < s.layers; i++) {
    const shape = ['batch', s.kvHeads, 'past_seq', hd];
    past.push({
      key: g.fromFloatInput(g.input(`past_key_values.${i}.key`, FLOAT, shape)),
      value: g.fromFloatInput(g.input(`past_key_values.${i}.value`, FLOAT, shape)),
    });
  }
  const pastLen = g.shapeOf(`past_key_values.0.key`, 2, 3);
  const newLen = g.shapeOf(ids, 1, 2);
  const totalLen = g.op('Add', [pastLen, newLen]);
  const pastScalar = g.op('Squeeze', [pastLen]);

  let cos: string | undefined;
  let sin: string | undefined;
  if (a.ropeTheta !== null) {
    const tables = ropeTables(a);
    const positions = g.op('Range', [pastScalar, g.op('Squeeze', [totalLen]), g.int64([1], [])]);
    cos = g.op('Gather', [g.weight('rope.cos', [a.maxPositions, hd], { data: tables.cos }), positions]);
    sin = g.op('Gather', [g.weight('rope.sin', [a.maxPositions, hd], { data: tables.sin }), positions]);
  }
  const mask = causalMask(g, newLen, totalLen, pastScalar);

  let x = g.op('Gather', [g.weight('embed_tokens', [a.vocab, s.hidden]), ids]);
  for (let i = 0; i < s.layers; i++) {
    const p = `layer${i}`;
    const h = g.rmsNorm(x, `${p}.attn_norm`, s.hidden, s.eps);
    const heads = (t: string, n: number) =>
      g.op('Transpose', [g.op('Reshape', [t, g.int64([0, 0, n, hd])])], { perm: [0, 2, 1, 3] });
    let q = heads(g.linear(h, `${p}.attn.q`, s.hidden, s.heads * hd, { bias: false }), s.heads);
    let k = heads(g.linear(h, `${p}.attn.k`, s.hidden, s.kvHeads * hd, { bias: false }), s.kvHeads);
    const v = heads(g.linear(h, `${p}.attn.v`, s.hidden, s.kvHeads * hd, { bias: false }), s.kvHeads);
    if (cos && sin) {
      q = rotate(g, q, cos, sin, hd);
      k = rotate(g, k, cos, sin, hd);
    }
    const presentK = g.op('Concat', [past[i].key, k], { axis: 2 });
    const presentV = g.op('Concat', [past[i].value, v], { axis: 2 });
    g.output(presentK, `present.${i}.key`, ['batch', s.kvHeads, 'total_seq', hd]);
    g.output(presentV, `present.${i}.value`, ['batch', s.kvHeads, 'total_seq', hd]);

    const q5 = g.op('Reshape', [q, g.int64([0, s.kvHeads, groups, -1, hd])]);
    const kT = g.op('Unsqueeze', [g.op('Transpose', [presentK], { perm: [0, 1, 3, 2] }), g.int64([2])]);
    let scores = g.op('Mul', [g.op('MatMul', [q5, kT]), g.scalar(1 / Math.sqrt(hd))]);
    scores = g.op('Add', [scores, mask]);
    const probs = g.op('Softmax', [scores], { axis: -1 });
    const ctx5 = g.op('MatMul', [probs, g.op('Unsqueeze', [presentV, g.int64([2])])]);
    const ctx = g.op('Transpose', [g.op('Reshape', [ctx5, g.int64([0, s.heads, -1, hd])])], { perm: [0, 2, 1, 3] });
    const merged = g.op('Reshape', [ctx, g.int64([0, 0, s.heads * hd])]);
    x = g.op('Add', [x, g.linear(merged, `${p}.attn.o`, s.heads * hd, s.hidden, { bias: false })]);
    x = g.op('Add', [x, mlp(g, g.rmsNorm(x, `${p}.mlp_norm`, s.hidden, s.eps), `${p}.mlp`, s)]);
  }
  x = g.rmsNorm(x, 'final_norm', s.hidden, s.eps);
  g.output(g.linear(x, 'lm_head', s.hidden, a.vocab, { bias: false }), 'logits', ['batch', 'new_tokens', a.vocab]);
}
