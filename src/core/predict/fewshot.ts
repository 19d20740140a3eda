/**
 * Few-shot calibration for hardware with only a handful of measurements. Candidates that might
 * predict the new hardware's log target:
 *   - the learned model's zero-shot prediction;
 *   - the same model and workload measured on each well-measured hardware (log-log transfer).
 * Each candidate gets a line log y = a + b x fitted on the shots, with the slope shrunk toward 1
 * (and the zero-shot candidate's offset toward 0) when shots are few, and a twin with the slope
 * fixed at 1 (one scaling factor), which wins where the shots span a wider range than they pin down. Candidates are ranked by
 * leave-one-out error on the shots; the best few are averaged, weighted by 1 / LOO error.
 * One more candidate mixes all measured hardware at once: a ridge regression of the shots on
 * every hardware's log target, shrunk toward their plain average, with the penalty chosen by
 * leave-one-out (a new device often sits between known ones: a phone CPU between two others).
 */

export interface Shot {
  readonly logY: number;
  /** Candidate id -> candidate log value for this shot (missing when not measured). */
  readonly candidates: ReadonlyMap<string, number>;
}

export interface CandidateFit {
  readonly id: string;
  /** The candidate value it reads (a fixed-slope variant reads its free-slope sibling's value). */
  readonly source: string;
  readonly a: number;
  readonly b: number;
  readonly looRmse: number;
  readonly weight: number;
  readonly points: number;
}

export interface RidgeMix {
  readonly ids: readonly string[];
  readonly means: readonly number[];
  readonly weights: readonly number[];
  readonly intercept: number;
  readonly lambda: number;
}

export interface FewShotCalibration {
  readonly shots: number;
  readonly ridge?: RidgeMix;
  /** Chosen candidates, weights summing to 1. */
  readonly chosen: readonly CandidateFit[];
  /** Always present: the zero-shot model candidate's line, used when no chosen candidate applies. */
  readonly fallback: CandidateFit;
  /** Leave-one-out RMS error of the whole calibration on the shots (log units); NaN under 4 shots. */
  readonly spread: number;
}

export const ZERO_SHOT = 'model';
export const RIDGE = 'ridge';
const LAMBDAS = [0.01, 0.1, 1, 10];
const SLOPE_PRIOR = 3;

function fitLine(x: readonly number[], y: readonly number[], anchorOffset: boolean, unitSlope = false): { a: number; b: number } {
  const n = x.length;
  if (n === 0) return { a: 0, b: 1 };
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let b = 1;
  if (n >= 3 && !unitSlope) {
    let sxx = 0;
    let sxy = 0;
    for (let i = 0; i < n; i++) {
      sxx += (x[i] - mx) ** 2;
      sxy += (x[i] - mx) * (y[i] - my);
    }
    const ols = sxx > 1e-12 ? sxy / sxx : 1;
    b = Math.min(2, Math.max(0.5, (n * ols + SLOPE_PRIOR) / (n + SLOPE_PRIOR)));
  }
  let a = my - b * mx;
  if (anchorOffset) a *= n / (n + 1);
  return { a, b };
}

/** Suffix of the variant of a candidate whose slope is fixed at 1 (one scaling factor). */
const UNIT = '~1';

function fitCandidate(id: string, shots: readonly Shot[]): CandidateFit | null {
  const unitSlope = id.endsWith(UNIT);
  const source = unitSlope ? id.slice(0, -UNIT.length) : id;
  const x: number[] = [];
  const y: number[] = [];
  for (const s of shots) {
    const v = s.candidates.get(source);
    if (v === undefined || Number.isNaN(v)) continue;
    x.push(v);
    y.push(s.logY);
  }
  const n = x.length;
  const anchored = source === ZERO_SHOT;
  if (n === 0 || (!anchored && n < Math.max(3, Math.ceil(0.7 * shots.length)))) return null;
  const { a, b } = fitLine(x, y, anchored, unitSlope);
  let sse = 0;
  if (n >= 3) {
    for (let i = 0; i < n; i++) {
      const fit = fitLine(x.filter((_, j) => j !== i), y.filter((_, j) => j !== i), anchored, unitSlope);
      sse += (y[i] - (fit.a + fit.b * x[i])) ** 2;
    }
  }
  const looRmse = n >= 3 ? Math.sqrt(sse / n) : Infinity;
  return { id, source, a, b, looRmse, weight: 1, points: n };
}

function solve(a: number[][], b: number[]): number[] | null {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let i = 0; i < n; i++) {
    let p = i;
    for (let k = i + 1; k < n; k++) if (Math.abs(m[k][i]) > Math.abs(m[p][i])) p = k;
    if (Math.abs(m[p][i]) < 1e-12) return null;
    [m[i], m[p]] = [m[p], m[i]];
    for (let k = i + 1; k < n; k++) {
      const f = m[k][i] / m[i][i];
      for (let j = i; j <= n; j++) m[k][j] -= f * m[i][j];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = m[i][n];
    for (let j = i + 1; j < n; j++) s -= m[i][j] * x[j];
    x[i] = s / m[i][i];
  }
  return x;
}

