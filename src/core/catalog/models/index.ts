export { MODEL_SPECS, defineSpec } from './specs.ts';
export type * from './types.ts';
export { BUILD_PRECISIONS } from './types.ts';
export { paramSplit, workPerItem, weightBytes, resnetPlan, mobilenetV2Plan, planConvs } from './counting.ts';
export type { CnnPlan, ConvLayer, ResidualBlock, ParamSplit, WorkCount } from './counting.ts';
import { MODEL_SPECS } from './specs.ts';
import type { ModelSpec } from './types.ts';

export function getModelSpec(id: string): ModelSpec {
  const spec = MODEL_SPECS.find((s) => s.id === id);
  if (!spec) throw new Error(`unknown model '${id}'; known: ${MODEL_SPECS.map((s) => s.id).join(', ')}`);
  return spec;
}
