/**
 * Recommending hardware for workloads, the same way for `perfcast recommend`, the agent and the
 * page: one model fitted on the training rows (latency, with throughput derived from it where
 * the data obey that law), every workload x candidate predicted, then ranked by the core
 * recommender (probabilities from the intervals, memory fit, cost, energy).
 */
import { getHardware, HARDWARE } from '../core/catalog/hardware.ts';
import { categoryValue, numericValue, type Row } from '../core/features/columns.ts';
import { hardwareNumbers } from '../core/features/roofline.ts';
import { reciprocal, scaledBy } from '../core/predict/interval.ts';
import { withHardwareFacts } from '../core/predict/query-grid.ts';
import type { Prediction } from '../core/predict/predictor.ts';
import {
  DEFAULT_COST, hourlyCost, memoryFit, metricOf, rankCandidates,
  type Candidate, type Constraints, type CostAssumptions, type Interval, type Objective, type Ranking,
} from '../core/recommend/recommend.ts';
import { itemsOf, type TrainOptions } from './model.ts';
import { trainAndPredict } from './predict.ts';
import { selectTrainingRows } from './training-rows.ts';

export interface RecommendOptions extends Omit<TrainOptions, 'target' | 'queryColumns'> {
  readonly objective: Objective;
  readonly constraints: Constraints;
  /** Candidate hardware ids; default every hardware of the training rows and the catalog. */
  readonly hardware?: readonly string[];
  readonly minProbability?: number;
  readonly cost?: CostAssumptions;
  /** Adjusts a workload x hardware query row (an evaluation sets each device's own batch size). */
  readonly rowFor?: (row: Row, hardware: string) => Row;
}

export interface WorkloadRecommendation {
  readonly workload: Row;
  readonly ranking: Ranking;
  /** Which metric was learned and which derived, for saying so beside the figures. */
  readonly basis: string;
}

const METRIC_COLUMNS = /^(latency|throughput|memory|power|energy|tokens|ttft|itl|tpot|time_|step_time|runs$|first_run|load_ms)/;

/** A workload row as a query: no hardware, no hw_* specs, no metrics. */
export function workloadOf(row: Row): Row {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (k === 'hardware' || k.startsWith('hw_') || METRIC_COLUMNS.test(k) || k === 'source' || k === 'origin' || k === 'run_id') continue;
    out[k] = v;
  }
  return out;
}

/** Catalog hardware the physics can predict (peak and bandwidth known; not a simulator). */
export function catalogCandidates(): string[] {
  return HARDWARE.filter((h) => !h.simulated && h.memBandwidthGBs !== undefined && (h.peak.fp32 ?? h.peak.fp16) !== undefined && (h.kind === 'gpu' || h.kind === 'cpu')).map((h) => h.id);
}

function hasTarget(rows: readonly Row[], target: string): boolean {
  return rows.some((r) => numericValue(r[target]) > 0);
}

const interval = (p: Prediction, level: number): Interval => ({ value: p.value, lo: p.lo, hi: p.hi, level });

