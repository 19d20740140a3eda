/**
 * Ranking hardware for a workload from predictions: constraints are met with a probability taken
 * from the predictive distribution (not the point value), a device the model does not fit is
 * never recommended, and the objective orders what is left. Pure: the predictions, memory and
 * cost come in; services/recommend.ts makes them.
 */
import { categoryValue, numericValue, type Row } from '../features/columns.ts';
import { kvBytesPerToken, parameterCounts } from '../features/physics.ts';
import { bytesPerParam, hardwareNumbers, normalizePrecision } from '../features/roofline.ts';

export const OBJECTIVES = ['min:latency_ms', 'max:throughput_items_s', 'min:cost_usd_per_million', 'min:energy_j'] as const;
export type Objective = (typeof OBJECTIVES)[number];
export type ObjectiveMetric = 'latency_ms' | 'throughput_items_s' | 'cost_usd_per_million' | 'energy_j';

export function metricOf(objective: Objective): ObjectiveMetric {
  return objective.slice(4) as ObjectiveMetric;
}

/** A predicted value with its interval at `level` (two-sided). */
export interface Interval {
  readonly value: number;
  readonly lo: number;
  readonly hi: number;
  readonly level: number;
}

export interface Constraints {
  readonly maxLatencyMs?: number;
  readonly minThroughput?: number;
}

