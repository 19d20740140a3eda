/**
 * The Perfcast predictor: physics base + learned residual (histogram GBM) + few-shot calibration
 * for sparsely measured hardware + class-wise split-conformal intervals + an explained
 * confidence score. Pure TypeScript: the same code runs in a page worker and in Node.
 */
import { categoryValue, numericValue, type Row } from '../features/columns.ts';
import { baseLog, buildMatrix, fitFeatures, keyOf, rowFacts, timeEquivalent, type FittedFeatures, type RowFacts } from '../features/extract.ts';
import { fitPhysicalModel, physicalValue, type PhysicalModel } from '../features/physical-model.ts';
import { decodeState, encodeState } from './codec.ts';
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
  /** The interval spans more than UNKNOWN_RATIO: the honest answer is that the data cannot say. */
  readonly unknown: boolean;
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
  /** Few-shot hardware -> its own physical model, fitted on its shots and shrunk toward the training set's. */
  readonly physicalByHardware: ReadonlyMap<string, PhysicalModel>;
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
    target: options.target, queryColumns: options.queryColumns, seed,
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

  const partial = { features, gbm, lookup, physicalByHardware: new Map() } as Pick<Core, 'features' | 'gbm' | 'lookup' | 'physicalByHardware'>;
  const fewShot = new Map<string, FewShotCalibration>();
  const physicalByHardware = new Map<string, PhysicalModel>();
  if (fewIdx.length) {
    const fewRows = fewIdx.map((i) => rows[i]);
    const { facts, zeroShot } = zeroShotPredict(partial, fewRows);
    const byHw = new Map<string, number[]>();
    fewRows.forEach((r, k) => {
      const h = categoryValue(r[hardwareColumn!])!;
      const list = byHw.get(h) ?? [];
      list.push(k);
      byHw.set(h, list);
    });
    for (const [h, ks] of byHw) {
      const times = ks.map((k) => timeEquivalent(features.kind, fewRows[k], y[fewIdx[k]]));
      const own = features.physical ? fitShotsPhysics(features.physical, ks.map((k) => facts[k].basis), times) : null;
      if (own) physicalByHardware.set(h, own);
      const shots = ks.map((k, j) => {
        const candidates = candidatesFor(partial, facts[k], zeroShot[k]);
        // Each shot sees the physical model refitted without it, so leave-one-out ranking stays honest.
        const loo = features.physical ? fitShotsPhysics(features.physical, ks.filter((_, q) => q !== j).map((q) => facts[q].basis), times.filter((_, q) => q !== j)) : null;
        addPhysicalCandidates(candidates, features, facts[k], zeroShot[k], loo);
        return { logY: Math.log(y[fewIdx[k]]), candidates };
      });
      fewShot.set(h, fitFewShot(shots));
    }
  }
  const space = fitConfigSpace(rows, features.columns, seed);
  return { features, gbm, hardwareColumn, modelColumn, hardwareRows: counts, fewShotHardware: few, models, fewShot, physicalByHardware, lookup, space };
}

/** Shrinkage of a device's own physical model toward the training set's: worth this many shots. */
const PHYSICS_PRIOR_SHOTS = 2;

function fitShotsPhysics(prior: PhysicalModel, basis: readonly (readonly number[] | null)[], times: readonly number[]): PhysicalModel | null {
  const keep = basis.map((b, i) => (b !== null && times[i] > 0 ? i : -1)).filter((i) => i >= 0);
  if (keep.length < 2) return null;
  return fitPhysicalModel(keep.map((i) => basis[i]!), keep.map((i) => times[i]), prior, PHYSICS_PRIOR_SHOTS);
}

const PHYSICAL = 'physical';
const PHYSICAL_RESIDUAL = 'physical+trees';

/** The device's own physical model as a candidate, alone and with the trees' residual on top. */
function addPhysicalCandidates(out: Map<string, number>, features: FittedFeatures, facts: RowFacts, zeroShot: number, own: PhysicalModel | null | undefined): void {
  if (!own || !facts.basis) return;
  const t = physicalValue(own, facts.basis);
  if (!(t > 0)) return;
  const log = features.kind === 'rate' ? Math.log(facts.batch * 1000) - Math.log(t) : Math.log(t);
  out.set(PHYSICAL, log);
  const residual = zeroShot - baseLog(features, facts);
  // The trees' residual carries the workload's shape beyond the three physical terms; the few-shot line then fixes the level.
  if (Number.isFinite(residual)) out.set(PHYSICAL_RESIDUAL, log + residual);
}