function fitRidge(ids: readonly string[], shots: readonly Shot[], lambda: number): RidgeMix | null {
  const n = shots.length;
  const p = ids.length;
  const f = shots.map((s) => ids.map((id) => s.candidates.get(id)!));
  const means = ids.map((_, j) => f.reduce((acc, row) => acc + row[j], 0) / n);
  const my = shots.reduce((acc, s) => acc + s.logY, 0) / n;
  const a = ids.map((_, i) => ids.map((_, j) => f.reduce((acc, row) => acc + (row[i] - means[i]) * (row[j] - means[j]), 0) + (i === j ? lambda : 0)));
  const b = ids.map((_, i) => f.reduce((acc, row, k) => acc + (row[i] - means[i]) * (shots[k].logY - my), 0) + lambda / p);
  const weights = solve(a, b);
  return weights ? { ids, means, weights, intercept: my, lambda } : null;
}

export function ridgeValue(mix: RidgeMix, candidates: ReadonlyMap<string, number>): number {
  let v = mix.intercept;
  for (let j = 0; j < mix.ids.length; j++) {
    const x = candidates.get(mix.ids[j]);
    if (x === undefined || Number.isNaN(x)) return NaN;
    v += mix.weights[j] * (x - mix.means[j]);
  }
  return v;
}

function ridgeLoo(ids: readonly string[], shots: readonly Shot[], lambda: number): number {
  let sse = 0;
  for (let i = 0; i < shots.length; i++) {
    const mix = fitRidge(ids, shots.filter((_, j) => j !== i), lambda);
    if (!mix) return Infinity;
    sse += (shots[i].logY - ridgeValue(mix, shots[i].candidates)) ** 2;
  }
  return Math.sqrt(sse / shots.length);
}

/** The ridge mix over hardware measured for every shot, with the penalty of least LOO error. */
function fitRidgeCandidate(shots: readonly Shot[]): { mix: RidgeMix; fit: CandidateFit } | null {
  if (shots.length < 5) return null;
  const ids = [...shots[0].candidates.keys()].filter((id) => id.startsWith('hw:') && shots.every((s) => s.candidates.has(id))).sort();
  if (ids.length < 2) return null;
  let best: { lambda: number; loo: number } | null = null;
  for (const lambda of LAMBDAS) {
    const loo = ridgeLoo(ids, shots, lambda);
    if (Number.isFinite(loo) && (!best || loo < best.loo)) best = { lambda, loo };
  }
  if (!best) return null;
  const mix = fitRidge(ids, shots, best.lambda);
  return mix ? { mix, fit: { id: RIDGE, source: RIDGE, a: 0, b: 1, looRmse: best.loo, weight: 1, points: shots.length } } : null;
}

function withRidge(candidates: ReadonlyMap<string, number>, mix: RidgeMix | undefined): ReadonlyMap<string, number> {
  if (!mix) return candidates;
  const out = new Map(candidates);
  out.set(RIDGE, ridgeValue(mix, candidates));
  return out;
}

export function fitFewShot(shots: readonly Shot[], maxChosen = 3): FewShotCalibration {
  const ids = new Set<string>();
  for (const s of shots) for (const id of s.candidates.keys()) ids.add(id);
  // Every candidate twice: with its own slope, and as one scaling factor (slope 1).
  const fits = [...ids].sort().flatMap((id) => [id, `${id}${UNIT}`]).map((id) => fitCandidate(id, shots)).filter((f): f is CandidateFit => f !== null);
  const ridge = fitRidgeCandidate(shots);
  if (ridge) fits.push(ridge.fit);
  const fallback = fits.find((f) => f.id === ZERO_SHOT) ?? { id: ZERO_SHOT, source: ZERO_SHOT, a: 0, b: 1, looRmse: Infinity, weight: 1, points: 0 };
  const ranked = fits.filter((f) => Number.isFinite(f.looRmse)).sort((p, q) => p.looRmse - q.looRmse || (p.id < q.id ? -1 : 1));
  if (shots.length < 4 || ranked.length === 0) return { shots: shots.length, chosen: [{ ...fallback, weight: 1 }], fallback, spread: NaN };
  const mix = ridge?.mix;
  const top = ranked.slice(0, maxChosen);
  const inv = top.map((f) => 1 / (f.looRmse * f.looRmse + 1e-6));
  const total = inv.reduce((s, v) => s + v, 0);
  const chosen = top.map((f, i) => ({ ...f, weight: inv[i] / total }));
  // LOO of the ensemble as chosen (the choice itself is not redone, so this slightly flatters it).
  let sse = 0;
  shots.forEach((shot, i) => {
    const others = shots.filter((_, j) => j !== i);
    const otherMix = mix ? fitRidge(mix.ids, others, mix.lambda) ?? mix : undefined;
    const refit = chosen.map((c) => ({ ...(c.id === RIDGE ? c : fitCandidate(c.id, others) ?? c), weight: c.weight }));
    const pred = applyFewShot({ shots: others.length, chosen: refit, fallback, spread: NaN, ridge: otherMix }, shot.candidates);
    sse += (shot.logY - pred) ** 2;
  });
  return { shots: shots.length, chosen, fallback, spread: Math.sqrt(sse / shots.length), ridge: mix };
}

export function applyFewShot(cal: FewShotCalibration, given: ReadonlyMap<string, number>): number {
  const candidates = withRidge(given, cal.ridge);
  let sum = 0;
  let weight = 0;
  for (const c of cal.chosen) {
    const v = candidates.get(c.source);
    if (v === undefined || Number.isNaN(v)) continue;
    sum += c.weight * (c.a + c.b * v);
    weight += c.weight;
  }
  if (weight > 0) return sum / weight;
  const z = candidates.get(ZERO_SHOT) ?? NaN;
  return cal.fallback.a + cal.fallback.b * z;
}
