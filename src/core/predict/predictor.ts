/**
 * The Perfcast predictor: physics base + learned residual (histogram GBM) + few-shot calibration
 * for sparsely measured hardware + class-wise split-conformal intervals + an explained
 * confidence score. Pure TypeScript: the same code runs in a page worker and in Node.
 */
import { categoryValue, numericValue, type Row } from '../features/columns.ts';
import { baseLog, buildMatrix, fitFeatures, keyOf, rowFacts, type FittedFeatures, type RowFacts } from '../features/extract.ts';
import type { ModelCostResolver } from '../features/roofline.ts';
import { calibrateClasses, intervalFor, type CalibrationScore, type ClassCalibration, type NoveltyClass } from './conformal.ts';
import { confidenceScore, type ConfidencePart } from './confidence.ts';
import { applyFewShot, fitFewShot, ZERO_SHOT, type FewShotCalibration } from './fewshot.ts';
import { predictGbm, trainGbm, type GbmModel, type GbmParams } from './gbm.ts';
import { fitConfigSpace, nearest, type ConfigSpace, type Neighbour } from './neighbors.ts';
import { median, rng, shuffled } from './stats.ts';

export interface PredictorOptions {
  readonly target: string;
  /** Nominal interval coverage (default 0.8). */
  readonly level?: number;
  readonly seed?: number;
  /** Columns of the query table: only columns in both tables are features. */
  readonly queryColumns?: readonly string[];
  readonly modelCost?: ModelCostResolver;
  readonly gbm?: Partial<GbmParams>;
  /** Cap on rows the trees are grown on (a deterministic sample); encodings use every row. */
  readonly maxTrainRows?: number;
  /** Hardware with at most this many rows (and under half the median count) is calibrated few-shot. */
  readonly fewShotMax?: number;
}

export type HardwareState = 'measured' | 'few-shot' | 'unseen' | 'n/a';

export interface Prediction {
  readonly value: number;
  readonly lo: number;
  readonly hi: number;
  readonly confidence: number;
  readonly parts: readonly ConfidencePart[];
  readonly novelty: NoveltyClass;
  readonly hardware: HardwareState;
  readonly modelSeen: boolean | null;
  /** Which calibration residuals the interval came from. */
  readonly intervalBasis: string;
  readonly distance: number;
}

interface Core {
  readonly features: FittedFeatures;
  readonly gbm: GbmModel;
  readonly hardwareColumn: string | null;
  readonly modelColumn: string | null;
  readonly hardwareRows: ReadonlyMap<string, number>;
  readonly fewShotHardware: ReadonlySet<string>;
  readonly models: ReadonlySet<string>;
  readonly fewShot: ReadonlyMap<string, FewShotCalibration>;
  /** model + workload (exact, and without sizes) -> hardware -> log target, from well-measured hardware. */
  readonly lookup: ReadonlyMap<string, ReadonlyMap<string, number>>;
  readonly space: ConfigSpace;
}

export function validTarget(row: Row, target: string): number {
  const v = numericValue(row[target]);
  return v > 0 ? v : NaN;
}

function lookupKey(facts: RowFacts): string | null {
  return facts.modelKey === null ? null : `${facts.modelKey}\u0002${facts.workloadKey}`;
}

function coarseLookupKey(facts: RowFacts): string | null {
  return facts.modelKey === null ? null : `${facts.modelKey}\u0003${facts.coarseKey}`;
}

function fewShotHardwareOf(rows: readonly Row[], column: string | null, fewShotMax: number): { counts: Map<string, number>; few: Set<string> } {
  const counts = new Map<string, number>();
  const few = new Set<string>();
  if (!column) return { counts, few };
  for (const r of rows) {
    const h = categoryValue(r[column]);
    if (h !== null) counts.set(h, (counts.get(h) ?? 0) + 1);
  }
  const typical = median([...counts.values()]);
  const candidates = [...counts].filter(([, n]) => n <= fewShotMax && n <= 0.5 * typical).map(([h]) => h);
  if (counts.size - candidates.length >= 1) for (const h of candidates) few.add(h);
  return { counts, few };
}