function candidatesFor(core: Pick<Core, 'lookup' | 'features' | 'physicalByHardware'>, facts: RowFacts, zeroShot: number): Map<string, number> {
  const out = new Map<string, number>([[ZERO_SHOT, zeroShot]]);
  // The same workload on each measured hardware; failing that, the same model at another size.
  for (const key of [coarseLookupKey(facts), lookupKey(facts)]) {
    const byHw = key === null ? undefined : core.lookup.get(key);
    if (byHw) for (const [h, v] of byHw) if (h !== facts.hardwareKey) out.set(`hw:${h}`, v);
  }
  if (facts.hardwareKey !== null) addPhysicalCandidates(out, core.features, facts, zeroShot, core.physicalByHardware.get(facts.hardwareKey));
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
  /** Columns a query must carry (where the training rows had them) for the model to apply. */
  readonly requiredColumns: readonly string[];
  readonly calibration: ReadonlyMap<NoveltyClass, ClassCalibration>;
  /** The whole fitted state as plain data: `predictorFromState(state)` predicts bit-identically. */
  readonly state: PredictorState;
  predict(rows: readonly Row[]): Prediction[];
  /** The k nearest measured training rows of a query (from the model's reference rows). */
  neighbours(row: Row, k: number): { row: Row; distance: number }[];
  /** Which features the trees split on most (share of total gain). */
  importance(): { name: string; share: number }[];
}

/** Everything a fitted predictor needs to predict, and nothing that cannot be written to JSON. */
export interface PredictorState {
  readonly target: string;
  readonly level: number;
  readonly seed: number;
  readonly trainRows: number;
  readonly droppedRows: number;
  readonly core: Core;
  readonly calibration: ReadonlyMap<NoveltyClass, ClassCalibration>;
  readonly measuredColumns: readonly string[];
  /** Feature-value key of a measured configuration -> mean log residual of the model there. */
  readonly measuredOffsets: ReadonlyMap<string, number>;
  /** Training rows (feature columns, target and provenance) behind the neighbour search, by row index. */
  readonly referenceRows: ReadonlyMap<number, Row>;
  /** Distinct training values of the size columns predictions are kept monotone in. */
  readonly sizeGrids: ReadonlyMap<string, readonly number[]>;
  readonly evaluation: readonly HeldOutFigures[];
}

/** How the model did on the rows its calibration fit held out, per kind of novelty. */
export interface HeldOutFigures {
  readonly novelty: NoveltyClass;
  readonly rows: number;
  readonly medianApe: number;
  readonly within25: number;
}

function heldOutFigures(scores: readonly CalibrationScore[]): HeldOutFigures[] {
  const byClass = new Map<NoveltyClass, number[]>();
  for (const s of scores) {
    const list = byClass.get(s.cls) ?? [];
    list.push(Math.abs(Math.exp(-s.residual) - 1));
    byClass.set(s.cls, list);
  }
  return [...byClass].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([novelty, errors]) => ({
    novelty, rows: errors.length, medianApe: median(errors), within25: errors.filter((e) => e <= 0.25).length / errors.length,
  }));
}

/**
 * A configuration that was itself measured is predicted at its measurements: the model's mean log
 * residual over the training rows with exactly the same feature values is added back. The trees
 * smooth over single points (a small table can leave a measured configuration 1.5x off), and no
 * model should disagree with a measurement of the very configuration it is asked about.
 */
function exactMatchOffsets(core: Core, rows: readonly Row[], y: Float64Array): { columns: string[]; offsets: Map<string, number> } {
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
  const offsets = new Map<string, number>();
  for (const [key, { sum, n }] of sums) offsets.set(key, sum / n);
  return { columns, offsets };
}

/** Size columns a prediction is kept non-decreasing in (time) or saturating in (rate). */
const MONOTONE_COLUMNS = ['batch_size', 'seq_len', 'input_len', 'output_len'];
const MAX_GRID = 8;

function sizeGridsOf(rows: readonly Row[], features: FittedFeatures): Map<string, number[]> {
  const out = new Map<string, number[]>();
  if (features.kind === 'other') return out;
  for (const c of MONOTONE_COLUMNS) {
    if (!features.columns.some((f) => f.name === c && f.kind === 'numeric')) continue;
    const values = [...new Set(rows.map((r) => numericValue(r[c])).filter((v) => v > 0))].sort((a, b) => a - b);
    if (values.length < 2) continue;
    // At most MAX_GRID values, spread evenly in log size.
    const picked = values.length <= MAX_GRID ? values : Array.from({ length: MAX_GRID }, (_, j) => values[Math.round((j * (values.length - 1)) / (MAX_GRID - 1))]);
    out.set(c, [...new Set(picked)]);
  }
  return out;
}

/**
 * Predicted time never falls as a batch or a sequence grows, and a predicted rate never falls
 * either nor grows faster than the batch (it saturates): each query row is compared with the
 * same row at every smaller training size. Rows that match a measured configuration keep their
 * measurement instead: there the data say what happens.
 */
