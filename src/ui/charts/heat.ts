import { interpolateYlGnBu } from 'd3';
import type { Better } from '../../core/query/metrics.ts';
import { chooseScaleKind, type ScaleKind } from './scales.ts';

export interface HeatScale {
  readonly kind: ScaleKind;
  readonly domain: [number, number];
  /** 0..1 position of a value on the colour ramp, where 1 is always the better end. */
  goodness(value: number): number;
  color(value: number): string;
}

/** Colour for heatmap cells: log when the values span a wide range; the darkest cells are the best. */
export function heatScale(values: readonly number[], better: Better): HeatScale {
  const kind = chooseScaleKind(values, 10);
  const finite = values.filter((v) => Number.isFinite(v) && (kind === 'linear' || v > 0));
  const domain: [number, number] = finite.length === 0 ? [0, 1] : [Math.min(...finite), Math.max(...finite)];
  const t = (v: number) => {
    const [lo, hi] = domain;
    if (hi === lo) return 0.5;
    const x = kind === 'log' ? (Math.log(v) - Math.log(lo)) / (Math.log(hi) - Math.log(lo)) : (v - lo) / (hi - lo);
    return Math.min(1, Math.max(0, x));
  };
  const goodness = (v: number) => (better === 'lower' ? 1 - t(v) : t(v));
  return { kind, domain, goodness, color: (v: number) => interpolateYlGnBu(0.12 + 0.83 * goodness(v)) };
}