export function recommendWorkloads(train: readonly Row[], workloads: readonly Row[], options: RecommendOptions): WorkloadRecommendation[] {
  const level = options.level ?? 0.8;
  const latencyLearned = hasTarget(train, 'latency_ms');
  const throughputKnown = hasTarget(train, 'throughput_items_s');
  const rows = selectTrainingRows(train, latencyLearned ? 'latency_ms' : 'throughput_items_s', { includeSimulated: options.includeSimulated }).rows;
  const specsOf = new Map<string, Row>();
  for (const r of rows) {
    const h = categoryValue(r.hardware);
    if (h && !specsOf.has(h)) specsOf.set(h, Object.fromEntries(Object.entries(r).filter(([k]) => k.startsWith('hw_') || k === 'num_devices')));
  }
  const hardware = options.hardware ?? [...new Set([...specsOf.keys(), ...catalogCandidates()])];
  const grid: Row[] = [];
  const plain = workloads.map(workloadOf);
  for (const w of plain) {
    for (const h of hardware) {
      const row = withHardwareFacts({ ...w, hardware: h, ...(specsOf.get(h) ?? {}) });
      grid.push(options.rowFor ? options.rowFor(row, h) : row);
    }
  }
  const targets = latencyLearned ? (throughputKnown ? ['latency_ms', 'throughput_items_s'] : ['latency_ms']) : ['throughput_items_s'];
  const { objective: _o, constraints: _c, hardware: _h, minProbability: _p, cost: _cost, rowFor: _r, ...trainOptions } = options;
  const { predictions } = trainAndPredict(train, grid, targets, { ...trainOptions, level });
  const latency = predictions.get('latency_ms');
  const throughput = predictions.get('throughput_items_s');
  const fromLatency = throughput ? throughput.derivedFrom === 'latency_ms' : latencyLearned;
  const basis = latencyLearned
    ? `latency_ms learned from ${rows.length} rows; throughput ${fromLatency ? 'derived as batch x 1000 / latency' : 'learned separately'}`
    : `throughput_items_s learned from ${rows.length} rows; latency derived as batch x 1000 / throughput`;
  const cost = options.cost ?? DEFAULT_COST;
  return plain.map((workload, w) => {
    const candidates: Candidate[] = hardware.map((h, j) => {
      const i = w * hardware.length + j;
      const row = grid[i];
      const batch = itemsOf(row);
      const lat = latency ? interval(latency.predictions[i], level) : reciprocal(interval(throughput!.predictions[i], level), batch * 1000);
      const thr = throughput ? interval(throughput.predictions[i], level) : reciprocal(lat, batch * 1000);
      const purchase = numericValue(row.hw_price_usd) > 0 ? numericValue(row.hw_price_usd) : getHardware(h)?.priceUsd ?? null;
      const hourly = hourlyCost(row, purchase, cost);
      const tdp = hardwareNumbers(row).tdpW;
      const p = (latency ?? throughput)!.predictions[i];
      return {
        hardware: h, latency: lat, throughput: thr, throughputFromLatency: fromLatency, batch,
        costUsdPerMillion: hourly ? reciprocal(thr, (hourly.usdPerHour / 3600) * 1e6) : null,
        energyJ: tdp > 0 ? scaledBy(lat, tdp / 1000 / batch) : null,
        memory: memoryFit(row), confidence: p.confidence,
      };
    });
    return { workload, ranking: rankCandidates(candidates, options.objective, options.constraints, options.minProbability), basis };
  });
}

/** The `perfcast recommend --json` shape: one object per workload, best first. */
export function recommendationJson(recs: readonly WorkloadRecommendation[], objective: Objective): unknown[] {
  const metric = metricOf(objective);
  const pick = (c: Candidate): Interval | null => (metric === 'latency_ms' ? c.latency : metric === 'throughput_items_s' ? c.throughput : metric === 'cost_usd_per_million' ? c.costUsdPerMillion : c.energyJ);
  return recs.map((r) => ({
    workload: r.workload,
    ranking: r.ranking.ranked.map((k) => {
      const v = pick(k.candidate)!;
      return {
        hardware: k.candidate.hardware,
        [`pred_${metric}`]: v.value, [`pred_${metric}_lo`]: v.lo, [`pred_${metric}_hi`]: v.hi,
        p_meets_constraints: k.pMeets, fits_memory: k.candidate.memory.fits, confidence: k.candidate.confidence,
        pred_latency_ms: k.candidate.latency.value, pred_throughput_items_s: k.candidate.throughput.value,
        memory_need_gb: k.candidate.memory.needGb, memory_gb: k.candidate.memory.deviceGb, pareto: k.pareto, why: k.why,
      };
    }),
    excluded: r.ranking.excluded,
    source: 'predicted',
    basis: r.basis,
  }));
}