/** Standard normal CDF (Abramowitz-Stegun 7.1.26 through erf; |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** The z of a two-sided central interval at `level` (0.8 -> 1.2816), by bisection on normalCdf. */
export function zOfLevel(level: number): number {
  const target = (1 + level) / 2;
  let lo = 0;
  let hi = 10;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (normalCdf(mid) < target) lo = mid; else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * P(metric <= x) when the prediction is log-normal around its value, with the spread on each
 * side read from that side of the interval (the intervals are asymmetric in log space).
 */
export function probabilityAtMost(p: Interval, x: number): number {
  if (!(x > 0)) return 0;
  if (!(p.value > 0)) return 0.5;
  const z = zOfLevel(p.level);
  const below = x < p.value;
  const edge = below ? p.lo : p.hi;
  const sigma = edge > 0 && Number.isFinite(edge) ? Math.abs(Math.log(p.value / edge)) / z : Infinity;
  if (!(sigma > 0)) return below ? 0 : 1;
  if (!Number.isFinite(sigma)) return 0.5;
  return normalCdf(Math.log(x / p.value) / sigma);
}

export interface MemoryFit {
  /** GB the workload needs on the device: weights plus the KV cache of LLM rows (activations not counted). */
  readonly needGb: number | null;
  readonly deviceGb: number | null;
  /** null when either side is unknown. */
  readonly fits: boolean | null;
}

/** Share of device memory the weights and cache may take (the rest: runtime, activations, fragmentation). */
export const USABLE_MEMORY_SHARE = 0.9;

export function memoryFit(row: Row): MemoryFit {
  const { total } = parameterCounts(row);
  const hw = hardwareNumbers(row);
  const deviceGb = hw.memGb > 0 ? hw.memGb : null;
  if (!(total > 0)) return { needGb: null, deviceGb, fits: null };
  const bytes = bytesPerParam(normalizePrecision(categoryValue(row.precision)));
  const batch = numericValue(row.batch_size) > 0 ? numericValue(row.batch_size) : 1;
  const tokens = (numericValue(row.input_len) > 0 ? numericValue(row.input_len) : 0) + (numericValue(row.output_len) > 0 ? numericValue(row.output_len) : 0);
  const kv = tokens > 0 ? kvBytesPerToken(total, Math.min(bytes, 2)) * tokens * batch : 0;
  const needGb = (total * bytes + kv) / 1e9;
  return { needGb, deviceGb, fits: deviceGb === null ? null : needGb <= deviceGb * USABLE_MEMORY_SHARE };
}

export interface Candidate {
  readonly hardware: string;
  readonly latency: Interval;
  readonly throughput: Interval;
  /** True when throughput is batch x 1000 / latency (one uncertain quantity, not two). */
  readonly throughputFromLatency: boolean;
  readonly costUsdPerMillion: Interval | null;
  readonly energyJ: Interval | null;
  readonly memory: MemoryFit;
  readonly confidence: number;
  readonly batch: number;
}

/** P(every constraint holds) from the predictive distributions. */
export function probabilityOfMeeting(c: Candidate, constraints: Constraints): number {
  const { maxLatencyMs, minThroughput } = constraints;
  if (c.throughputFromLatency) {
    const bounds = [maxLatencyMs, minThroughput !== undefined ? (c.batch * 1000) / minThroughput : undefined].filter((b): b is number => b !== undefined);
    return bounds.length ? probabilityAtMost(c.latency, Math.min(...bounds)) : 1;
  }
  const lat = maxLatencyMs !== undefined ? probabilityAtMost(c.latency, maxLatencyMs) : 1;
  const thr = minThroughput !== undefined ? 1 - probabilityAtMost(c.throughput, minThroughput) : 1;
  return lat * thr;
}

function objectiveValue(c: Candidate, metric: ObjectiveMetric): number | null {
  if (metric === 'latency_ms') return c.latency.value;
  if (metric === 'throughput_items_s') return c.throughput.value;
  if (metric === 'cost_usd_per_million') return c.costUsdPerMillion?.value ?? null;
  return c.energyJ?.value ?? null;
}

export interface Ranked {
  readonly candidate: Candidate;
  readonly pMeets: number;
  /** On the Pareto front of latency, throughput and (where known) cost and energy among the ranked. */
  readonly pareto: boolean;
  /** Why it sits where it does. */
  readonly why: string;
}

export interface Ranking {
  readonly ranked: Ranked[];
  readonly excluded: { readonly hardware: string; readonly reason: string }[];
}

function dominates(a: Candidate, b: Candidate): boolean {
  const pairs: [number | null, number | null, 1 | -1][] = [
    [a.latency.value, b.latency.value, 1], [a.throughput.value, b.throughput.value, -1],
    [a.costUsdPerMillion?.value ?? null, b.costUsdPerMillion?.value ?? null, 1], [a.energyJ?.value ?? null, b.energyJ?.value ?? null, 1],
  ];
  let better = false;
  for (const [x, y, sign] of pairs) {
    if (x === null || y === null) continue;
    if (sign * (x - y) > 0) return false;
    if (x !== y) better = true;
  }
  return better;
}

/**
 * Best first: the candidates likely to meet the constraints (probability >= `minProbability`)
 * by the objective, then the rest by their probability of meeting them. A device the model does
 * not fit, or with no value of the objective, is excluded with the reason.
 */
export function rankCandidates(candidates: readonly Candidate[], objective: Objective, constraints: Constraints, minProbability = 0.8): Ranking {
  const metric = metricOf(objective);
  const sign = objective.startsWith('min:') ? 1 : -1;
  const excluded: Ranking['excluded'] = [];
  const kept: { c: Candidate; p: number; v: number }[] = [];
  for (const c of candidates) {
    if (c.memory.fits === false) {
      excluded.push({ hardware: c.hardware, reason: `does not fit: needs ${c.memory.needGb!.toFixed(1)} GB, has ${c.memory.deviceGb!.toFixed(1)} GB (${USABLE_MEMORY_SHARE * 100} % usable)` });
      continue;
    }
    const v = objectiveValue(c, metric);
    if (v === null || !Number.isFinite(v)) {
      excluded.push({ hardware: c.hardware, reason: `no ${metric} for it (${metric === 'cost_usd_per_million' ? 'no price' : metric === 'energy_j' ? 'no power figure' : 'no prediction'})` });
      continue;
    }
    kept.push({ c, p: probabilityOfMeeting(c, constraints), v });
  }
  const likely = kept.filter((k) => k.p >= minProbability).sort((a, b) => sign * (a.v - b.v) || b.p - a.p);
  const unlikely = kept.filter((k) => k.p < minProbability).sort((a, b) => b.p - a.p || sign * (a.v - b.v));
  const ordered = [...likely, ...unlikely];
  const front = new Set(ordered.filter((k) => !ordered.some((o) => o !== k && dominates(o.c, k.c))).map((k) => k.c.hardware));
  const ranked = ordered.map((k, i) => ({
    candidate: k.c, pMeets: k.p, pareto: front.has(k.c.hardware),
    why: i < likely.length
      ? `meets the constraints with probability ${(k.p * 100).toFixed(0)} % (>= ${(minProbability * 100).toFixed(0)} %); ${objective.startsWith('min:') ? 'lowest' : 'highest'} ${metric} ${k.v.toPrecision(3)} among those`
      : `meets the constraints with probability ${(k.p * 100).toFixed(0)} % only (< ${(minProbability * 100).toFixed(0)} %): ranked after every likely one`,
  }));
  return { ranked, excluded };
}

export interface CostAssumptions {
  /** Years a purchased device is written off over. */
  readonly years: number;
  readonly usdPerKwh: number;
}

export const DEFAULT_COST: CostAssumptions = { years: 3, usdPerKwh: 0.15 };

export interface HourlyCost {
  readonly usdPerHour: number;
  /** How the figure was made, shown beside it. */
  readonly basis: string;
}

/**
 * Cost of an hour on the device: a cloud price where the row has one (hw_price_usd_per_hour),
 * else on-prem: the purchase price written off over `years` plus energy at TDP (an upper bound).
 */
export function hourlyCost(row: Row, purchaseUsd: number | null, cost: CostAssumptions = DEFAULT_COST): HourlyCost | null {
  const cloud = numericValue(row.hw_price_usd_per_hour);
  if (cloud > 0) return { usdPerHour: cloud, basis: 'cloud price per hour from the data' };
  const tdp = hardwareNumbers(row).tdpW;
  if (!(purchaseUsd !== null && purchaseUsd > 0) || !(tdp > 0)) return null;
  const devices = Math.max(1, numericValue(row.num_devices) || 1);
  const usdPerHour = (purchaseUsd * devices) / (cost.years * 8760) + (tdp / 1000) * cost.usdPerKwh;
  return { usdPerHour, basis: `on-prem: purchase $${Math.round(purchaseUsd * devices)} over ${cost.years} years + energy at TDP ${Math.round(tdp)} W and $${cost.usdPerKwh}/kWh` };
}