function fitCore(rows: readonly Row[], y: Float64Array, options: PredictorOptions, seed: number): Core {
  const inQuery = (c: string): boolean => !options.queryColumns || options.queryColumns.includes(c);
  const has = (c: string): boolean => rows.some((r) => categoryValue(r[c]) !== null);
  const hardwareColumn = has('hardware') && inQuery('hardware') ? 'hardware' : null;
  const modelColumn = has('model') && inQuery('model') ? 'model' : null;
  const { counts, few } = fewShotHardwareOf(rows, hardwareColumn, options.fewShotMax ?? 30);
  const richIdx: number[] = [];
  const fewIdx: number[] = [];
  rows.forEach((r, i) => {
    const h = hardwareColumn ? categoryValue(r[hardwareColumn]) : null;
    (h !== null && few.has(h) ? fewIdx : richIdx).push(i);
  });
  const richRows = richIdx.map((i) => rows[i]);
  const richY = Float64Array.from(richIdx, (i) => y[i]);
  const { features, matrix, base } = fitFeatures(richRows, richY, {
    target: options.target, queryColumns: options.queryColumns, modelCost: options.modelCost, seed,
  });
  let trainIdx = richRows.map((_, i) => i);
  const cap = options.maxTrainRows ?? Infinity;
  if (trainIdx.length > cap) trainIdx = shuffled(trainIdx, rng(seed + 3)).slice(0, cap).sort((a, b) => a - b);
  const columns = matrix.map((col) => Float64Array.from(trainIdx, (i) => col[i]));
  const resid = Float64Array.from(trainIdx, (i) => Math.log(richY[i]) - base[i]);
  const gbm = trainGbm(columns, resid, { ...options.gbm, seed });

  const lookup = new Map<string, Map<string, number>>();
  const richFacts = richRows.map((r) => rowFacts(features, r));
  richFacts.forEach((f, i) => {
    for (const key of [lookupKey(f), coarseLookupKey(f)]) {
      if (key === null || f.hardwareKey === null) continue;
      let byHw = lookup.get(key);
      if (!byHw) lookup.set(key, (byHw = new Map()));
      const prev = byHw.get(f.hardwareKey);
      byHw.set(f.hardwareKey, prev === undefined ? Math.log(richY[i]) : (prev + Math.log(richY[i])) / 2);
    }
  });
  const models = new Set<string>();
  if (modelColumn) for (const r of rows) { const m = categoryValue(r[modelColumn]); if (m !== null) models.add(m); }

  const partial = { features, gbm, lookup } as Pick<Core, 'features' | 'gbm' | 'lookup'>;
  const fewShot = new Map<string, FewShotCalibration>();
  if (fewIdx.length) {
    const fewRows = fewIdx.map((i) => rows[i]);
    const { facts, zeroShot } = zeroShotPredict(partial, fewRows);
    const byHw = new Map<string, { logY: number; candidates: Map<string, number> }[]>();
    fewRows.forEach((r, k) => {
      const h = categoryValue(r[hardwareColumn!])!;
      const shots = byHw.get(h) ?? [];
      shots.push({ logY: Math.log(y[fewIdx[k]]), candidates: candidatesFor(partial, facts[k], zeroShot[k]) });
      byHw.set(h, shots);
    });
    for (const [h, shots] of byHw) fewShot.set(h, fitFewShot(shots));
  }
  const space = fitConfigSpace(rows, features.columns, seed);
  return { features, gbm, hardwareColumn, modelColumn, hardwareRows: counts, fewShotHardware: few, models, fewShot, lookup, space };
}

function candidatesFor(core: Pick<Core, 'lookup'>, facts: RowFacts, zeroShot: number): Map<string, number> {
  const out = new Map<string, number>([[ZERO_SHOT, zeroShot]]);
  // The same workload on each measured hardware; failing that, the same model at another size.
  for (const key of [coarseLookupKey(facts), lookupKey(facts)]) {
    const byHw = key === null ? undefined : core.lookup.get(key);
    if (byHw) for (const [h, v] of byHw) if (h !== facts.hardwareKey) out.set(`hw:${h}`, v);
  }
  return out;
}

