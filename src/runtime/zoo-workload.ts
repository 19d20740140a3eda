/** Workloads from the model zoo: catalog spec -> ONNX graph with seeded random weights -> feeds. */
import { getModelSpec, MODEL_SPECS } from '../core/catalog/models/index.ts';
import type { BuildPrecision } from '../core/catalog/models/types.ts';
import type { Precision } from '../core/schema/record.ts';
import { buildOnnxModel, makeFeeds } from './onnx/index.ts';
import type { HostFeeds } from './tensors.ts';
import type { Workload } from './workload.ts';

const MIB = 1024 * 1024;

export interface ZooModelInfo {
  readonly id: string;
  readonly name: string;
  readonly family: string;
  readonly modality: string;
  readonly paramsM: number;
  readonly defaultSeq: number;
  readonly seqVaries: boolean;
  readonly seqMeaning: string;
  readonly precisions: readonly string[];
  readonly testVariant: boolean;
}

/** Models the builder can emit, smallest first. */
export function runnableModels(): ZooModelInfo[] {
  return MODEL_SPECS.filter((s) => s.buildPrecisions.length > 0)
    .map((s) => ({
      id: s.id, name: s.name, family: s.family, modality: s.modality, paramsM: s.params() / 1e6, defaultSeq: s.defaultSeq,
      seqVaries: s.seqVaries, seqMeaning: s.seqMeaning, precisions: s.buildPrecisions, testVariant: s.testVariant,
    }))
    .sort((a, b) => a.paramsM - b.paramsM);
}

export function zooWorkload(id: string, precision: Precision, seed = 1): Workload {
  const spec = getModelSpec(id);
  if (!spec) throw new Error(`unknown model '${id}'; runnable models: ${runnableModels().map((m) => m.id).join(', ')}`);
  if (!(spec.buildPrecisions as readonly string[]).includes(precision)) {
    throw new Error(`${id} cannot be built at ${precision}; it builds at ${spec.buildPrecisions.join(', ') || 'no precision (prediction only)'}`);
  }
  const built = buildOnnxModel(spec, { precision: precision as BuildPrecision, seed });
  const seqFor = (seq: number) => (spec.seqVaries ? seq : spec.defaultSeq);
  return {
    name: spec.id,
    precision,
    bytes: built.bytes,
    seqVaries: spec.seqVaries,
    facts: (batch, seq) => ({
      name: spec.id,
      family: spec.family,
      modality: spec.modality,
      task: spec.task,
      paramsM: Math.round(spec.params() / 1e3) / 1e3,
      gflopsPerItem: Math.round(spec.flops(batch, seqFor(seq)) / 1e6) / 1e3,
      weightsMb: Math.round((built.weightBytes / MIB) * 1000) / 1000,
    }),
    feeds: (batch, seq): HostFeeds => {
      const feeds = makeFeeds(built.inputs, { batch, seq: seqFor(seq), seed });
      return Object.fromEntries(Object.entries(feeds).map(([name, f]) => [name, { type: f.type, dims: f.dims, data: f.data }]));
    },
  };
}
