/**
 * Feature extraction for the predictor. Fitted on training rows only (so an evaluation fold's
 * held-out rows never shape an encoding), then applied to any rows.
 *
 * The learned model works on the residual of log(target) over a physics base:
 *   time targets:  base = log(physical model ms) + median log residual
 *   rate targets:  base = log(batch * 1000 / physical model ms) - offset
 *   others / rows without physics: base = median log target.
 * The physical model (physical-model.ts) is overhead per step + compute at an effective peak +
 * traffic at an effective bandwidth, fitted on the training rows (physics.ts derives the work).
 * Features: the user's numeric columns as they are; physics (log physical time, compute and memory
 * time, arithmetic intensity, peak and bandwidth at the row's precision); categorical columns as
 * smoothed target encodings of the residual (out-of-fold on training rows); and a "profile" of
 * the row's model: its log target measured in other settings (hardware x workload) of the
 * training data, which carries what a model costs relative to others where it has been measured.
 */
import { FIELDS, FIELD_BY_NAME } from '../schema/record.ts';
import { categoryValue, numericValue, selectFeatureColumns, type FeatureColumn, type Row } from './columns.ts';
import { hardwareNumbers, rooflineEstimate } from './roofline.ts';
import { physicsOf } from './physics.ts';
import { basisOf, fitPhysicalModel, physicalValue, type PhysicalModel } from './physical-model.ts';
import { median, rng } from '../predict/stats.ts';

export type TargetKind = 'time' | 'rate' | 'other';

export function targetKind(target: string): TargetKind {
  if (/(throughput|_per_s(ec)?$|_s$|per_second|fps$|qps)/i.test(target) && !/_ms$/.test(target)) return 'rate';
  if (/(latency|_ms$|time|duration)/i.test(target)) return 'time';
  return 'other';
}

export interface FeatureOptions {
  readonly target: string;
  /** Columns of the query table; only columns present in both tables become features. */
  readonly queryColumns?: readonly string[];
  readonly seed?: number;
  readonly maxProfileSettings?: number;
  /** Share of training rows whose hardware/model encodings are hidden, so trees learn what to do for unseen ones. */
  readonly noveltyDropout?: number;
}

/** Per-row facts the predictor, the confidence score and the baselines all use. */
export interface RowFacts {
  readonly modelKey: string | null;
  readonly hardwareKey: string | null;
  /** Hardware x workload. */
  readonly settingKey: string;
  /** Setting without hardware columns: what the row runs, not where. */
  readonly workloadKey: string;
  /** Workload without its size columns (batch, lengths): matches runs of the same model at another batch size. */
  readonly coarseKey: string;
  /** Roofline-implied log target (NaN when unknown). */
  readonly impliedLog: number;
  readonly logRoofMs: number;
  /** The physical model's basis (steps, compute ms, memory ms) for this row; null without physics. */
  readonly basis: readonly [number, number, number] | null;
  /** Items per measured unit (batch size, 1 when absent): turns a rate into ms per batch. */
  readonly batch: number;
}

export interface FittedFeatures {
  readonly target: string;
  readonly kind: TargetKind;
  readonly columns: readonly FeatureColumn[];
  readonly modelColumn: string | null;
  readonly hardwareColumn: string | null;
  readonly settingColumns: readonly string[];
  readonly workloadColumns: readonly string[];
  readonly baseOffset: number;
  readonly fallbackBase: number;
  readonly encodings: ReadonlyMap<string, ReadonlyMap<string, number>>;
  readonly encodingPrior: number;
  readonly profileSettings: readonly string[];
  /** model -> setting -> log target, from training rows. */
  readonly profile: ReadonlyMap<string, ReadonlyMap<string, number>>;
  readonly settingMean: ReadonlyMap<string, number>;
  readonly names: readonly string[];
  readonly physics: boolean;
  /** The physical model of the whole training set (time and rate targets); null where no row has physics. */
  readonly physical: PhysicalModel | null;
}

const PHYSICS = ['log_physical_ms', 'log_compute_ms', 'log_memory_ms', 'log_intensity', 'log_peak_tflops', 'log_mem_bw_gbs', 'hw_mem_gb_spec', 'hw_tdp_w_spec'];

const ln = (v: number): number => (v > 0 ? Math.log(v) : NaN);

/** The values of `columns` as one key (categorical text form). */
export function keyOf(row: Row, columns: readonly string[]): string {
  let key = '';
  for (const c of columns) key += `${categoryValue(row[c]) ?? ''}\u0001`;
  return key;
}

