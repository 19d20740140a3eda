/**
 * GET /api/recommend/hardware: the agent's predictions of each candidate, ranked by the core
 * recommender (probability of meeting the latency and throughput limits from the interval,
 * memory fit); spec limits (TDP, price, memory size) filter first.
 */
import { getHardware } from '../../core/catalog/hardware.ts';
import { MODEL_SPECS } from '../../core/catalog/models/index.ts';
import { reciprocal } from '../../core/predict/interval.ts';
import { memoryFit, rankCandidates, type Candidate } from '../../core/recommend/recommend.ts';
import { catalogCandidates } from '../../services/recommend.ts';
import { PredictionInputError, type Predictions } from './predictions.ts';
import type { LatencyPrediction, LatencyQuery, RecommendQuery } from './schemas.ts';

/** How likely the limits must be met for a device to be recommended. */
const MIN_PROBABILITY = 0.8;

const CONSTRAINTS = ['max_latency_ms', 'min_throughput_items_s', 'max_tdp_w', 'max_price_usd', 'min_memory_gb'] as const;
type ConstraintName = (typeof CONSTRAINTS)[number];

export function parseConstraints(text: string | undefined): Partial<Record<ConstraintName, number>> {
  const out: Partial<Record<ConstraintName, number>> = {};
  if (!text) return out;
  for (const part of text.split(',')) {
    const [name, value] = part.split(':');
    if (!(CONSTRAINTS as readonly string[]).includes(name)) throw new PredictionInputError(`constraints: unknown constraint '${name}'; known: ${CONSTRAINTS.join(', ')}`);
    const v = Number(value);
    if (!Number.isFinite(v) || v < 0) throw new PredictionInputError(`constraints: ${name} wants a non-negative number, got '${value}'`);
    out[name as ConstraintName] = v;
  }
  return out;
}


export async function recommendHardware(predictions: Predictions, q: RecommendQuery) {
  const constraints = parseConstraints(q.constraints);
  const candidates = q.available_hardware ? [...new Set(q.available_hardware.split(','))] : catalogCandidates();
  const batch = q.batch_size ?? 1;
  const queries: LatencyQuery[] = candidates.map((hardware) => ({
    model_name: q.model_name, hardware_type: hardware, batch_size: batch, precision: q.precision ?? 'fp32',
    ...(q.sequence_length ? { sequence_length: q.sequence_length } : {}),
  }));
  const excluded: { hardware: string; reason: string }[] = [];
  const answerable: LatencyQuery[] = [];
  for (const query of queries) {
    try {
      predictions.queryRow(query);
      answerable.push(query);
    } catch (error) {
      if (!(error instanceof PredictionInputError)) throw error;
      if (!predictions.knowsModel(q.model_name)) throw error;
      excluded.push({ hardware: query.hardware_type, reason: error.message });
    }
  }
  const predicted = answerable.length ? await predictions.latency(answerable) : [];
  const byId = new Map<string, { p: LatencyPrediction; spec: ReturnType<typeof getHardware> }>();
  const ranks: Candidate[] = [];
  for (let i = 0; i < answerable.length; i++) {
    const p = predicted[i];
    const id = answerable[i].hardware_type;
    const spec = getHardware(id);
    const tdp = spec?.tdpW ?? null;
    const price = spec?.priceUsd ?? null;
    const violated: string[] = [];
    if (constraints.max_tdp_w !== undefined && (tdp === null || tdp > constraints.max_tdp_w)) violated.push(tdp === null ? 'TDP unknown' : `TDP ${tdp} W > max_tdp_w ${constraints.max_tdp_w}`);
    if (constraints.max_price_usd !== undefined && (price === null || price > constraints.max_price_usd)) violated.push(price === null ? 'price unknown' : `price ${price} USD > max_price_usd ${constraints.max_price_usd}`);
    if (constraints.min_memory_gb !== undefined && (spec?.memoryGB === undefined || spec.memoryGB < constraints.min_memory_gb)) violated.push(spec?.memoryGB === undefined ? 'device memory unknown' : `memory ${spec.memoryGB} GB < min_memory_gb ${constraints.min_memory_gb}`);
    if (violated.length) { excluded.push({ hardware: id, reason: violated.join('; ') }); continue; }
    const latency = { value: p.predicted_latency_ms, lo: p.interval.lower_ms, hi: p.interval.upper_ms, level: p.interval.level };
    const modelFacts = MODEL_SPECS.find((m) => m.id === q.model_name);
    ranks.push({
      hardware: id, batch, latency, throughputFromLatency: true,
      throughput: reciprocal(latency, batch * 1000),
      costUsdPerMillion: null, energyJ: null, confidence: p.confidence_score,
      memory: memoryFit({ hardware: id, precision: q.precision ?? 'fp32', batch_size: batch, params_m: modelFacts ? modelFacts.params() / 1e6 : null }),
    });
    byId.set(id, { p, spec });
  }
  const ranking = rankCandidates(ranks, 'min:latency_ms', { maxLatencyMs: constraints.max_latency_ms, minThroughput: constraints.min_throughput_items_s }, MIN_PROBABILITY);
  excluded.push(...ranking.excluded);
  const limits = [
    constraints.max_latency_ms !== undefined ? `max_latency_ms ${constraints.max_latency_ms}` : null,
    constraints.min_throughput_items_s !== undefined ? `min_throughput_items_s ${constraints.min_throughput_items_s}` : null,
  ].filter(Boolean).join(' and ');
  const ranked = [];
  for (const r of ranking.ranked) {
    const { p, spec } = byId.get(r.candidate.hardware)!;
    if (r.pMeets < MIN_PROBABILITY) {
      excluded.push({ hardware: r.candidate.hardware, reason: `meets ${limits} with probability ${(r.pMeets * 100).toFixed(0)} % only (predicted ${p.predicted_latency_ms.toFixed(3)} ms, 80 % interval ${p.interval.lower_ms.toFixed(3)}-${p.interval.upper_ms.toFixed(3)})` });
      continue;
    }
    ranked.push({
      rank: 0, hardware: r.candidate.hardware, name: spec?.name ?? null,
      expected: { latency_ms: p.predicted_latency_ms, latency_interval: p.interval, throughput_items_s: r.candidate.throughput.value, tdp_w: spec?.tdpW ?? null, price_usd: spec?.priceUsd ?? null },
      p_meets_constraints: r.pMeets, fits_memory: r.candidate.memory.fits,
      confidence_score: p.confidence_score, novelty: p.novelty,
    });
  }
  ranked.sort((a, b) => a.expected.latency_ms - b.expected.latency_ms);
  ranked.forEach((r, i) => { r.rank = i + 1; });
  return {
    source: 'predicted' as const,
    model_name: q.model_name,
    method: `ranked by predicted median latency (batch ${batch}, ${q.precision ?? 'fp32'}) from ${predictions.dataLabel}, among hardware that meets the limits with probability >= ${MIN_PROBABILITY * 100} % (from the predicted interval) and fits the model in memory; the rest is listed under excluded with the reason`,
    ranked_hardware: ranked,
    excluded,
  };
}
