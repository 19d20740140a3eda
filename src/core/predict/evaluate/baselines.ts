/**
 * The two baselines every evaluation reports on the same splits:
 *  - roofline: max(FLOPs/peak, bytes/bandwidth) times one global efficiency fitted on training
 *    rows (n/a where a row has no FLOPs or hardware numbers);
 *  - scaling: one factor from the nearest measured hardware. With measurements of the query
 *    hardware in training (random split, k shots), the reference is the training hardware whose
 *    log target correlates best with them and the factor is the median ratio over the shared
 *    configurations; with none (zero-shot), the reference is the hardware with the closest peak
 *    and bandwidth and the factor is the ratio of peaks (n/a without hardware numbers).
 */
import { categoryValue, numericValue, selectFeatureColumns, type Row } from '../../features/columns.ts';
import { dependentColumns, rowFacts, targetKind, workloadColumnsOf, type RowFacts } from '../../features/extract.ts';
import { hardwareNumbers } from '../../features/roofline.ts';
import { median, pearson } from '../stats.ts';

function factsFor(rows: readonly Row[], train: readonly number[], target: string): RowFacts[] {
  const trainRows = train.map((i) => rows[i]);
  const columns = selectFeatureColumns(trainRows, [target]);
  const byModel = dependentColumns(trainRows, 'model', columns);
  const byHardware = dependentColumns(trainRows, 'hardware', columns);
  const workloadColumns = workloadColumnsOf(columns, byModel, byHardware, trainRows);
  const ctx = { kind: targetKind(target), modelColumn: 'model', hardwareColumn: 'hardware', settingColumns: [], workloadColumns, modelCost: undefined };
  return rows.map((r) => rowFacts(ctx, r));
}

export function rooflineBaseline(rows: readonly Row[], train: readonly number[], test: readonly number[], target: string): number[] {
  const kind = targetKind(target);
  const ctx = { kind, modelColumn: null, hardwareColumn: null, settingColumns: [], workloadColumns: [], modelCost: undefined };
  const implied = (i: number): number => rowFacts(ctx, rows[i]).impliedLog;
  const offsets: number[] = [];
  for (const i of train) {
    const imp = implied(i);
    const y = numericValue(rows[i][target]);
    if (!Number.isNaN(imp) && y > 0) offsets.push(Math.log(y) - imp);
  }
  if (offsets.length === 0) return test.map(() => NaN);
  const offset = median(offsets);
  return test.map((i) => Math.exp(implied(i) + offset));
}

export function scalingBaseline(rows: readonly Row[], train: readonly number[], test: readonly number[], target: string): number[] {
  const kind = targetKind(target);
  const facts = factsFor(rows, train, target);
  const key = (f: RowFacts): string => `${f.modelKey}\u0002${f.workloadKey}`;
  // Hardware run the same model at different batch sizes (Lambda): fall back to the model without sizes.
  const coarse = (f: RowFacts): string => `${f.modelKey}\u0003${f.coarseKey}`;
  const byHardware = new Map<string, Map<string, number>>();
  const sampleRow = new Map<string, Row>();
  for (const i of train) {
    const f = facts[i];
    const y = numericValue(rows[i][target]);
    if (f.hardwareKey === null || !(y > 0)) continue;
    let m = byHardware.get(f.hardwareKey);
    if (!m) byHardware.set(f.hardwareKey, (m = new Map()));
    for (const k of [key(f), coarse(f)]) {
      const prev = m.get(k);
      m.set(k, prev === undefined ? Math.log(y) : (prev + Math.log(y)) / 2);
    }
    if (!sampleRow.has(f.hardwareKey)) sampleRow.set(f.hardwareKey, rows[i]);
  }
  const ranked = new Map<string, { ref: string; factor: number }[]>();
  const rankFor = (h: string): { ref: string; factor: number }[] => {
    const cached = ranked.get(h);
    if (cached) return cached;
    const own = byHardware.get(h)!;
    const scored: { ref: string; factor: number; score: number }[] = [];
    for (const [ref, other] of byHardware) {
      if (ref === h) continue;
      const x: number[] = [];
      const y: number[] = [];
      for (const [k, v] of own) {
        const w = other.get(k);
        if (w !== undefined) { x.push(w); y.push(v); }
      }
      if (x.length === 0) continue;
      const rho = x.length >= 3 ? pearson(x, y) : NaN;
      scored.push({ ref, factor: median(y.map((v, j) => v - x[j])), score: (Number.isFinite(rho) ? rho : -2) * 1e6 + x.length });
    }
    scored.sort((a, b) => b.score - a.score || (a.ref < b.ref ? -1 : 1));
    ranked.set(h, scored);
    return scored;
  };
  return test.map((i) => {
    const f = facts[i];
    if (f.hardwareKey === null || f.modelKey === null) return NaN;
    const k = key(f);
    const kc = coarse(f);
    if (byHardware.has(f.hardwareKey)) {
      for (const { ref, factor } of rankFor(f.hardwareKey)) {
        const values = byHardware.get(ref)!;
        const v = values.get(k) ?? values.get(kc);
        if (v !== undefined) return Math.exp(v + factor);
      }
      return NaN;
    }
    const hw = hardwareNumbers(rows[i]);
    if (!(hw.peakTflops > 0)) return NaN;
    let best: { v: number; factor: number; d: number } | null = null;
    for (const [ref, values] of byHardware) {
      const v = values.get(k) ?? values.get(kc);
      if (v === undefined) continue;
      const other = hardwareNumbers(sampleRow.get(ref)!);
      if (!(other.peakTflops > 0)) continue;
      const logPeakRatio = Math.log(other.peakTflops / hw.peakTflops);
      const d = Math.abs(logPeakRatio) + (hw.memBwGbs > 0 && other.memBwGbs > 0 ? Math.abs(Math.log(other.memBwGbs / hw.memBwGbs)) : 1);
      if (!best || d < best.d) best = { v, factor: kind === 'rate' ? -logPeakRatio : kind === 'time' ? logPeakRatio : 0, d };
    }
    return best ? Math.exp(best.v + best.factor) : NaN;
  });
}

export function groupOf(row: Row): string {
  return categoryValue(row.hardware) ?? '';
}
