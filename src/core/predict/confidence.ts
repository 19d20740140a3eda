/**
 * A confidence score in [0, 1] that says why it is high or low. It is a weighted geometric mean
 * of four parts, each in [0, 1]; the parts are returned so the UI can show them.
 */

export interface ConfidencePart {
  readonly name: 'interval' | 'distance' | 'density' | 'seen';
  readonly value: number;
  readonly weight: number;
  readonly detail: string;
}

export interface ConfidenceInputs {
  /** Interval ends and prediction, in target units (positive). */
  readonly lo: number;
  readonly hi: number;
  /** Distance to the nearest measured configuration (standardised units; 1 = one category differs). */
  readonly distance: number;
  /** Measured configurations within distance 1. */
  readonly nearby: number;
  readonly hardware: 'measured' | 'few-shot' | 'unseen' | 'n/a';
  readonly hardwareRows: number;
  readonly modelSeen: boolean | null;
}

const WEIGHTS = { interval: 0.4, distance: 0.2, density: 0.15, seen: 0.25 } as const;

export function confidenceScore(x: ConfidenceInputs): { confidence: number; parts: ConfidencePart[] } {
  const ratio = x.lo > 0 && x.hi > 0 ? x.hi / x.lo : Infinity;
  const interval = Number.isFinite(ratio) ? 1 / (1 + Math.log(Math.max(ratio, 1)) / Math.LN2) : 0;
  const distance = Number.isFinite(x.distance) ? 1 / (1 + x.distance) : 0;
  const density = 1 - Math.exp(-Math.max(0, x.nearby) / 5);
  const hw = x.hardware === 'measured' ? 1 : x.hardware === 'few-shot' ? 0.5 * (1 + x.hardwareRows / (x.hardwareRows + 10)) : x.hardware === 'unseen' ? 0 : 1;
  const model = x.modelSeen === null ? 1 : x.modelSeen ? 1 : 0;
  const seen = (hw + model) / 2;
  const parts: ConfidencePart[] = [
    { name: 'interval', value: interval, weight: WEIGHTS.interval, detail: `80% interval spans a factor of ${Number.isFinite(ratio) ? ratio.toFixed(2) : 'inf'}` },
    { name: 'distance', value: distance, weight: WEIGHTS.distance, detail: `nearest measured configuration at distance ${x.distance.toFixed(2)}` },
    { name: 'density', value: density, weight: WEIGHTS.density, detail: `${Math.round(x.nearby)} measured configurations nearby` },
    {
      name: 'seen', value: seen, weight: WEIGHTS.seen,
      detail: `hardware ${x.hardware === 'few-shot' ? `few-shot (${x.hardwareRows} measurements)` : x.hardware}, model ${x.modelSeen === null ? 'n/a' : x.modelSeen ? 'measured' : 'unseen'}`,
    },
  ];
  // The seen part never zeroes the score on its own: an unseen device with a tight, well-calibrated interval still says something.
  let log = 0;
  for (const p of parts) log += p.weight * Math.log(Math.max(p.name === 'seen' ? 0.2 + 0.8 * p.value : p.value, 1e-6));
  const confidence = Math.min(1, Math.max(0, Math.exp(log)));
  return { confidence, parts };
}
