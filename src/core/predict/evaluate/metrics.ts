/** Accuracy metrics, computed the same way for the predictor and for the baselines. */
import { mean, median, spearman } from '../stats.ts';

export interface Metrics {
  /** Rows with a finite prediction. */
  readonly n: number;
  /** Rows the method could not predict (e.g. roofline without FLOPs). */
  readonly missing: number;
  readonly mape: number;
  readonly medianApe: number;
  readonly within10: number;
  readonly within25: number;
  /** Spearman rho within each group (hardware), averaged over groups with >= 5 rows. */
  readonly spearman: number;
  readonly spearmanGroups: number;
  readonly r2Log: number;
  /** Share of truths inside the interval; NaN when the method gives no interval. */
  readonly coverage: number;
}

export function computeMetrics(
  truth: readonly number[],
  pred: readonly number[],
  groups: readonly string[],
  lo?: readonly number[],
  hi?: readonly number[],
): Metrics {
  const idx = truth.map((_, i) => i).filter((i) => truth[i] > 0 && pred[i] > 0 && Number.isFinite(pred[i]));
  const ape = idx.map((i) => Math.abs(pred[i] - truth[i]) / truth[i]);
  const n = idx.length;
  const byGroup = new Map<string, number[]>();
  for (const i of idx) {
    const list = byGroup.get(groups[i]) ?? [];
    list.push(i);
    byGroup.set(groups[i], list);
  }
  const rhos: number[] = [];
  for (const list of byGroup.values()) {
    if (list.length < 5) continue;
    const rho = spearman(list.map((i) => truth[i]), list.map((i) => pred[i]));
    if (Number.isFinite(rho)) rhos.push(rho);
  }
  const ly = idx.map((i) => Math.log(truth[i]));
  const lp = idx.map((i) => Math.log(pred[i]));
  const my = mean(ly);
  const ssTot = ly.reduce((a, v) => a + (v - my) ** 2, 0);
  const ssRes = ly.reduce((a, v, k) => a + (v - lp[k]) ** 2, 0);
  const covered = lo && hi ? idx.filter((i) => lo[i] <= truth[i] && truth[i] <= hi[i]).length : NaN;
  return {
    n,
    missing: truth.length - n,
    mape: mean(ape),
    medianApe: median(ape),
    within10: n ? ape.filter((e) => e <= 0.1).length / n : NaN,
    within25: n ? ape.filter((e) => e <= 0.25).length / n : NaN,
    spearman: mean(rhos),
    spearmanGroups: rhos.length,
    r2Log: ssTot > 0 ? 1 - ssRes / ssTot : NaN,
    coverage: lo && hi && n ? covered / n : NaN,
  };
}
