/**
 * A small histogram gradient-boosted tree model (see docs/predictors.md for why it is
 * hand-written). Features are binned once into at most `maxBins` quantile bins plus one bin for
 * missing values (NaN); each split also learns which side missing values take. Loss is L2 or
 * quantile (pinball): for quantile loss the tree structure is grown on the gradient sign and
 * each leaf is set to the alpha-quantile of the residuals it holds. Deterministic for a seed.
 */
import { mean, quantile, rng } from './stats.ts';

export interface GbmParams {
  readonly trees: number;
  readonly learningRate: number;
  readonly maxDepth: number;
  readonly minLeaf: number;
  readonly l2: number;
  readonly maxBins: number;
  readonly rowSample: number;
  readonly colSample: number;
  readonly loss: 'l2' | 'quantile';
  /** Target quantile for quantile loss. */
  readonly alpha: number;
  readonly seed: number;
}

export const DEFAULT_GBM: GbmParams = {
  trees: 200,
  learningRate: 0.1,
  maxDepth: 6,
  minLeaf: 8,
  l2: 1,
  maxBins: 63,
  rowSample: 0.8,
  colSample: 0.9,
  loss: 'l2',
  alpha: 0.5,
  seed: 1,
};

/** Flat tree: node i is a leaf when feature[i] < 0. */
interface Tree {
  feature: number[];
  threshold: number[];
  missingLeft: boolean[];
  left: number[];
  right: number[];
  value: number[];
}

export interface GbmModel {
  readonly params: GbmParams;
  readonly init: number;
  readonly trees: Tree[];
  readonly featureCount: number;
  /** Total split gain per feature, for explaining what the model uses. */
  readonly importance: number[];
}

/** Columns are feature-major: columns[f][i] is feature f of row i (NaN = missing). */
export type FeatureColumns = readonly Float64Array[];

function cutsFor(values: Float64Array, maxBins: number): Float64Array {
  const finite: number[] = [];
  const step = Math.max(1, Math.floor(values.length / 20000));
  for (let i = 0; i < values.length; i += step) if (!Number.isNaN(values[i])) finite.push(values[i]);
  finite.sort((a, b) => a - b);
  const unique: number[] = [];
  for (const v of finite) if (unique.length === 0 || unique[unique.length - 1] !== v) unique.push(v);
  const cuts: number[] = [];
  if (unique.length <= maxBins) {
    for (let i = 0; i + 1 < unique.length; i++) cuts.push((unique[i] + unique[i + 1]) / 2);
  } else {
    for (let b = 1; b < maxBins; b++) {
      const c = finite[Math.floor((b / maxBins) * (finite.length - 1))];
      if (cuts.length === 0 || c > cuts[cuts.length - 1]) cuts.push(c);
    }
  }
  return Float64Array.from(cuts);
}

/** Bin 0 holds missing values; bin b >= 1 holds values in (cuts[b-2], cuts[b-1]]. */
function binColumn(values: Float64Array, cuts: Float64Array): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    let lo = 0;
    let hi = cuts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cuts[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    out[i] = lo + 1;
  }
  return out;
}

