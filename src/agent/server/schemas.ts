/**
 * Every body, query and response of the agent's API, as JSON Schema (TypeBox). Fastify validates
 * requests against them and @fastify/swagger writes /api/openapi.json from the same objects.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { PRECISIONS } from '../../core/schema/record.ts';

const Name = Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9._:/+\\- ]+$' });
const Precision = Type.Union(PRECISIONS.map((p) => Type.Literal(p)), { description: 'numeric precision of the workload' });
const PositiveInt = (max: number, description: string) => Type.Integer({ minimum: 1, maximum: max, description });

export const ErrorBody = Type.Object({
  error: Type.String({ description: 'what went wrong, naming the field or value' }),
  statusCode: Type.Integer(),
}, { $id: 'Error' });

export const LatencyQuery = Type.Object({
  model_name: Type.String({ ...Name, description: 'a model of the catalog or of the training data' }),
  hardware_type: Type.String({ ...Name, description: 'a hardware catalog id, or hardware of the training data' }),
  batch_size: PositiveInt(1 << 16, 'items per run'),
  sequence_length: Type.Optional(PositiveInt(1 << 20, 'tokens (or the model input length); omitted for fixed-size inputs')),
  precision: Precision,
  execution_provider: Type.Optional(Type.String({ ...Name, description: 'defaults to the provider most measured on that hardware in the training data' })),
  threads: Type.Optional(PositiveInt(1024, 'defaults to the thread count most measured with that hardware and provider')),
}, { additionalProperties: false });
export type LatencyQuery = Static<typeof LatencyQuery>;

const Interval = Type.Object({
  lower_ms: Type.Number(),
  upper_ms: Type.Number(),
  level: Type.Number({ description: 'nominal coverage of the interval, e.g. 0.8' }),
});

const SimilarConfiguration = Type.Object({
  model: Type.Union([Type.String(), Type.Null()]),
  hardware: Type.Union([Type.String(), Type.Null()]),
  batch_size: Type.Union([Type.Number(), Type.Null()]),
  seq_len: Type.Union([Type.Number(), Type.Null()]),
  precision: Type.Union([Type.String(), Type.Null()]),
  execution_provider: Type.Union([Type.String(), Type.Null()]),
  threads: Type.Union([Type.Number(), Type.Null()]),
  latency_ms: Type.Number(),
  source: Type.Union([Type.String(), Type.Null()], { description: 'measured or imported: where the training row came from' }),
  origin: Type.Union([Type.String(), Type.Null()], { description: 'the file or harness the row came from' }),
  claimed_source: Type.Union([Type.String(), Type.Null()], { description: 'what the file said the row was (e.g. measured) before it was imported' }),
  claimed_origin: Type.Union([Type.String(), Type.Null()], { description: 'where the file said the row was measured' }),
  distance: Type.Number({ description: 'distance in the predictor\'s configuration space (0 = the same configuration)' }),
});

export const LatencyPrediction = Type.Object({
  source: Type.Literal('predicted'),
  predicted_latency_ms: Type.Number(),
  interval: Interval,
  confidence_score: Type.Number({ minimum: 0, maximum: 1 }),
  similar_configurations: Type.Array(SimilarConfiguration),
  workload: Type.Object({
    model: Type.String(), hardware: Type.String(), batch_size: Type.Integer(), seq_len: Type.Union([Type.Integer(), Type.Null()]),
    precision: Type.String(), execution_provider: Type.Union([Type.String(), Type.Null()]), threads: Type.Union([Type.Integer(), Type.Null()]),
  }, { description: 'the configuration that was predicted, with the defaults that were filled in' }),
  novelty: Type.String({ description: 'seen, few-shot, unseen-hardware, unseen-model or unseen-both' }),
  interval_basis: Type.String(),
  predictor: Type.Object({
    id: Type.String({ description: 'content id of the saved model: the same training rows, target and options give the same id' }),
    target: Type.String(), train_rows: Type.Integer(), data: Type.String(), fitted_at: Type.String(),
  }),
}, { $id: 'LatencyPrediction' });
export type LatencyPrediction = Static<typeof LatencyPrediction>;

export const MAX_BATCH_QUERIES = 1000;

export const BatchRequest = Type.Object({
  queries: Type.Array(LatencyQuery, { minItems: 1, maxItems: MAX_BATCH_QUERIES }),
}, { additionalProperties: false });
export type BatchRequest = Static<typeof BatchRequest>;

export const BatchResponse = Type.Object({
  predictions: Type.Array(Type.Ref('LatencyPrediction')),
});

export const RecommendQuery = Type.Object({
  model_name: Name,
  constraints: Type.Optional(Type.String({
    maxLength: 500,
    pattern: '^[a-z_]+:[0-9.eE+-]+(,[a-z_]+:[0-9.eE+-]+)*$',
    description: 'comma-separated name:value pairs: max_latency_ms, min_throughput_items_s, max_tdp_w, max_price_usd, min_memory_gb',
  })),
  available_hardware: Type.Optional(Type.String({ maxLength: 4000, pattern: '^[A-Za-z0-9._:/+\\-]+(,[A-Za-z0-9._:/+\\-]+)*$', description: 'comma-separated hardware ids; default: every catalog GPU and CPU with the specs to predict from' })),
  batch_size: Type.Optional(PositiveInt(1 << 16, 'default 1')),
  sequence_length: Type.Optional(PositiveInt(1 << 20, 'default: the model\'s typical length')),
  precision: Type.Optional(Precision),
}, { additionalProperties: false });
export type RecommendQuery = Static<typeof RecommendQuery>;

export const Recommendation = Type.Object({
  source: Type.Literal('predicted'),
  model_name: Type.String(),
  method: Type.String({ description: 'how the ranking was made' }),
  ranked_hardware: Type.Array(Type.Object({
    rank: Type.Integer(),
    hardware: Type.String(),
    name: Type.Union([Type.String(), Type.Null()]),
    expected: Type.Object({
      latency_ms: Type.Number(), latency_interval: Interval, throughput_items_s: Type.Number(),
      tdp_w: Type.Union([Type.Number(), Type.Null()]), price_usd: Type.Union([Type.Number(), Type.Null()]),
    }),
    p_meets_constraints: Type.Number({ description: 'probability that the latency and throughput limits hold, from the predicted interval' }),
    fits_memory: Type.Union([Type.Boolean(), Type.Null()], { description: 'whether the weights fit in the device memory; null when either size is unknown' }),
    confidence_score: Type.Number(),
    novelty: Type.String(),
  })),
  excluded: Type.Array(Type.Object({ hardware: Type.String(), reason: Type.String() })),
});

const Probe = Type.Object({
  available: Type.Boolean(),
  reason: Type.String({ description: 'what was found, or why it is not available' }),
});

export const Machine = Type.Object({
  hostname: Type.String(),
  cpu: Type.Object({
    model: Type.String(), cores: Type.Integer(), memory_gb: Type.Number(),
    hardware_id: Type.String({ description: 'the id written into measured records' }),
    catalog_id: Type.Union([Type.String(), Type.Null()], { description: 'the hardware catalog entry this CPU matches' }),
  }),
  gpus: Type.Array(Type.Object({
    vendor: Type.String(), name: Type.String(), pci: Type.String(), catalog_id: Type.Union([Type.String(), Type.Null()]),
  })),
  execution_providers: Type.Record(Type.String(), Probe),
  power: Type.Object({ rapl: Probe, nvidia_smi: Probe }),
  runtime: Type.Object({ node: Type.String(), onnxruntime_node: Type.String(), os: Type.String() }),
});

export const RunPlanBody = Type.Object({
  models: Type.Array(Name, { minItems: 1, maxItems: 20, description: 'zoo model ids (see the runnable list in an error message)' }),
  batches: Type.Optional(Type.Array(PositiveInt(1024, 'batch size'), { minItems: 1, maxItems: 16 })),
  seqs: Type.Optional(Type.Array(PositiveInt(8192, 'sequence length'), { minItems: 1, maxItems: 16 })),
  precisions: Type.Optional(Type.Array(Precision, { minItems: 1, maxItems: 6 })),
  threads: Type.Optional(Type.Array(PositiveInt(256, 'intra-op threads'), { minItems: 1, maxItems: 8 })),
  execution_provider: Type.Optional(Type.Literal('cpu', { description: 'cpu: the only provider this build of onnxruntime-node runs here (see /api/machine)' })),
  protocol: Type.Optional(Type.Object({
    warmup_runs: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
    min_runs: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
    min_seconds: Type.Optional(Type.Number({ minimum: 0, maximum: 600 })),
    max_runs: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
    max_seconds: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 600 })),
  }, { additionalProperties: false })),
  check_outputs: Type.Optional(Type.Boolean({ description: 'compare outputs with an unoptimized session (default true)' })),
}, { additionalProperties: false });
export type RunPlanBody = Static<typeof RunPlanBody>;

export const RunQueued = Type.Object({
  plan_id: Type.String(),
  configurations: Type.Integer(),
  queued_behind: Type.Integer({ description: 'plans ahead of this one in the queue' }),
  stream: Type.String({ description: 'where progress and finished records arrive (server-sent events)' }),
});

export const StreamQuery = Type.Object({
  after: Type.Optional(Type.Integer({ minimum: 0, description: 'deliver stored events after this sequence number (the Last-Event-ID header does the same)' })),
}, { additionalProperties: false });

export const SCHEMAS: readonly TSchema[] = [ErrorBody, LatencyPrediction];

const ValidationFigures = Type.Object({
  runs: Type.Integer({ description: 'runs with a prediction to compare with' }),
  medianAbsErrorPct: Type.Union([Type.Number(), Type.Null()]),
  meanAbsErrorPct: Type.Union([Type.Number(), Type.Null()]),
  coverage: Type.Union([Type.Number(), Type.Null()], { description: 'share of measurements inside the predicted interval' }),
});

export const RefinementEvent = Type.Object({
  strategy: Type.Literal('refit', { description: 'refit: the measured runs join the training rows and the model is fitted again' }),
  run_ids: Type.Array(Type.String()),
  model_before: Type.String(),
  model_after: Type.String(),
  folds: Type.Integer({ description: 'the after figures come from this many refits, each without the runs of the configurations it predicts' }),
  before: ValidationFigures,
  after: ValidationFigures,
}, { $id: 'RefinementEvent' });

export const PredictorStatus = Type.Object({
  model_id: Type.String(),
  target: Type.String(),
  train_rows: Type.Integer(),
  data: Type.String(),
  fitted_at: Type.String(),
  learned_runs: Type.Integer({ description: "the agent's measured runs the model has learned from" }),
  unlearned_runs: Type.Integer({ description: 'measured runs not learned from yet' }),
  advice: Type.Object({
    due: Type.Boolean(),
    why: Type.String(),
    strategy: Type.Union([Type.String(), Type.Null()], { description: "'refit' when a refinement is due, else null" }),
  }),
  last_refinement: Type.Union([Type.Ref('RefinementEvent'), Type.Null()]),
});