function zeroShotPredict(core: Pick<Core, 'features' | 'gbm'>, rows: readonly Row[]): { facts: RowFacts[]; zeroShot: Float64Array } {
  const facts = rows.map((r) => rowFacts(core.features, r));
  const matrix = buildMatrix(core.features, rows, facts);
  const resid = predictGbm(core.gbm, matrix);
  const zeroShot = Float64Array.from(facts, (f, i) => baseLog(core.features, f) + resid[i]);
  return { facts, zeroShot };
}

function predictCore(core: Core, rows: readonly Row[]): { log: Float64Array; zeroShot: Float64Array; facts: RowFacts[] } {
  const { facts, zeroShot } = zeroShotPredict(core, rows);
  const log = Float64Array.from(zeroShot);
  facts.forEach((f, i) => {
    const cal = f.hardwareKey === null ? undefined : core.fewShot.get(f.hardwareKey);
    if (cal) log[i] = applyFewShot(cal, candidatesFor(core, f, zeroShot[i]));
  });
  return { log, zeroShot, facts };
}

function localScale(core: Core, facts: RowFacts): number {
  const spread = facts.hardwareKey === null ? NaN : core.fewShot.get(facts.hardwareKey)?.spread ?? NaN;
  return Number.isFinite(spread) ? Math.max(spread, 0.01) : 1;
}

function hardwareState(core: Core, facts: RowFacts): HardwareState {
  if (core.hardwareColumn === null || facts.hardwareKey === null) return 'n/a';
  const cal = core.fewShot.get(facts.hardwareKey);
  // Under 4 shots the calibration is an offset only and has no spread of its own: intervals as if unseen.
  if (cal) return Number.isFinite(cal.spread) ? 'few-shot' : 'unseen';
  return core.hardwareRows.has(facts.hardwareKey) ? 'measured' : 'unseen';
}

function modelSeen(core: Core, facts: RowFacts): boolean | null {
  return core.modelColumn === null || facts.modelKey === null ? null : core.models.has(facts.modelKey);
}

function noveltyClass(hw: HardwareState, model: boolean | null): NoveltyClass {
  const unseenModel = model === false;
  if (hw === 'unseen') return unseenModel ? 'unseen-both' : 'unseen-hardware';
  if (unseenModel) return 'unseen-model';
  return hw === 'few-shot' ? 'few-shot' : 'seen';
}

/**
 * Residuals for conformal calibration from one auxiliary fit that holds out, at once: a share
 * of the hardware (each keeping a few shots, so both its zero-shot and its few-shot residuals
 * are seen), a share of the models, and a random share of the remaining rows.
 */
function calibrationScores(rows: readonly Row[], y: Float64Array, core: Core, options: PredictorOptions, seed: number): CalibrationScore[] {
  const random = rng(seed + 101);
  const hw = core.hardwareColumn;
  const md = core.modelColumn;
  const richHw = [...core.hardwareRows.keys()].filter((h) => !core.fewShotHardware.has(h)).sort();
  const heldHw = new Set(richHw.length >= 2 ? shuffled(richHw, random).slice(0, Math.min(6, Math.max(1, Math.round(0.25 * richHw.length)))) : []);
  const models = [...core.models].sort();
  const heldModels = new Set(models.length >= 6 ? shuffled(models, random).slice(0, Math.max(1, Math.round(0.15 * models.length))) : []);
  const fewCounts = [...core.fewShotHardware].map((h) => core.hardwareRows.get(h)!);
  const shotsWanted = fewCounts.length ? Math.round(median(fewCounts)) : 10;

  const shots = new Set<number>();
  const byHw = new Map<string, number[]>();
  rows.forEach((r, i) => {
    const h = hw ? categoryValue(r[hw]) : null;
    const m = md ? categoryValue(r[md]) : null;
    if (h !== null && heldHw.has(h) && !(m !== null && heldModels.has(m))) {
      const list = byHw.get(h) ?? [];
      list.push(i);
      byHw.set(h, list);
    }
  });
  for (const [, list] of [...byHw].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    for (const i of shuffled(list, random).slice(0, Math.min(shotsWanted, Math.floor(list.length / 3)))) shots.add(i);
  }
  const trainIdx: number[] = [];
  const heldIdx: number[] = [];
  rows.forEach((r, i) => {
    const h = hw ? categoryValue(r[hw]) : null;
    const m = md ? categoryValue(r[md]) : null;
    const held = (h !== null && heldHw.has(h) && !shots.has(i)) || (m !== null && heldModels.has(m));
    if (held) heldIdx.push(i);
    else if (random() < 0.15) heldIdx.push(i);
    else trainIdx.push(i);
  });
  if (trainIdx.length < 10 || heldIdx.length < 5) return [];
  const auxRows = trainIdx.map((i) => rows[i]);
  const aux = fitCore(auxRows, Float64Array.from(trainIdx, (i) => y[i]), options, seed + 1);
  const withoutShots = fitConfigSpace(trainIdx.filter((i) => !shots.has(i)).map((i) => rows[i]), aux.features.columns, seed);
  const sample = heldIdx.length > 4000 ? shuffled(heldIdx, random).slice(0, 4000) : heldIdx;
  const heldRows = sample.map((i) => rows[i]);
  const { log, zeroShot, facts } = predictCore(aux, heldRows);
  const scores: CalibrationScore[] = [];
  heldRows.forEach((row, k) => {
    const logY = Math.log(y[sample[k]]);
    const state = hardwareState(aux, facts[k]);
    const seenModel = modelSeen(aux, facts[k]);
    const distance = nearest(aux.space, row, 1).neighbours[0]?.distance ?? Infinity;
    const cls = noveltyClass(state, seenModel);
    scores.push({ cls, residual: logY - log[k], distance, scale: cls === 'few-shot' ? localScale(aux, facts[k]) : 1 });
    if (state === 'few-shot') {
      const d = nearest(withoutShots, row, 1).neighbours[0]?.distance ?? Infinity;
      scores.push({ cls: noveltyClass('unseen', seenModel), residual: logY - zeroShot[k], distance: d, scale: 1 });
    }
  });
  return scores.filter((s) => Number.isFinite(s.residual) && Number.isFinite(s.distance));
}