/** Columns whose value is fixed by `by` (e.g. params_m by model, hw_mem_gb by hardware). */
export function dependentColumns(rows: readonly Row[], by: string | readonly string[], columns: readonly FeatureColumn[]): Set<string> {
  const out = new Set<string>();
  const keys = typeof by === 'string' ? [by] : by;
  for (const c of columns) {
    if (keys.includes(c.name)) continue;
    const seen = new Map<string, string>();
    let dependent = true;
    for (const row of rows) {
      const k = keys.length === 1 ? categoryValue(row[keys[0]]) : keyOf(row, keys);
      const v = categoryValue(row[c.name]);
      if (k === null || v === null) continue;
      const prev = seen.get(k);
      if (prev === undefined) seen.set(k, v);
      else if (prev !== v) {
        dependent = false;
        break;
      }
    }
    // A constant column is trivially "dependent"; it describes neither side.
    if (dependent && seen.size > 1 && new Set(seen.values()).size > 1) out.add(c.name);
  }
  return out;
}

const SIZE_COLUMNS = new Set(['batch_size', 'seq_len', 'input_len', 'output_len', 'num_tokens', 'batch_size_per_device']);
const WORKLOAD_FIELDS = new Set([...FIELDS.filter((f) => f.group === 'workload').map((f) => f.name), 'num_devices', 'threads']);

/**
 * What a row runs, as opposed to where and by whom: the record's workload fields plus any extra
 * numeric column that is neither a property of the model nor of the hardware. Extra categorical
 * columns (submitter, version, ...) stay features but do not split workloads.
 */
export function workloadColumnsOf(columns: readonly FeatureColumn[], modelAttrs: ReadonlySet<string>, hardwareAttrs: ReadonlySet<string>, rows: readonly Row[]): string[] {
  const names = columns.map((c) => c.name);
  const known = names.filter((n) => WORKLOAD_FIELDS.has(n) && !modelAttrs.has(n) && !hardwareAttrs.has(n));
  const extra = columns.filter((c) => c.kind === 'numeric' && !FIELD_BY_NAME.has(c.name) && !modelAttrs.has(c.name) &&
    !hardwareAttrs.has(c.name) && !c.name.startsWith('hw_'));
  // An extra column fixed by hardware x workload but not by the workload alone (a system's total
  // TDP: device TDP x device count) describes the machine, not the work.
  const hasHardware = names.includes('hardware');
  const byMachine = hasHardware ? dependentColumns(rows, ['hardware', ...known], extra) : new Set<string>();
  const byWork = known.length ? dependentColumns(rows, known, extra) : new Set<string>();
  return [...known, ...extra.map((c) => c.name).filter((n) => !byMachine.has(n) || byWork.has(n))];
}

type FactContext = Pick<FittedFeatures, 'kind' | 'modelColumn' | 'hardwareColumn' | 'settingColumns' | 'workloadColumns'> & {
  /** With a fitted physical model the base is its time; without one (the roofline baseline), max(compute, memory) at peak. */
  readonly physical?: PhysicalModel | null;
  readonly target?: string;
};

export function rowFacts(f: FactContext, row: Row): RowFacts {
  let logRoofMs: number;
  let basis: [number, number, number] | null = null;
  if (f.physical !== undefined && f.target !== undefined) {
    basis = f.kind === 'other' ? null : basisOf(physicsOf(row, f.target));
    logRoofMs = f.physical ? ln(physicalValue(f.physical, basis)) : NaN;
  } else {
    logRoofMs = ln(rooflineEstimate(row, hardwareNumbers(row)).ms);
  }
  const batch = numericValue(row.batch_size) > 0 ? numericValue(row.batch_size) : 1;
  const impliedLog = f.kind === 'time' ? logRoofMs : f.kind === 'rate' ? Math.log(batch * 1000) - logRoofMs : NaN;
  return {
    modelKey: f.modelColumn ? categoryValue(row[f.modelColumn]) : null,
    hardwareKey: f.hardwareColumn ? categoryValue(row[f.hardwareColumn]) : null,
    settingKey: keyOf(row, f.settingColumns),
    workloadKey: keyOf(row, f.workloadColumns),
    coarseKey: keyOf(row, f.workloadColumns.filter((c) => !SIZE_COLUMNS.has(c))),
    impliedLog,
    logRoofMs,
    basis,
    batch,
  };
}

