/**
 * Least squares by Householder QR. Four unknowns do not justify a linear-algebra dependency, and
 * QR (unlike solving the normal equations XᵀX β = Xᵀy) does not square the condition number,
 * which matters here: the a·batch·seq column is often 10⁴-10⁶ times the intercept column.
 */

export class RankDeficientError extends Error {
  constructor(readonly column: number) {
    super(`the design matrix is rank deficient at column ${column + 1}: the data cannot tell the coefficients apart`);
    this.name = 'RankDeficientError';
  }
}

export interface LeastSquaresResult {
  readonly beta: number[];
  /** (XᵀWX)⁻¹, for coefficient standard errors and leverage. */
  readonly xtxInv: number[][];
}

/** Relative size of a QR pivot below which a column counts as a combination of the others. */
const RANK_TOLERANCE = 1e-10;

/**
 * Minimise Σ wᵢ (yᵢ − xᵢᵀβ)². Columns are scaled to unit length first so the rank test is
 * relative, then the scaling is undone.
 */
export function leastSquares(X: readonly (readonly number[])[], y: readonly number[], weights?: readonly number[]): LeastSquaresResult {
  const n = X.length;
  const p = n > 0 ? X[0].length : 0;
  if (n < p) throw new RankDeficientError(n);
  // Column-major copies: the Householder sweeps run down columns.
  const cols: Float64Array[] = Array.from({ length: p }, () => new Float64Array(n));
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = weights ? Math.sqrt(weights[i]) : 1;
    const row = X[i];
    for (let j = 0; j < p; j++) cols[j][i] = row[j] * s;
    b[i] = y[i] * s;
  }
  const scale: number[] = [];
  for (let j = 0; j < p; j++) {
    const c = cols[j];
    let norm = 0;
    for (let i = 0; i < n; i++) norm += c[i] * c[i];
    norm = Math.sqrt(norm);
    if (norm === 0 || !Number.isFinite(norm)) throw new RankDeficientError(j);
    scale.push(norm);
    for (let i = 0; i < n; i++) c[i] /= norm;
  }

  const v = new Float64Array(n);
  for (let k = 0; k < p; k++) {
    const ck = cols[k];
    let norm = 0;
    for (let i = k; i < n; i++) norm += ck[i] * ck[i];
    norm = Math.sqrt(norm);
    if (norm <= RANK_TOLERANCE) throw new RankDeficientError(k);
    const alpha = ck[k] > 0 ? -norm : norm;
    for (let i = k; i < n; i++) v[i] = ck[i];
    v[k] -= alpha;
    let vv = 0;
    for (let i = k; i < n; i++) vv += v[i] * v[i];
    if (vv === 0) continue;
    const reflect = (c: Float64Array) => {
      let dot = 0;
      for (let i = k; i < n; i++) dot += v[i] * c[i];
      const f = (2 * dot) / vv;
      for (let i = k; i < n; i++) c[i] -= f * v[i];
    };
    for (let j = k; j < p; j++) reflect(cols[j]);
    reflect(b);
  }
  for (let k = 0; k < p; k++) if (Math.abs(cols[k][k]) <= RANK_TOLERANCE) throw new RankDeficientError(k);
  const R = (row: number, col: number): number => cols[col][row];

  const beta = new Array<number>(p).fill(0);
  for (let k = p - 1; k >= 0; k--) {
    let s = b[k];
    for (let j = k + 1; j < p; j++) s -= R(k, j) * beta[j];
    beta[k] = s / R(k, k);
  }
  // R⁻¹ by back substitution; (XᵀX)⁻¹ = R⁻¹R⁻ᵀ.
  const Rinv: number[][] = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let col = 0; col < p; col++) {
    for (let k = p - 1; k >= 0; k--) {
      let s = k === col ? 1 : 0;
      for (let j = k + 1; j < p; j++) s -= R(k, j) * Rinv[j][col];
      Rinv[k][col] = s / R(k, k);
    }
  }
  const xtxInv: number[][] = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += Rinv[i][k] * Rinv[j][k];
      xtxInv[i][j] = s / (scale[i] * scale[j]);
    }
  }
  return { beta: beta.map((v, j) => v / scale[j]), xtxInv };
}

export function quadForm(M: readonly (readonly number[])[], x: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) for (let j = 0; j < x.length; j++) s += x[i] * M[i][j] * x[j];
  return s;
}
