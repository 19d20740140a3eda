import { SOURCE_STYLES, type SourceKind } from './encoding.ts';
import { SourceGlyph } from './SourceGlyph.tsx';
import { truncate } from './text.ts';

export interface LegendProps {
  x: number;
  y: number;
  /** Colour entries (e.g. hardware), in order. */
  colors: readonly { label: string; color: string }[];
  colorTitle: string;
  /** Provenance kinds present in the chart. */
  sources: readonly SourceKind[];
  extra?: readonly { label: string; swatch: 'line' | 'dashed' | 'dotted' | 'band' | 'whisker'; color: string }[];
}

export const LEGEND_WIDTH = 175;
const ROW = 16;

/** Legend drawn inside the SVG so exported files keep it. */
export function Legend({ x, y, colors, colorTitle, sources, extra = [] }: LegendProps) {
  const sourceTop = ROW * (colors.length + 2);
  const extraTop = sourceTop + ROW * (sources.length + 1);
  return (
    <g transform={`translate(${x},${y})`} fontSize={11} fill="#374151" data-legend="">
      <text y={0} fontWeight={600}>{colorTitle}</text>
      {colors.map((c, i) => (
        <g key={c.label} transform={`translate(0,${ROW * (i + 1)})`}>
          <rect x={0} y={-8} width={11} height={11} rx={2} fill={c.color} />
          <text x={17} dy="0.1em"><title>{c.label}</title>{truncate(c.label, 24)}</text>
        </g>
      ))}
      <text y={sourceTop} fontWeight={600}>Source (shape)</text>
      {sources.map((s, i) => (
        <g key={s} transform={`translate(0,${sourceTop + ROW * (i + 1)})`}>
          <SourceGlyph source={s} color="#374151" x={6} y={-3} area={56} />
          <text x={17} dy="0.1em"><title>{SOURCE_STYLES[s].description}</title>{SOURCE_STYLES[s].label}</text>
        </g>
      ))}
      {extra.map((e, i) => (
        <g key={e.label} transform={`translate(0,${extraTop + ROW * i})`}>
          {e.swatch === 'band' ? <rect x={0} y={-8} width={12} height={10} fill={e.color} fillOpacity={0.25} />
            : e.swatch === 'whisker' ? <path d="M0,-7 V1 M0,-3 H12 M12,-7 V1" stroke={e.color} fill="none" strokeWidth={1.5} />
              : <line x1={0} x2={12} y1={-3} y2={-3} stroke={e.color} strokeWidth={2} strokeDasharray={e.swatch === 'dashed' ? '4 3' : e.swatch === 'dotted' ? '1.5 2.5' : undefined} />}
          <text x={17} dy="0.1em">{e.label}</text>
        </g>
      ))}
    </g>
  );
}

export function legendHeight(colorCount: number, sourceCount: number, extraCount = 0): number {
  return ROW * (colorCount + sourceCount + extraCount + 3);
}