export function baseLog(f: FittedFeatures, facts: RowFacts): number {
  if (Number.isNaN(facts.impliedLog)) return f.fallbackBase;
  return f.kind === 'rate' ? facts.impliedLog - f.baseOffset : facts.impliedLog + f.baseOffset;
}

interface Roles {
  readonly kind: TargetKind;
  readonly columns: FeatureColumn[];
  readonly modelColumn: string | null;
  readonly hardwareColumn: string | null;
  readonly modelAttrs: Set<string>;
  readonly workloadColumns: string[];
  readonly settingColumns: string[];
}

/** Which columns are features, which name the model and the hardware, and which describe the work. */
function columnRoles(train: readonly Row[], options: FeatureOptions): Roles {
  const kind = targetKind(options.target);
  const columns = selectFeatureColumns(train, [options.target], options.queryColumns);
  const has = (name: string): boolean => columns.some((c) => c.name === name);
  const modelColumn = has('model') ? 'model' : null;
  const hardwareColumn = has('hardware') ? 'hardware' : null;
  const modelAttrs = modelColumn ? dependentColumns(train, modelColumn, columns) : new Set<string>();
  const hardwareAttrs = hardwareColumn ? dependentColumns(train, hardwareColumn, columns) : new Set<string>();
  const workloadColumns = workloadColumnsOf(columns, modelAttrs, hardwareAttrs, train);
  const settingColumns = [...(hardwareColumn ? [hardwareColumn] : []), ...workloadColumns];
  return { kind, columns, modelColumn, hardwareColumn, modelAttrs, workloadColumns, settingColumns };
}

/** Time per measured unit a target implies (a rate of items/s becomes ms per batch). */
export function timeEquivalent(kind: TargetKind, row: Row, value: number): number {
  if (kind === 'time') return value;
  if (kind === 'rate') return ((numericValue(row.batch_size) > 0 ? numericValue(row.batch_size) : 1) * 1000) / value;
  return NaN;
}

/** The physics base: the physical model fitted on all training rows, and the median log residual over it. */
function fitBase(train: readonly Row[], logY: Float64Array, roles: Roles, target: string): { physical: PhysicalModel | null; facts: RowFacts[]; baseOffset: number; fallbackBase: number; physics: boolean } {
  const basis = train.map((row) => (roles.kind === 'other' ? null : basisOf(physicsOf(row, target))));
  const time = train.map((row, i) => timeEquivalent(roles.kind, row, Math.exp(logY[i])));
  const physical = roles.kind === 'other' ? null : fitPhysicalModel(basis.filter((b): b is [number, number, number] => b !== null), time.filter((_, i) => basis[i] !== null));
  const partial = { ...roles, target, physical };
  const facts = train.map((row) => rowFacts(partial, row));
  const offsets: number[] = [];
  const noRoof: number[] = [];
  for (let i = 0; i < train.length; i++) {
    const imp = facts[i].impliedLog;
    if (Number.isNaN(imp)) noRoof.push(logY[i]);
    else offsets.push(roles.kind === 'rate' ? imp - logY[i] : logY[i] - imp);
  }
  const physics = offsets.length > 0 || train.some((r) => {
    const hw = hardwareNumbers(r);
    return hw.peakTflops > 0 || hw.memBwGbs > 0;
  });
  return {
    physical, facts, physics,
    baseOffset: offsets.length ? median(offsets) : 0,
    fallbackBase: median(noRoof.length ? noRoof : Array.from(logY)),
  };
}

