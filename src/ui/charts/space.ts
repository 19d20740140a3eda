import { chooseScaleKind, powerOfTwoTicks, tickValues, makeScale, type ScaleKind } from './scales.ts';

export interface SpacePoint {
  readonly x: number;
  readonly y: number;
  readonly z: number;
}

export interface SpaceAxisLayout {
  readonly kind: ScaleKind;
  readonly domain: [number, number];
  /** Tick values with their position in the unit cube's [0, 1] coordinate. */
  readonly ticks: readonly { value: number; at: number }[];
  toUnit(v: number): number;
}

/** Lays one data dimension onto [0, 1]: log when positive and wide, with readable ticks. */
export function layoutSpaceAxis(values: ArrayLike<number>, preferLog: boolean | 'auto' = 'auto', pow2 = false): SpaceAxisLayout {
  const list: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) list.push(values[i]);
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of list) { if (v < lo) lo = v; if (v > hi) hi = v; }
  if (!Number.isFinite(lo)) { lo = 0; hi = 1; }
  const autoKind = chooseScaleKind(list.length > 2 ? [lo, hi] : list, 20);
  const kind: ScaleKind = preferLog === 'auto' ? autoKind : preferLog && lo > 0 ? 'log' : 'linear';
  if (lo === hi) { lo = kind === 'log' ? lo / 2 : lo - 1; hi = kind === 'log' ? hi * 2 : hi + 1; }
  const scale = makeScale(kind, [lo, hi], [0, 1]);
  if (kind === 'linear') scale.domain([lo, hi]);
  const toUnit = kind === 'log'
    ? (v: number) => (Math.log(v) - Math.log(lo)) / (Math.log(hi) - Math.log(lo))
    : (v: number) => (v - lo) / (hi - lo);
  const candidates = pow2 && kind === 'log' ? powerOfTwoTicks(lo, hi) : tickValues(scale, kind, 5);
  const ticks = candidates.filter((t) => t >= lo - 1e-12 && t <= hi + 1e-12).map((value) => ({ value, at: toUnit(value) }));
  return { kind, domain: [lo, hi], ticks, toUnit };
}

export interface PointBuffers {
  /** xyz per point in [-0.5, 0.5]^3, for one THREE.Points BufferGeometry. */
  readonly positions: Float32Array;
  /** rgb per point in [0, 1]. */
  readonly colors: Float32Array;
  readonly axes: readonly [SpaceAxisLayout, SpaceAxisLayout, SpaceAxisLayout];
}

function hexToRgb(hex: string): [number, number, number] {
  const n = parseInt(hex.replace('#', ''), 16);
  return [((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255];
}

/** Packs columns into typed arrays for the GPU: one pass, no per-point objects. */
export function buildPointBuffers(
  xs: ArrayLike<number>, ys: ArrayLike<number>, zs: ArrayLike<number>,
  colorOf: (i: number) => string,
  logAxes: readonly [boolean | 'auto', boolean | 'auto', boolean | 'auto'] = ['auto', 'auto', 'auto'],
  pow2Axes: readonly [boolean, boolean, boolean] = [false, false, false],
): PointBuffers {
  const axes = [layoutSpaceAxis(xs, logAxes[0], pow2Axes[0]), layoutSpaceAxis(ys, logAxes[1], pow2Axes[1]), layoutSpaceAxis(zs, logAxes[2], pow2Axes[2])] as const;
  const n = xs.length;
  const positions = new Float32Array(n * 3);
  const colors = new Float32Array(n * 3);
  const cache = new Map<string, [number, number, number]>();
  for (let i = 0; i < n; i++) {
    positions[i * 3] = axes[0].toUnit(xs[i]) - 0.5;
    positions[i * 3 + 1] = axes[1].toUnit(ys[i]) - 0.5;
    positions[i * 3 + 2] = axes[2].toUnit(zs[i]) - 0.5;
    const hex = colorOf(i);
    let rgb = cache.get(hex);
    if (!rgb) { rgb = hexToRgb(hex); cache.set(hex, rgb); }
    colors.set(rgb, i * 3);
  }
  return { positions, colors, axes };
}
