import type { Workload } from '../workload.ts';
import { buildTinyModel } from './tiny-model.ts';

/** The tiny model as a Workload; inputs are a deterministic ramp so runs are reproducible. */
export function tinyWorkload(): Workload {
  return {
    name: 'tiny-mlp',
    precision: 'fp32',
    bytes: buildTinyModel(),
    seqVaries: false,
    facts: () => ({ name: 'tiny-mlp', family: 'mlp', modality: 'tabular', task: 'test', paramsM: 15e-6, gflopsPerItem: 24e-9, weightsMb: 60 / 1024 / 1024 }),
    feeds: (batch) => ({ x: { type: 'float32', dims: [batch, 4], data: Float32Array.from({ length: batch * 4 }, (_, i) => (i % 7) - 3) } }),
  };
}
