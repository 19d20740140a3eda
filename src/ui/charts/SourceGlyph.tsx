import { SOURCE_STYLES, sourceSymbolPath, type SourceKind } from './encoding.ts';

/** The provenance glyph: shape by source, colour by series, fill/dash per SOURCE_STYLES. */
export function SourceGlyph({ source, color, x, y, area = 64 }: { source: SourceKind; color: string; x: number; y: number; area?: number }) {
  const style = SOURCE_STYLES[source];
  return (
    <path
      d={sourceSymbolPath(source, area)}
      transform={`translate(${x},${y})`}
      fill={style.filled ? color : '#ffffff'}
      fillOpacity={style.filled ? style.fillOpacity : 1}
      stroke={color}
      strokeWidth={1.5}
      strokeDasharray={style.dash ?? undefined}
      data-source={source}
    />
  );
}