/** Smoothed target encodings of the residual: full-data maps for queries, out-of-fold values for training rows. */
function fitEncodings(train: readonly Row[], resid: Float64Array, categorical: readonly string[], random: () => number): { encodings: Map<string, Map<string, number>>; oof: Map<string, Float64Array>; prior: number } {
  const weight = 1;
  const prior = resid.reduce((a, b) => a + b, 0) / Math.max(1, resid.length);
  const folds = Int32Array.from(train, () => Math.floor(random() * 5));
  const encodings = new Map<string, Map<string, number>>();
  const oof = new Map<string, Float64Array>();
  for (const c of categorical) {
    const sum = new Map<string, number[]>();
    const keys = train.map((row) => categoryValue(row[c]));
    for (let i = 0; i < train.length; i++) {
      const k = keys[i];
      if (k === null) continue;
      let s = sum.get(k);
      if (!s) sum.set(k, (s = new Array<number>(12).fill(0)));
      s[folds[i]] += resid[i];
      s[5 + folds[i]] += 1;
    }
    const enc = new Map<string, number>();
    for (const [k, s] of sum) {
      let total = 0;
      let count = 0;
      for (let q = 0; q < 5; q++) { total += s[q]; count += s[5 + q]; }
      enc.set(k, (total + weight * prior) / (count + weight));
    }
    const col = new Float64Array(train.length);
    for (let i = 0; i < train.length; i++) {
      const k = keys[i];
      const s = k === null ? undefined : sum.get(k);
      if (!s) { col[i] = NaN; continue; }
      let total = 0;
      let count = 0;
      for (let q = 0; q < 5; q++) if (q !== folds[i]) { total += s[q]; count += s[5 + q]; }
      col[i] = count > 0 ? (total + weight * prior) / (count + weight) : NaN;
    }
    encodings.set(c, enc);
    oof.set(c, col);
  }
  return { encodings, oof, prior };
}