export interface FittedPredictor {
  readonly target: string;
  readonly level: number;
  readonly trainRows: number;
  readonly droppedRows: number;
  readonly features: readonly string[];
  readonly calibration: ReadonlyMap<NoveltyClass, ClassCalibration>;
  predict(rows: readonly Row[]): Prediction[];
  /** The k nearest measured training rows of a query (indices into the cleaned training rows). */
  neighbours(row: Row, k: number): { row: Row; distance: number }[];
  /** Which features the trees split on most (share of total gain). */
  importance(): { name: string; share: number }[];
}

/**
 * A configuration that was itself measured is predicted at its measurements: the model's mean log
 * residual over the training rows with exactly the same feature values is added back. The trees
 * smooth over single points (a small table can leave a measured configuration 1.5x off), and no
 * model should disagree with a measurement of the very configuration it is asked about.
 */
function exactMatchOffsets(core: Core, rows: readonly Row[], y: Float64Array): Map<string, number> & { columns: readonly string[] } {
  const columns = core.features.columns.map((c) => c.name);
  const inSample = predictCore(core, rows).log;
  const sums = new Map<string, { sum: number; n: number }>();
  rows.forEach((row, i) => {
    const key = keyOf(row, columns);
    const entry = sums.get(key) ?? { sum: 0, n: 0 };
    entry.sum += Math.log(y[i]) - inSample[i];
    entry.n += 1;
    sums.set(key, entry);
  });
  const offsets = new Map<string, number>() as Map<string, number> & { columns: readonly string[] };
  for (const [key, { sum, n }] of sums) offsets.set(key, sum / n);
  offsets.columns = columns;
  return offsets;
}

