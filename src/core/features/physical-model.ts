/**
 * The small physical model behind every time prediction:
 *   t = overhead x steps + computeMs / computeEfficiency + memoryMs / bandwidthEfficiency
 * with non-negative coefficients fitted in relative error (weights 1 / t^2, so a 2 ms row counts
 * as much as a 2 s row). Fitted once on the well-measured hardware (the prior) and again on the
 * few shots of a new device, shrunk toward the prior, so ten measurements of a new accelerator
 * move every prediction through its effective compute, bandwidth and per-step overhead.
 * Three coefficients need no library: every subset of them is solved as a small least-squares
 * problem and the best non-negative solution kept (an exact NNLS for three unknowns).
 */
import type { Physics } from './physics.ts';

export interface PhysicalModel {
  /** ms per step, ms per ms of compute at peak, ms per ms of traffic at full bandwidth. */
  readonly coefficients: readonly [number, number, number];
  readonly rows: number;
  /** Median absolute relative error on the rows it was fitted on. */
  readonly medianError: number;
}

export function basisOf(p: Pick<Physics, 'steps' | 'computeMs' | 'memoryMs'>): [number, number, number] | null {
  const c = Number.isFinite(p.computeMs) ? p.computeMs : 0;
  const m = Number.isFinite(p.memoryMs) ? p.memoryMs : 0;
  if (c <= 0 && m <= 0) return null;
  return [p.steps, c, m];
}

export function physicalValue(model: PhysicalModel, basis: readonly number[] | null): number {
  if (!basis) return NaN;
  const [a, b, c] = model.coefficients;
  const v = a * basis[0] + b * basis[1] + c * basis[2];
  return v > 0 ? v : NaN;
}

function solve3(a: number[][], b: number[]): number[] | null {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let i = 0; i < n; i++) {
    let p = i;
    for (let k = i + 1; k < n; k++) if (Math.abs(m[k][i]) > Math.abs(m[p][i])) p = k;
    if (Math.abs(m[p][i]) < 1e-300) return null;
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
  return x.every(Number.isFinite) ? x : null;
}

/**
 * Fits the coefficients on (basis, time) pairs. `prior` with `strength` > 0 adds a ridge
 * penalty pulling each coefficient toward the prior's, in units of the prior (relative), so a
 * handful of shots moves the coefficients only as far as they agree.
 */
export function fitPhysicalModel(
  basis: readonly (readonly number[])[],
  time: readonly number[],
  prior?: PhysicalModel,
  strength = 0,
): PhysicalModel | null {
  const idx = time.map((_, i) => i).filter((i) => time[i] > 0 && basis[i] !== null);
  if (idx.length === 0) return null;
  // Scale columns so the ridge and the solver see numbers near 1.
  const scale = [0, 1, 2].map((j) => {
    let s = 0;
    for (const i of idx) s += basis[i][j] / time[i];
    return s > 0 ? s / idx.length : 0;
  });
  let best: { c: number[]; sse: number } | null = null;
  for (let mask = 1; mask < 8; mask++) {
    const cols = [0, 1, 2].filter((j) => mask & (1 << j) && scale[j] > 0);
    if (cols.length === 0 || cols.length !== [0, 1, 2].filter((j) => mask & (1 << j)).length) continue;
    const k = cols.length;
    const a = cols.map(() => new Array<number>(k).fill(0));
    const b = new Array<number>(k).fill(0);
    for (const i of idx) {
      const w = 1 / time[i];
      for (let p = 0; p < k; p++) {
        const xp = (basis[i][cols[p]] / scale[cols[p]]) * w;
        b[p] += xp * 1;
        for (let q = 0; q < k; q++) a[p][q] += xp * (basis[i][cols[q]] / scale[cols[q]]) * w;
      }
    }
    if (prior && strength > 0) {
      cols.forEach((j, p) => {
        const target = prior.coefficients[j] * scale[j];
        const lambda = strength;
        a[p][p] += lambda;
        b[p] += lambda * target;
      });
    }
    const x = solve3(a, b);
    if (!x || x.some((v) => v < 0)) continue;
    const c = [0, 0, 0];
    cols.forEach((j, p) => { c[j] = x[p] / scale[j]; });
    let sse = 0;
    for (const i of idx) sse += ((c[0] * basis[i][0] + c[1] * basis[i][1] + c[2] * basis[i][2]) / time[i] - 1) ** 2;
    if (prior && strength > 0) for (let j = 0; j < 3; j++) sse += strength * ((c[j] - prior.coefficients[j]) * scale[j]) ** 2;
    if (!best || sse < best.sse) best = { c, sse };
  }
  if (!best) return null;
  const c = best.c;
  const errors = idx.map((i) => Math.abs((c[0] * basis[i][0] + c[1] * basis[i][1] + c[2] * basis[i][2]) / time[i] - 1)).sort((x, y) => x - y);
  return { coefficients: [c[0], c[1], c[2]], rows: idx.length, medianError: errors[Math.floor(errors.length / 2)] };
}
