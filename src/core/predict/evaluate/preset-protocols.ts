/**
 * Published protocols of public data sets, applied when `perfcast eval --preset NAME` runs the
 * hardware protocols without explicit --unit/--holdout/--shot-models.
 */
export interface PresetProtocol {
  /** Columns forming the held-out unit. */
  readonly unit: readonly string[];
  /** Unit values held out, one fold each. */
  readonly holdout: readonly string[];
  /** Models measured as the k shots on each held-out unit, in order. */
  readonly shotModels: readonly string[];
  readonly note: string;
}

export const PRESET_PROTOCOLS: Readonly<Record<string, PresetProtocol>> = {
  help: {
    unit: ['hardware', 'batch_size'],
    // HELP's NAS-Bench-201 meta-test devices: titan_rtx_256, gold_6226, fpga, pixel2, raspi4, eyeriss.
    holdout: ['titan-rtx|256', 'xeon-gold-6226|1', 'fpga-sim|1', 'pixel2|1', 'raspi4|1', 'eyeriss-sim|1'],
    // HELP's 10 reference architectures for NB201.
    shotModels: [11982, 431, 55, 9, 14451, 8636, 9881, 13479, 6196, 1462].map((i) => `nb201-${i}`),
    note: "HELP meta-test devices, each held out with every other batch size of the same device; shots = HELP's 10 reference architectures",
  },
};
