import type { Preset } from './preset.ts';

export type { Preset } from './preset.ts';

export const PRESETS: readonly Preset[] = [
];

export function findPreset(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}
