/**
 * Hardware recommendation behind one function: ranks candidate hardware by predicted latency
 * and filters by the constraints. A stand-in until the recommender lands in the service layer;
 * callers see only `recommendHardware`.
 */
import { HARDWARE, getHardware } from '../../core/catalog/hardware.ts';
import { PredictionInputError, type Predictions } from './predictions.ts';
import type { LatencyQuery, RecommendQuery } from './schemas.ts';

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

/** Catalog entries the predictor can place: real GPUs and CPUs with compute and bandwidth figures. */
function defaultCandidates(): string[] {
  return HARDWARE.filter((h) => (h.kind === 'gpu' || h.kind === 'cpu') && !h.simulated && h.memBandwidthGBs !== undefined && (h.peak.fp32 ?? h.peak.fp16) !== undefined).map((h) => h.id);
}

export async function recommendHardware(predictions: Predictions, q: RecommendQuery) {
  const constraints = parseConstraints(q.constraints);
  const candidates = q.available_hardware ? [...new Set(q.available_hardware.split(','))] : defaultCandidates();
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
  const ranked = [];
  for (let i = 0; i < answerable.length; i++) {
    const p = predicted[i];
    const id = answerable[i].hardware_type;
    const spec = getHardware(id);
    const throughput = (batch * 1000) / p.predicted_latency_ms;
    const tdp = spec?.tdpW ?? null;
    const price = spec?.priceUsd ?? null;
    const violated: string[] = [];
    if (constraints.max_latency_ms !== undefined && p.predicted_latency_ms > constraints.max_latency_ms) violated.push(`predicted latency ${p.predicted_latency_ms.toFixed(3)} ms > max_latency_ms ${constraints.max_latency_ms}`);
    if (constraints.min_throughput_items_s !== undefined && throughput < constraints.min_throughput_items_s) violated.push(`predicted throughput ${throughput.toFixed(1)} items/s < min_throughput_items_s ${constraints.min_throughput_items_s}`);
    if (constraints.max_tdp_w !== undefined && (tdp === null || tdp > constraints.max_tdp_w)) violated.push(tdp === null ? 'TDP unknown' : `TDP ${tdp} W > max_tdp_w ${constraints.max_tdp_w}`);
    if (constraints.max_price_usd !== undefined && (price === null || price > constraints.max_price_usd)) violated.push(price === null ? 'price unknown' : `price ${price} USD > max_price_usd ${constraints.max_price_usd}`);
    if (constraints.min_memory_gb !== undefined && (spec?.memoryGB === undefined || spec.memoryGB < constraints.min_memory_gb)) violated.push(spec?.memoryGB === undefined ? 'device memory unknown' : `memory ${spec.memoryGB} GB < min_memory_gb ${constraints.min_memory_gb}`);
    if (violated.length) { excluded.push({ hardware: id, reason: violated.join('; ') }); continue; }
    ranked.push({
      rank: 0, hardware: id, name: spec?.name ?? null,
      expected: { latency_ms: p.predicted_latency_ms, latency_interval: p.interval, throughput_items_s: throughput, tdp_w: tdp, price_usd: price },
      confidence_score: p.confidence_score, novelty: p.novelty,
    });
  }
  ranked.sort((a, b) => a.expected.latency_ms - b.expected.latency_ms);
  ranked.forEach((r, i) => { r.rank = i + 1; });
  return {
    source: 'predicted' as const,
    model_name: q.model_name,
    method: `ranked by predicted median latency (batch ${batch}, ${q.precision ?? 'fp32'}) from ${predictions.dataLabel}; hardware that breaks a constraint is listed under excluded`,
    ranked_hardware: ranked,
    excluded,
  };
}
