import { symbol, symbolCircle, symbolDiamond, symbolSquare, symbolTriangle, type SymbolType } from 'd3';

/**
 * How a mark says where its number came from. Shape carries the provenance everywhere (points,
 * the glyph on top of every bar, heatmap cells); fill and outline back it up: measured and
 * imported marks are filled, simulated ones hollow, predicted ones hollow with a dashed outline.
 * Colour is left free for hardware.
 */
export type SourceKind = 'measured' | 'imported' | 'predicted' | 'simulated' | 'unknown';

export interface SourceStyle {
  readonly label: string;
  readonly shape: 'circle' | 'square' | 'diamond' | 'triangle';
  readonly filled: boolean;
  readonly fillOpacity: number;
  readonly dash: string | null;
  readonly description: string;
}

export const SOURCE_STYLES: Readonly<Record<SourceKind, SourceStyle>> = {
  measured: { label: 'measured', shape: 'circle', filled: true, fillOpacity: 0.9, dash: null, description: 'timed by a harness (origin names which)' },
  imported: { label: 'imported', shape: 'square', filled: true, fillOpacity: 0.55, dash: null, description: 'measured elsewhere, loaded from a file' },
  simulated: { label: 'simulated', shape: 'triangle', filled: false, fillOpacity: 0.12, dash: null, description: 'generated, not a measurement' },
  predicted: { label: 'predicted', shape: 'diamond', filled: false, fillOpacity: 0.12, dash: '3 2', description: 'a model\'s estimate' },
  unknown: { label: 'unknown source', shape: 'circle', filled: false, fillOpacity: 0, dash: '1 2', description: 'no provenance given' },
};

export const SOURCE_ORDER: readonly SourceKind[] = ['measured', 'imported', 'simulated', 'predicted'];

export function sourceKind(value: unknown): SourceKind {
  return value === 'measured' || value === 'imported' || value === 'predicted' || value === 'simulated' ? value : 'unknown';
}

const SYMBOL_TYPES: Record<SourceStyle['shape'], SymbolType> = {
  circle: symbolCircle, square: symbolSquare, diamond: symbolDiamond, triangle: symbolTriangle,
};

/** SVG path (centred on 0,0) of the provenance glyph, `area` in square pixels. */
export function sourceSymbolPath(source: SourceKind, area = 64): string {
  return symbol(SYMBOL_TYPES[SOURCE_STYLES[source].shape], area)() ?? '';
}

/** Okabe-Ito-based palette: distinguishable for common colour-vision deficiencies, then Tableau. */
export const HARDWARE_PALETTE: readonly string[] = [
  '#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#8C6D1F', '#000000',
  '#4E79A7', '#F28E2B', '#59A14F', '#B07AA1', '#9C755F', '#76B7B2', '#EDC948', '#FF9DA7',
];

/** Stable colours for a set of category names: sorted, so the same set always maps the same way. */
export function categoryColors(names: Iterable<string>): Map<string, string> {
  const sorted = [...new Set(names)].sort((a, b) => a.localeCompare(b));
  return new Map(sorted.map((n, i) => [n, HARDWARE_PALETTE[i % HARDWARE_PALETTE.length]]));
}

/** Black or white text, whichever reads better on `hex` (WCAG relative luminance). */
export function textColorOn(hex: string): string {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return '#000';
  const lin = (c: number) => { const s = c / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => lin(parseInt(h, 16)));
  const lum = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return lum > 0.4 ? '#111' : '#fff';
}
