/**
 * Split-conformal intervals in log space, one calibration per novelty class (Mondrian conformal):
 * residuals of a query on unseen hardware are drawn from held-out hardware, not from random
 * held-out rows. Scores are signed residuals divided by a distance scale s(x) = sqrt(1 + d(x)/d0),
 * so an interval grows with the distance to the nearest measured configuration, but
 * sub-linearly: errors far from the data grow more slowly than the distance (a device twice as
 * far is not twice as wrong), and a linear scale gave unseen GPUs intervals of seven decades.
 * No interval is wider than the largest error the class's calibration residuals showed. For hardware
 * calibrated from a few shots, the score is further divided by the calibration's leave-one-out
 * error on those shots, so a device whose shots are predicted well gets a narrower interval.
 */
import { conformalQuantile } from './stats.ts';

export const NOVELTY_CLASSES = ['seen', 'few-shot', 'unseen-model', 'unseen-hardware', 'unseen-both'] as const;
export type NoveltyClass = (typeof NOVELTY_CLASSES)[number];

export const FALLBACK: Record<NoveltyClass, readonly NoveltyClass[]> = {
  'seen': [],
  'few-shot': ['unseen-hardware', 'unseen-both'],
  'unseen-model': ['unseen-both'],
  'unseen-hardware': ['unseen-both'],
  'unseen-both': ['unseen-hardware', 'unseen-model'],
};

export interface ClassCalibration {
  /** Quantiles of the normalised signed residual: interval = pred + [lo, hi] * s(x). */
  readonly lo: number;
  readonly hi: number;
  /** Distance scale d0 of this class. */
  readonly distanceScale: number;
  readonly count: number;
  /** Largest absolute log residual among the calibration scores: no interval reaches further. */
  readonly maxAbs: number;
  /** Which class's residuals it came from (itself, a fallback class, or 'pooled'). */
  readonly basis: string;
}

export interface CalibrationScore {
  readonly cls: NoveltyClass;
  readonly residual: number;
  readonly distance: number;
  /** Local spread (few-shot hardware: LOO error on its own shots); 1 elsewhere. */
  readonly scale: number;
}

export const MIN_CLASS_SCORES = 12;

function calibrate(scores: readonly CalibrationScore[], level: number, basis: string): ClassCalibration {
  const distances = scores.map((s) => s.distance).sort((a, b) => a - b);
  const d0 = Math.max(distances[Math.floor(distances.length / 2)] ?? 1, 0.25);
  const e = scores.map((s) => s.residual / (distanceFactor(s.distance, d0) * s.scale));
  const tail = (1 - level) / 2;
  return {
    maxAbs: Math.max(...scores.map((s) => Math.abs(s.residual))),
    lo: -conformalQuantile(e.map((v) => -v), 1 - tail),
    hi: conformalQuantile(e, 1 - tail),
    distanceScale: d0,
    count: scores.length,
    basis,
  };
}

export function calibrateClasses(scores: readonly CalibrationScore[], level: number): Map<NoveltyClass, ClassCalibration> {
  const out = new Map<NoveltyClass, ClassCalibration>();
  const byClass = new Map<NoveltyClass, CalibrationScore[]>();
  for (const s of scores) {
    const list = byClass.get(s.cls);
    if (list) list.push(s);
    else byClass.set(s.cls, [s]);
  }
  for (const cls of NOVELTY_CLASSES) {
    const own = byClass.get(cls) ?? [];
    if (own.length >= MIN_CLASS_SCORES) {
      out.set(cls, calibrate(own, level, cls));
      continue;
    }
    const fallback = FALLBACK[cls].find((f) => (byClass.get(f)?.length ?? 0) >= MIN_CLASS_SCORES);
    if (fallback) out.set(cls, calibrate(byClass.get(fallback)!, level, fallback));
    else if (scores.length >= 5) {
      // Too few residuals of any matching kind: pool all and double the width rather than pretend.
      const pooled = calibrate(scores, level, 'pooled x2');
      out.set(cls, { ...pooled, lo: pooled.lo * 2, hi: pooled.hi * 2, maxAbs: pooled.maxAbs * 2 });
    }
  }
  return out;
}

export function distanceFactor(distance: number, d0: number): number {
  return Math.sqrt(1 + (Number.isFinite(distance) ? distance : 1e6) / d0);
}

export function intervalFor(cal: ClassCalibration, logPred: number, distance: number, scale = 1): { lo: number; hi: number } {
  const s = distanceFactor(distance, cal.distanceScale) * scale;
  const reach = Number.isFinite(cal.maxAbs) && cal.maxAbs > 0 ? cal.maxAbs : Infinity;
  return { lo: logPred + Math.max(Math.min(0, cal.lo) * s, -reach), hi: logPred + Math.min(Math.max(0, cal.hi) * s, reach) };
}
