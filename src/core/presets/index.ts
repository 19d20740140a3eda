import type { Preset } from './preset.ts';
import { helpPreset } from './help.ts';
import { lambdaPreset } from './lambda.ts';
import { mlEnergyPreset } from './ml-energy.ts';
import { mlperfTinyPreset } from './mlperf-tiny.ts';
import { vidurPreset } from './vidur.ts';

export type { Preset } from './preset.ts';

/** 'epoch-hardware' is deliberately absent: it holds hardware specs, not benchmark records (see src/core/catalog). */
export const PRESETS: readonly Preset[] = [
  helpPreset,
  mlperfTinyPreset,
  mlEnergyPreset,
  lambdaPreset,
  vidurPreset,
];

export function findPreset(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}
