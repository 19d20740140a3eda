/**
 * The agent's predictions: the service layer's saved predictor (services/model-cache), fitted
 * once on the agent's training rows and kept in memory, the same model the page and
 * `perfcast predict` fit from the same rows. This module only turns REST queries into query rows
 * and predictions into the API's shape.
 */
import type { Row } from '../../core/features/columns.ts';
import { getHardware } from '../../core/catalog/hardware.ts';
import { MODEL_SPECS } from '../../core/catalog/models/index.ts';
import { withModelFacts } from '../../core/predict/query-grid.ts';
import { memoryModelStore, modelFor, type CachedModel, type ModelStore } from '../../services/model-cache.ts';
import { predictWithModel, type SavedModel } from '../../services/model.ts';
import { runSettingsIndex } from '../../services/run-settings.ts';
import type { LatencyPrediction, LatencyQuery } from './schemas.ts';
import type { TrainingData } from './training-data.ts';

/** A request the predictor cannot answer as asked (unknown model or hardware): HTTP 400. */
export class PredictionInputError extends Error {}

const LEVEL = 0.8;
const TARGET = 'latency_ms';
/** Every query row carries these columns, so one fitted model serves every request. */
const QUERY_COLUMNS = [
  'model', 'hardware', 'batch_size', 'seq_len', 'precision', 'execution_provider', 'threads', 'mode',
  'params_m', 'gflops_per_item', 'model_family',
];

const text = (v: unknown): string | null => (typeof v === 'string' ? v : v === null || v === undefined ? null : String(v));
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'bigint' ? Number(v) : null);

export class Predictions {
  private model: Promise<CachedModel> | null = null;
  private readonly models: Set<string>;
  private readonly hardware: Set<string>;
  /** The agent's own measured runs the model has learned from (through a refinement). */
  private learned: Row[] = [];
  private runSettings: ReturnType<typeof runSettingsIndex>;

  /**
   * `hostHardware` is the id this agent writes into its own records: predictable even when the
   * data never saw it (as unseen hardware, with the wide intervals that go with it).
   */
  constructor(private readonly data: TrainingData, hostHardware?: string, private readonly store: ModelStore = memoryModelStore()) {
    this.models = new Set(data.rows.map((r) => text(r.model)).filter((m): m is string => m !== null));
    this.hardware = new Set([...data.rows.map((r) => text(r.hardware)).filter((h): h is string => h !== null), ...(hostHardware ? [hostHardware] : [])]);
    this.runSettings = runSettingsIndex(data.rows);
  }

  get dataLabel(): string {
    return this.data.label;
  }

  /** The options every fit of the agent's latency model uses (a refinement's too). */
  get trainOptions(): { target: string; level: number; queryColumns: string[] } {
    return { target: TARGET, level: LEVEL, queryColumns: [...QUERY_COLUMNS] };
  }

  /** The rows the current model learns from: the data file's and the measured runs it adopted. */
  get trainingRows(): readonly Row[] {
    return this.learned.length ? [...this.data.rows, ...this.learned] : this.data.rows;
  }

  get learnedRunIds(): ReadonlySet<string> {
    return new Set(this.learned.map((r) => String(r.run_id)));
  }

  /** The summary of the model in use (fitting it if it is not yet). */
  async current(): Promise<CachedModel> {
    return this.latencyModel();
  }

  /**
   * Learns from these measured runs from now on. A model already fitted on exactly these rows
   * (a refinement fits it off the server's thread) is put in the store first, so it is not refitted.
   */
  async adopt(measured: readonly Row[], fitted?: { key: string; saved: SavedModel }): Promise<void> {
    const known = this.learnedRunIds;
    this.learned = [...this.learned, ...measured.filter((r) => !known.has(String(r.run_id)))];
    for (const r of measured) {
      if (typeof r.model === 'string') this.models.add(r.model);
      if (typeof r.hardware === 'string') this.hardware.add(r.hardware);
    }
    this.runSettings = runSettingsIndex(this.trainingRows);
    if (fitted) await this.store.put(fitted.key, fitted.saved);
    this.model = null;
  }

  /** Fits now (seconds on the shipped data) so the first request does not wait for it. */
  async warm(): Promise<void> {
    await this.latencyModel();
  }

  knowsModel(model: string): boolean {
    return this.models.has(model) || MODEL_SPECS.some((m) => m.id === model);
  }

  private latencyModel(): Promise<CachedModel> {
    if (!this.model) {
      this.model = modelFor(this.store, this.trainingRows, this.trainOptions);
      this.model.catch(() => { this.model = null; });
    }
    return this.model;
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
    // What the request leaves out is what this hardware was most often measured with (the page's grid does the same).
    const settings = this.runSettings(q.hardware_type, { execution_provider: q.execution_provider, threads: q.threads, mode: 'inference' });
    const provider = text(settings.execution_provider);
    const threads = num(settings.threads);
    const workload = {
      model: q.model_name, hardware: q.hardware_type, batch_size: q.batch_size, seq_len: seq,
      precision: q.precision, execution_provider: provider, threads,
    };
    const facts = withModelFacts({ model: q.model_name, seq_len: seq });
    const row: Row = { ...workload, mode: 'inference', params_m: facts.params_m ?? null, gflops_per_item: facts.gflops_per_item ?? null, model_family: facts.model_family ?? null };
    return { row, workload };
  }

  async latency(queries: readonly LatencyQuery[]): Promise<LatencyPrediction[]> {
    const asked = queries.map((q) => this.queryRow(q));
    const model = await this.latencyModel();
    const { modelId, predictions } = predictWithModel(model, asked.map((a) => a.row), 'the request');
    return predictions.map((p, i) => ({
      source: 'predicted' as const,
      predicted_latency_ms: p.value,
      interval: { lower_ms: p.lo, upper_ms: p.hi, level: LEVEL },
      confidence_score: p.confidence,
      similar_configurations: model.predictor.neighbours(asked[i].row, 3).map(({ row, distance }) => ({
        model: text(row.model), hardware: text(row.hardware), batch_size: num(row.batch_size), seq_len: num(row.seq_len),
        precision: text(row.precision), execution_provider: text(row.execution_provider), threads: num(row.threads),
        latency_ms: num(row.latency_ms) ?? Number.NaN, source: text(row.source) ?? 'imported', origin: text(row.origin),
        claimed_source: text(row.claimed_source), claimed_origin: text(row.claimed_origin), distance,
      })),
      workload: asked[i].workload,
      novelty: p.novelty,
      interval_basis: p.intervalBasis,
      predictor: { id: modelId, target: TARGET, train_rows: model.saved.trainRows, data: this.data.label, fitted_at: model.saved.createdAt },
    }));
  }
}
