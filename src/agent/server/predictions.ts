/**
 * Every prediction the agent makes goes through here. For now it fits the core predictor once
 * per target on the agent's training data and keeps the fitted model in memory; the service
 * layer's saved predictor replaces the body of this module, not its callers.
 */
import type { Row } from '../../core/features/columns.ts';
import { getHardware } from '../../core/catalog/hardware.ts';
import { MODEL_SPECS } from '../../core/catalog/models/index.ts';
import { fitPredictor, type FittedPredictor } from '../../core/predict/predictor.ts';
import { withCatalogFacts } from '../../core/predict/query-grid.ts';
import type { LatencyPrediction, LatencyQuery } from './schemas.ts';
import type { TrainingData } from './training-data.ts';

/** A request the predictor cannot answer as asked (unknown model or hardware): HTTP 400. */
export class PredictionInputError extends Error {}

const LEVEL = 0.8;
const TARGET = 'latency_ms';
/** The columns every query row has, so one fit serves every request. */
const QUERY_COLUMNS = [
  'model', 'hardware', 'batch_size', 'seq_len', 'precision', 'execution_provider', 'threads',
  'params_m', 'gflops_per_item', 'model_family',
  'hw_peak_tflops_fp32', 'hw_peak_tflops_fp16', 'hw_peak_tops_int8', 'hw_mem_bw_gbs', 'hw_mem_gb',
];

interface Fitted {
  readonly predictor: FittedPredictor;
  readonly id: string;
  readonly fittedAt: string;
}

function mostCommon(values: readonly unknown[]): unknown {
  const counts = new Map<unknown, number>();
  for (const v of values) if (v !== null && v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: unknown = null;
  let n = 0;
  for (const [v, c] of counts) if (c > n) { best = v; n = c; }
  return best;
}

const text = (v: unknown): string | null => (typeof v === 'string' ? v : v === null || v === undefined ? null : String(v));
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'bigint' ? Number(v) : null);

export class Predictions {
  private fitted: Fitted | null = null;
  private readonly train: readonly Row[];
  private readonly models: ReadonlySet<string>;
  private readonly hardware: ReadonlySet<string>;

  /**
   * `hostHardware` is the id this agent writes into its own records: predictable even when the
   * data never saw it (as unseen hardware, with the wide intervals that go with it).
   */
  constructor(private readonly data: TrainingData, hostHardware?: string) {
    this.train = data.rows.map((r) => withCatalogFacts(r));
    this.models = new Set(data.rows.map((r) => text(r.model)).filter((m): m is string => m !== null));
    this.hardware = new Set([...data.rows.map((r) => text(r.hardware)).filter((h): h is string => h !== null), ...(hostHardware ? [hostHardware] : [])]);
  }

  get dataLabel(): string {
    return this.data.label;
  }

  /** Fits now (about a second on the shipped data) so the first request does not wait for it. */
  warm(): void {
    this.latencyPredictor();
  }

  knowsModel(model: string): boolean {
    return this.models.has(model) || MODEL_SPECS.some((m) => m.id === model);
  }

  private latencyPredictor(): Fitted {
    if (!this.fitted) {
      const predictor = fitPredictor(this.train, { target: TARGET, level: LEVEL, queryColumns: QUERY_COLUMNS });
      const fittedAt = new Date().toISOString();
      this.fitted = { predictor, fittedAt, id: `${TARGET}@${this.data.label}@${fittedAt}` };
    }
    return this.fitted;
  }

  /** The query row for a request, with defaults filled from what was measured on that hardware. */
  queryRow(q: LatencyQuery): { row: Row; workload: LatencyPrediction['workload'] } {
    if (!this.knowsModel(q.model_name)) {
      throw new PredictionInputError(`unknown model_name '${q.model_name}': not in the model catalog nor in the training data (${[...this.models].sort().join(', ')})`);
    }
    if (!this.hardware.has(q.hardware_type) && !getHardware(q.hardware_type)) {
      throw new PredictionInputError(`unknown hardware_type '${q.hardware_type}': not a hardware catalog id nor hardware of the training data (${[...this.hardware].sort().join(', ')})`);
    }
    const spec = MODEL_SPECS.find((m) => m.id === q.model_name);
    const seq = spec && !spec.seqVaries ? null : q.sequence_length ?? spec?.defaultSeq ?? null;
    const onHardware = this.train.filter((r) => r.hardware === q.hardware_type);
    const provider = q.execution_provider ?? text(mostCommon(onHardware.map((r) => r.execution_provider)));
    const threads = q.threads ?? num(mostCommon(onHardware.filter((r) => r.execution_provider === provider).map((r) => r.threads)));
    const workload = {
      model: q.model_name, hardware: q.hardware_type, batch_size: q.batch_size, seq_len: seq,
      precision: q.precision, execution_provider: provider, threads,
    };
    return { row: withCatalogFacts({ ...workload, mode: 'inference' }), workload };
  }

  latency(queries: readonly LatencyQuery[]): LatencyPrediction[] {
    const asked = queries.map((q) => this.queryRow(q));
    const { predictor, id, fittedAt } = this.latencyPredictor();
    const predictions = predictor.predict(asked.map((a) => a.row));
    return predictions.map((p, i) => ({
      source: 'predicted' as const,
      predicted_latency_ms: p.value,
      interval: { lower_ms: p.lo, upper_ms: p.hi, level: LEVEL },
      confidence_score: p.confidence,
      similar_configurations: predictor.neighbours(asked[i].row, 3).map(({ row, distance }) => ({
        model: text(row.model), hardware: text(row.hardware), batch_size: num(row.batch_size), seq_len: num(row.seq_len),
        precision: text(row.precision), execution_provider: text(row.execution_provider), threads: num(row.threads),
        latency_ms: num(row.latency_ms) ?? Number.NaN, source: text(row.source) ?? 'imported', origin: text(row.origin), distance,
      })),
      workload: asked[i].workload,
      novelty: p.novelty,
      interval_basis: p.intervalBasis,
      predictor: { id, target: TARGET, train_rows: predictor.trainRows, data: this.data.label, fitted_at: fittedAt },
    }));
  }
}