function monotoneLog(state: PredictorState, rows: readonly Row[], log: Float64Array): void {
  const { core, sizeGrids } = state;
  const kind = core.features.kind;
  if (kind === 'other' || sizeGrids.size === 0) return;
  const variants: Row[] = [];
  const variantOf = new Map<string, number>();
  const links: { row: number; variant: number; column: string; ratio: number }[] = [];
  rows.forEach((row, i) => {
    for (const [c, grid] of sizeGrids) {
      const v = numericValue(row[c]);
      if (!(v > 0)) continue;
      for (const g of grid) {
        if (g >= v) break;
        const variant = { ...row, [c]: g };
        const key = JSON.stringify(variant);
        let k = variantOf.get(key);
        if (k === undefined) {
          k = variants.length;
          variants.push(variant);
          variantOf.set(key, k);
        }
        links.push({ row: i, variant: k, column: c, ratio: v / g });
      }
    }
  });
  if (variants.length === 0) return;
  const smaller = predictCore(core, variants).log;
  const floor = new Float64Array(log.length).fill(-Infinity);
  const ceiling = new Float64Array(log.length).fill(Infinity);
  for (const { row, variant, column, ratio } of links) {
    const v = smaller[variant];
    if (!Number.isFinite(v)) continue;
    if (v > floor[row]) floor[row] = v;
    // A rate grows at most in proportion to the batch (the time per batch does not fall).
    if (kind === 'rate' && column === 'batch_size') ceiling[row] = Math.min(ceiling[row], v + Math.log(ratio));
  }
  // Where the two bounds disagree the floor wins: a rate that saturates rather than one that falls.
  for (let i = 0; i < log.length; i++) log[i] = Math.max(Math.min(log[i], ceiling[i]), floor[i]);
}

const REFERENCE_EXTRA = ['source', 'origin', 'claimed_source', 'claimed_origin', 'run_id'];

export function fitPredictor(train: readonly Row[], options: PredictorOptions): FittedPredictor {
  const seed = options.seed ?? 1;
  const level = options.level ?? 0.8;
  const rows = train.filter((r) => !Number.isNaN(validTarget(r, options.target)));
  if (rows.length === 0) throw new Error(`no training row has a positive numeric '${options.target}'`);
  const y = Float64Array.from(rows, (r) => validTarget(r, options.target));
  const core = fitCore(rows, y, options, seed);
  const scores = calibrationScores(rows, y, core, options, seed);
  const calibration = calibrateClasses(scores, level);
  const { columns: measuredColumns, offsets: measuredOffsets } = exactMatchOffsets(core, rows, y);
  const keep = [...core.features.columns.map((c) => c.name), options.target, ...REFERENCE_EXTRA];
  const referenceRows = new Map<number, Row>();
  for (const index of core.space.reference) {
    const out: Record<string, unknown> = {};
    for (const c of keep) if (rows[index][c] !== undefined && rows[index][c] !== null) out[c] = rows[index][c];
    referenceRows.set(index, out);
  }
  return predictorFromState({
    target: options.target, level, seed, trainRows: rows.length, droppedRows: train.length - rows.length,
    core, calibration, measuredColumns, measuredOffsets, referenceRows, sizeGrids: sizeGridsOf(rows, core.features),
    evaluation: heldOutFigures(scores),
  });
}

/** An interval wider than this factor (hi / lo) says "we do not know" rather than a range. */
export const UNKNOWN_RATIO = 10;

export function predictorFromState(state: PredictorState): FittedPredictor {
  const { core, calibration, measuredColumns, measuredOffsets } = state;
  const requiredColumns = core.features.columns.map((c) => c.name);
  return {
    target: state.target,
    level: state.level,
    trainRows: state.trainRows,
    droppedRows: state.droppedRows,
    features: core.features.names,
    requiredColumns,
    calibration,
    state,
    predict(query: readonly Row[]): Prediction[] {
      const { log, facts } = predictCore(core, query);
      const raw = Float64Array.from(log);
      monotoneLog(state, query, log);
      query.forEach((row, i) => {
        const offset = measuredOffsets.get(keyOf(row, measuredColumns));
        if (offset !== undefined) log[i] = raw[i] + offset;
      });
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
          unknown: hi / lo > UNKNOWN_RATIO,
          intervalBasis: cal ? `${cal.basis} residuals (${cal.count})` : 'uncalibrated: too few training rows, factor-2 band',
        };
      });
    },
    neighbours(row: Row, k: number) {
      return nearest(core.space, row, k).neighbours.map((n: Neighbour) => ({ row: state.referenceRows.get(n.index)!, distance: n.distance }));
    },
    importance() {
      const total = core.gbm.importance.reduce((a, b) => a + b, 0) || 1;
      return core.features.names.map((name, i) => ({ name, share: core.gbm.importance[i] / total })).sort((a, b) => b.share - a.share);
    },
  };
}

/** The state as JSON-ready plain data (see codec.ts) and back. */
export function encodePredictorState(state: PredictorState): unknown {
  return encodeState(state);
}

export function decodePredictorState(data: unknown): PredictorState {
  return decodeState(data) as PredictorState;
}