/** Each model's log target per setting, and the settings most models were measured in. */
function fitProfile(facts: readonly RowFacts[], logY: Float64Array, maxSettings: number): { profile: Map<string, Map<string, number>>; settingMean: Map<string, number>; profileSettings: string[] } {
  const profile = new Map<string, Map<string, number>>();
  const settingSum = new Map<string, [number, number]>();
  const acc = new Map<string, Map<string, [number, number]>>();
  for (let i = 0; i < facts.length; i++) {
    const m = facts[i].modelKey;
    if (m === null) continue;
    let bySetting = acc.get(m);
    if (!bySetting) acc.set(m, (bySetting = new Map()));
    const s = facts[i].settingKey;
    const cell = bySetting.get(s);
    if (cell) { cell[0] += logY[i]; cell[1] += 1; } else bySetting.set(s, [logY[i], 1]);
  }
  for (const [m, bySetting] of acc) {
    const out = new Map<string, number>();
    for (const [s, [sum, n]] of bySetting) {
      const v = sum / n;
      out.set(s, v);
      const t = settingSum.get(s);
      if (t) { t[0] += v; t[1] += 1; } else settingSum.set(s, [v, 1]);
    }
    profile.set(m, out);
  }
  const settingMean = new Map<string, number>();
  for (const [s, [sum, n]] of settingSum) settingMean.set(s, sum / n);
  const minModels = Math.max(3, Math.min(20, Math.floor(profile.size / 4)));
  const profileSettings = profile.size >= 3
    ? [...settingSum.entries()].filter(([, [, n]]) => n >= minModels).sort((a, b) => b[1][1] - a[1][1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, maxSettings).map(([s]) => s)
    : [];
  return { profile, settingMean, profileSettings };
}

/**
 * Hides the hardware and model encodings of a share of training rows, so the trees learn what to
 * do for unseen ones; a hidden model also loses what only a measured model has: its attributes'
 * encodings and its profile.
 */
function applyNoveltyDropout(matrix: Float64Array[], names: readonly string[], roles: Roles, categorical: readonly string[], dropout: number, random: () => number): void {
  const hide = [roles.hardwareColumn, roles.modelColumn].filter((c): c is string => c !== null);
  for (const c of hide) {
    const col = matrix[names.indexOf(`enc_${c}`)];
    const attrs = c === roles.hardwareColumn ? [] : [
      ...[...roles.modelAttrs].filter((a) => categorical.includes(a)).map((a) => matrix[names.indexOf(`enc_${a}`)]),
      ...names.map((n, j) => (n.startsWith('profile_') ? matrix[j] : null)).filter((m): m is Float64Array => m !== null),
    ];
    if (!col) continue;
    for (let i = 0; i < col.length; i++) {
      if (random() < dropout) {
        col[i] = NaN;
        for (const a of attrs) a[i] = NaN;
      }
    }
  }
}

/**
 * Fits encodings and the profile on training rows (y = target values, already positive).
 * Returns the fitted state and the training matrix with out-of-fold encodings.
 */
export function fitFeatures(train: readonly Row[], y: ArrayLike<number>, options: FeatureOptions): { features: FittedFeatures; matrix: Float64Array[]; base: Float64Array; facts: RowFacts[] } {
  const roles = columnRoles(train, options);
  const logY = Float64Array.from(y, (v) => Math.log(v));
  const { physical, facts, baseOffset, fallbackBase, physics } = fitBase(train, logY, roles, options.target);
  const partialFitted = { kind: roles.kind, baseOffset, fallbackBase } as FittedFeatures;
  const base = Float64Array.from(facts, (f) => baseLog(partialFitted, f));
  const resid = Float64Array.from(logY, (v, i) => v - base[i]);
  const categorical = roles.columns.filter((c) => c.kind === 'categorical').map((c) => c.name);
  const random = rng(options.seed ?? 1);
  const { encodings, oof, prior } = fitEncodings(train, resid, categorical, random);
  const { profile, settingMean, profileSettings } = roles.modelColumn
    ? fitProfile(facts, logY, options.maxProfileSettings ?? 24)
    : { profile: new Map(), settingMean: new Map(), profileSettings: [] };
  const numeric = roles.columns.filter((c) => c.kind === 'numeric').map((c) => c.name);
  const names = [
    ...numeric,
    ...(physics ? PHYSICS : []),
    ...categorical.map((c) => `enc_${c}`),
    ...profileSettings.map((_, j) => `profile_${j}`),
    ...(profileSettings.length ? ['profile_relative'] : []),
  ];
  const features: FittedFeatures = {
    target: options.target, kind: roles.kind, columns: roles.columns, modelColumn: roles.modelColumn, hardwareColumn: roles.hardwareColumn,
    settingColumns: roles.settingColumns, workloadColumns: roles.workloadColumns,
    baseOffset, fallbackBase, encodings, encodingPrior: prior, profileSettings, profile, settingMean,
    names, physics, physical,
  };
  const matrix = buildMatrix(features, train, facts, oof);
  const dropout = options.noveltyDropout ?? 0.15;
  if (dropout > 0) applyNoveltyDropout(matrix, names, roles, categorical, dropout, random);
  return { features, matrix, base, facts };
}

/** Feature-major matrix for rows; `oof` replaces encodings with out-of-fold values (training only). */
export function buildMatrix(f: FittedFeatures, rows: readonly Row[], facts: readonly RowFacts[], oof?: ReadonlyMap<string, Float64Array>): Float64Array[] {
  const n = rows.length;
  const out: Float64Array[] = [];
  for (const c of f.columns) if (c.kind === 'numeric') out.push(Float64Array.from(rows, (r) => numericValue(r[c.name])));
  if (f.physics) {
    const cols = PHYSICS.map(() => new Float64Array(n));
    for (let i = 0; i < n; i++) {
      const p = physicsOf(rows[i], f.target);
      const hw = p.hw;
      cols[0][i] = facts[i].logRoofMs;
      cols[1][i] = ln(p.computeMs);
      cols[2][i] = ln(p.memoryMs);
      cols[3][i] = ln(p.flops / p.bytes);
      cols[4][i] = ln(hw.peakTflops);
      cols[5][i] = ln(hw.memBwGbs);
      cols[6][i] = hw.memGb > 0 ? hw.memGb : NaN;
      cols[7][i] = hw.tdpW > 0 ? hw.tdpW : NaN;
    }
    out.push(...cols);
  }
  for (const c of f.columns) {
    if (c.kind !== 'categorical') continue;
    const given = oof?.get(c.name);
    if (given) { out.push(given); continue; }
    const enc = f.encodings.get(c.name)!;
    out.push(Float64Array.from(rows, (r) => {
      const k = categoryValue(r[c.name]);
      const v = k === null ? undefined : enc.get(k);
      return v === undefined ? NaN : v;
    }));
  }
  if (f.profileSettings.length) {
    const cols = f.profileSettings.map(() => new Float64Array(n).fill(NaN));
    const rel = new Float64Array(n).fill(NaN);
    for (let i = 0; i < n; i++) {
      const m = facts[i].modelKey;
      const p = m === null ? undefined : f.profile.get(m);
      if (!p) continue;
      const own = facts[i].settingKey;
      for (let j = 0; j < cols.length; j++) {
        const s = f.profileSettings[j];
        if (s === own) continue;
        const v = p.get(s);
        if (v !== undefined) cols[j][i] = v;
      }
      let sum = 0;
      let count = 0;
      for (const [s, v] of p) {
        if (s === own) continue;
        sum += v - f.settingMean.get(s)!;
        count++;
      }
      if (count > 0) rel[i] = sum / count;
    }
    out.push(...cols, rel);
  }
  return out;
}