export function trainGbm(columns: FeatureColumns, target: ArrayLike<number>, options: Partial<GbmParams> = {}): GbmModel {
  const p: GbmParams = { ...DEFAULT_GBM, ...options };
  const n = target.length;
  const F = columns.length;
  const random = rng(p.seed);
  const cuts = columns.map((c) => cutsFor(c, p.maxBins));
  const bins = columns.map((c, f) => binColumn(c, cuts[f]));
  const nBins = cuts.map((c) => c.length + 2);
  const init = p.loss === 'quantile' ? quantile(target, p.alpha) : target.length ? mean(target) : 0;
  const pred = new Float64Array(n).fill(init);
  const grad = new Float64Array(n);
  const trees: Tree[] = [];
  const importance = new Array<number>(F).fill(0);
  const maxB = Math.max(2, ...nBins);

  for (let t = 0; t < p.trees; t++) {
    for (let i = 0; i < n; i++) {
      const r = target[i] - pred[i];
      grad[i] = p.loss === 'quantile' ? (r > 0 ? p.alpha : p.alpha - 1) : r;
    }
    const rows: number[] = [];
    for (let i = 0; i < n; i++) if (p.rowSample >= 1 || random() < p.rowSample) rows.push(i);
    const feats: number[] = [];
    for (let f = 0; f < F; f++) if (p.colSample >= 1 || random() < p.colSample) feats.push(f);
    if (feats.length === 0 && F > 0) feats.push(Math.floor(random() * F));
    const tree: Tree = { feature: [], threshold: [], missingLeft: [], left: [], right: [], value: [] };

    const histogram = (idx: Int32Array): { g: Float64Array; c: Float64Array } => {
      const g = new Float64Array(F * maxB);
      const c = new Float64Array(F * maxB);
      for (const f of feats) {
        const b = bins[f];
        const off = f * maxB;
        for (let k = 0; k < idx.length; k++) {
          const i = idx[k];
          g[off + b[i]] += grad[i];
          c[off + b[i]] += 1;
        }
      }
      return { g, c };
    };

    // Histogram subtraction: only the smaller child is scanned; the larger is parent minus it.
    const grow = (idx: Int32Array, depth: number, hist: { g: Float64Array; c: Float64Array } | null): number => {
      const node = tree.feature.length;
      tree.feature.push(-1);
      tree.threshold.push(0);
      tree.missingLeft.push(false);
      tree.left.push(-1);
      tree.right.push(-1);
      tree.value.push(0);
      let G = 0;
      for (let k = 0; k < idx.length; k++) G += grad[idx[k]];
      const N = idx.length;
      let best = { gain: 1e-12, f: -1, bin: 0, missingLeft: false };
      const canSplit = depth < p.maxDepth && N >= 2 * p.minLeaf;
      const h = canSplit ? hist ?? histogram(idx) : null;
      if (h) {
        const parent = (G * G) / (N + p.l2);
        for (const f of feats) {
          const B = nBins[f];
          const off = f * maxB;
          const gMiss = h.g[off];
          const nMiss = h.c[off];
          let gl = 0;
          let nl = 0;
          for (let s = 1; s < B - 1; s++) {
            gl += h.g[off + s];
            nl += h.c[off + s];
            for (let m = nMiss > 0 ? 0 : 1; m < 2; m++) {
              const missLeft = m === 0;
              const gL = missLeft ? gl + gMiss : gl;
              const nL = missLeft ? nl + nMiss : nl;
              const nR = N - nL;
              if (nL < p.minLeaf || nR < p.minLeaf) continue;
              const gR = G - gL;
              const gain = (gL * gL) / (nL + p.l2) + (gR * gR) / (nR + p.l2) - parent;
              if (gain > best.gain) best = { gain, f, bin: s, missingLeft: missLeft };
            }
          }
        }
      }
      if (best.f < 0 || !h) {
        tree.value[node] = leafValue(idx, G, N);
        return node;
      }
      importance[best.f] += best.gain;
      const b = bins[best.f];
      const leftRows: number[] = [];
      const rightRows: number[] = [];
      for (let k = 0; k < idx.length; k++) {
        const i = idx[k];
        const bin = b[i];
        const goLeft = bin === 0 ? best.missingLeft : bin <= best.bin;
        (goLeft ? leftRows : rightRows).push(i);
      }
      tree.feature[node] = best.f;
      tree.threshold[node] = cuts[best.f][best.bin - 1];
      tree.missingLeft[node] = best.missingLeft;
      const left = Int32Array.from(leftRows);
      const right = Int32Array.from(rightRows);
      let leftHist: { g: Float64Array; c: Float64Array } | null = null;
      let rightHist: { g: Float64Array; c: Float64Array } | null = null;
      if (depth + 1 < p.maxDepth) {
        const small = left.length <= right.length ? left : right;
        const smallHist = histogram(small);
        const largeHist = { g: h.g, c: h.c };
        for (let j = 0; j < largeHist.g.length; j++) {
          largeHist.g[j] -= smallHist.g[j];
          largeHist.c[j] -= smallHist.c[j];
        }
        if (small === left) { leftHist = smallHist; rightHist = largeHist; } else { leftHist = largeHist; rightHist = smallHist; }
      }
      tree.left[node] = grow(left, depth + 1, leftHist);
      tree.right[node] = grow(right, depth + 1, rightHist);
      return node;
    };

    const leafValue = (idx: Int32Array, G: number, N: number): number => {
      if (p.loss === 'quantile') {
        const res = new Float64Array(idx.length);
        for (let k = 0; k < idx.length; k++) res[k] = target[idx[k]] - pred[idx[k]];
        return p.learningRate * quantile(res, p.alpha);
      }
      return (p.learningRate * G) / (N + p.l2);
    };

    grow(Int32Array.from(rows), 0, null);
    trees.push(tree);
    for (let i = 0; i < n; i++) pred[i] += treeValue(tree, columns, i);
  }
  return { params: p, init, trees, featureCount: F, importance };
}

function treeValue(tree: Tree, columns: FeatureColumns, row: number): number {
  let node = 0;
  while (tree.feature[node] >= 0) {
    const v = columns[tree.feature[node]][row];
    const goLeft = Number.isNaN(v) ? tree.missingLeft[node] : v <= tree.threshold[node];
    node = goLeft ? tree.left[node] : tree.right[node];
  }
  return tree.value[node];
}

export function predictGbm(model: GbmModel, columns: FeatureColumns): Float64Array {
  const n = columns.length ? columns[0].length : 0;
  const out = new Float64Array(n).fill(model.init);
  for (const tree of model.trees) for (let i = 0; i < n; i++) out[i] += treeValue(tree, columns, i);
  return out;
}
