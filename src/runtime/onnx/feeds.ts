/**
 * Inputs of a built model and deterministic feeds for any batch / sequence length. Pure: returns
 * typed arrays and dims, which both onnxruntime-node and onnxruntime-web wrap as `new Tensor(type, data, dims)`.
 */
import { fillRandom } from './numeric.ts';

export type InputDType = 'int64' | 'float32';

/** How a feed is filled: token ids below `vocab`, all ones (attention mask), zeros, or N(0, std). */
export type InputFill =
  | { kind: 'token_ids'; vocab: number }
  | { kind: 'ones' }
  | { kind: 'zeros' }
  | { kind: 'normal'; std: number };

export interface InputSpec {
  name: string;
  dtype: InputDType;
  /**
   * Numbers are fixed; strings are dynamic axes: 'batch', 'seq' (tokens, or mel frames for Whisper),
   * 'past_seq' (decoder KV-cache length), 'new_tokens' (tokens fed to a decoder step).
   */
  shape: readonly (number | string)[];
  fill: InputFill;
}

export interface FeedOptions {
  batch: number;
  seq: number;
  /** KV-cache length for decoder steps; defaults to seq */
  pastSeq?: number;
  /** tokens per decoder step; defaults to 1 */
  newTokens?: number;
  seed?: number;
}

export interface Feed {
  name: string;
  type: InputDType;
  data: BigInt64Array | Float32Array;
  dims: number[];
}

export function resolveDims(shape: readonly (number | string)[], o: FeedOptions): number[] {
  return shape.map((d) => {
    if (typeof d === 'number') return d;
    switch (d) {
      case 'batch':
        return o.batch;
      case 'seq':
        return o.seq;
      case 'past_seq':
        return o.pastSeq ?? o.seq;
      case 'new_tokens':
        return o.newTokens ?? 1;
      default:
        throw new Error(`unknown dynamic axis '${d}'`);
    }
  });
}

export function makeFeeds(inputs: readonly InputSpec[], options: FeedOptions): Record<string, Feed> {
  for (const [k, v] of Object.entries({ batch: options.batch, seq: options.seq, pastSeq: options.pastSeq, newTokens: options.newTokens })) {
    if (v !== undefined && (!Number.isInteger(v) || v < 0 || (k !== 'pastSeq' && v < 1))) {
      throw new Error(`makeFeeds: ${k} must be a positive integer, got ${v}`);
    }
  }
  const seed = options.seed ?? 1;
  const feeds: Record<string, Feed> = {};
  inputs.forEach((input, index) => {
    const dims = resolveDims(input.shape, options);
    const size = dims.reduce((a, b) => a * b, 1);
    const f = input.fill;
    let data: BigInt64Array | Float32Array;
    if (input.dtype === 'int64') {
      data = new BigInt64Array(size);
      if (f.kind === 'ones') data.fill(1n);
      else if (f.kind === 'token_ids') {
        // A fixed-stride walk over the vocabulary: deterministic, varied, always in range.
        let state = (seed * 2654435761 + index * 40503) >>> 0;
        for (let i = 0; i < size; i++) {
          state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
          data[i] = BigInt(state % f.vocab);
        }
      }
    } else {
      data = new Float32Array(size);
      if (f.kind === 'ones') data.fill(1);
      else if (f.kind === 'normal') fillRandom(data, f.std, (seed * 7919 + index) >>> 0);
    }
    feeds[input.name] = { name: input.name, type: input.dtype, data, dims };
  });
  return feeds;
}