export function fitPredictor(train: readonly Row[], options: PredictorOptions): FittedPredictor {
  const seed = options.seed ?? 1;
  const level = options.level ?? 0.8;
  const rows = train.filter((r) => !Number.isNaN(validTarget(r, options.target)));
  if (rows.length === 0) throw new Error(`no training row has a positive numeric '${options.target}'`);
  const y = Float64Array.from(rows, (r) => validTarget(r, options.target));
  const core = fitCore(rows, y, options, seed);
  const calibration = calibrateClasses(calibrationScores(rows, y, core, options, seed), level);
  const measuredOffsets = exactMatchOffsets(core, rows, y);
  let fullSpace: ConfigSpace | null = null;

  return {
    target: options.target,
    level,
    trainRows: rows.length,
    droppedRows: train.length - rows.length,
    features: core.features.names,
    calibration,
    predict(query: readonly Row[]): Prediction[] {
      const { log, facts } = predictCore(core, query);
      query.forEach((row, i) => { log[i] += measuredOffsets.get(keyOf(row, measuredOffsets.columns)) ?? 0; });
      return query.map((row, i) => {
        const hw = hardwareState(core, facts[i]);
        const seenModel = modelSeen(core, facts[i]);
        const novelty = noveltyClass(hw, seenModel);
        const near = nearest(core.space, row, 1);
        const distance = near.neighbours[0]?.distance ?? Infinity;
        const cal = calibration.get(novelty);
        // The spread scales only residuals that were normalised by it: the few-shot class's own.
        const band = cal ? intervalFor(cal, log[i], distance, cal.basis === 'few-shot' ? localScale(core, facts[i]) : 1) : { lo: log[i] - Math.LN2, hi: log[i] + Math.LN2 };
        const value = Math.exp(log[i]);
        const lo = Math.exp(band.lo);
        const hi = Math.exp(band.hi);
        const { confidence, parts } = confidenceScore({
          lo, hi, distance, nearby: near.within, hardware: hw,
          hardwareRows: facts[i].hardwareKey === null ? 0 : core.hardwareRows.get(facts[i].hardwareKey!) ?? 0,
          modelSeen: seenModel,
        });
        return {
          value, lo, hi, confidence, parts, novelty, hardware: hw, modelSeen: seenModel, distance,
          intervalBasis: cal ? `${cal.basis} residuals (${cal.count})` : 'uncalibrated: too few training rows, factor-2 band',
        };
      });
    },
    neighbours(row: Row, k: number) {
      fullSpace ??= fitConfigSpace(rows, core.features.columns, seed, Infinity);
      return nearest(fullSpace, row, k).neighbours.map((n: Neighbour) => ({ row: rows[n.index], distance: n.distance }));
    },
    importance() {
      const total = core.gbm.importance.reduce((a, b) => a + b, 0) || 1;
      return core.features.names.map((name, i) => ({ name, share: core.gbm.importance[i] / total })).sort((a, b) => b.share - a.share);
    },
  };
}

/**
 * Predicts several targets for the same query rows. When a latency (ms per batch) and a
 * throughput (items/s) target are both asked for and the training rows obey
 * throughput = batch * 1000 / latency, only latency is learned and throughput is derived from
 * it (interval ends swap), so the two predictions can never contradict each other.
 */
export function predictTargets(
  train: readonly Row[],
  query: readonly Row[],
  targets: readonly string[],
  options: Omit<PredictorOptions, 'target'> = {},
): Map<string, Prediction[]> {
  const out = new Map<string, Prediction[]>();
  const latency = targets.find((t) => targetKindOf(t) === 'time');
  const throughput = targets.find((t) => targetKindOf(t) === 'rate');
  const derived = latency && throughput && obeysBatchLaw(train, latency, throughput) ? throughput : null;
  for (const target of targets) {
    if (target === derived) continue;
    out.set(target, fitPredictor(train, { ...options, target }).predict(query));
  }
  if (derived && latency) {
    out.set(derived, out.get(latency)!.map((p, i) => {
      const items = (numericValue(query[i].batch_size) > 0 ? numericValue(query[i].batch_size) : 1) * 1000;
      return { ...p, value: items / p.value, lo: items / p.hi, hi: items / p.lo, intervalBasis: `derived from ${latency}: ${p.intervalBasis}` };
    }));
  }
  return out;
}

function targetKindOf(target: string): 'time' | 'rate' | 'other' {
  return /_ms$/.test(target) && /latency/.test(target) ? 'time' : /throughput|items_s$/.test(target) ? 'rate' : 'other';
}

function obeysBatchLaw(rows: readonly Row[], latency: string, throughput: string): boolean {
  const errors: number[] = [];
  for (const r of rows) {
    const l = numericValue(r[latency]);
    const t = numericValue(r[throughput]);
    const b = numericValue(r.batch_size) > 0 ? numericValue(r.batch_size) : 1;
    if (l > 0 && t > 0) errors.push(Math.abs(Math.log((t * l) / (b * 1000))));
  }
  return errors.length > 0 && median(errors) < 0.05;
}
