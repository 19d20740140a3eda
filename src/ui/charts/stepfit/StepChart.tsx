import type { ChartLayout } from './layout.ts';

interface Props {
  readonly layout: ChartLayout;
  readonly title: string;
  readonly caption?: string;
  readonly referenceLabel?: string;
}

/** Draws a ChartLayout: axes with labels and units, reference line, band, fit line and points. */
export function StepChart({ layout, title, caption, referenceLabel }: Props) {
  const { width, height, margin, innerWidth, innerHeight } = layout;
  return (
    <figure className="stepfit-chart">
      <figcaption><strong>{title}</strong>{caption ? <span> {caption}</span> : null}</figcaption>
      <svg width={width} height={height} role="img" aria-label={`${title}: ${layout.yLabel} against ${layout.xLabel}`}>
        <g transform={`translate(${margin.left},${margin.top})`}>
          {layout.yTicks.map((t) => (
            <g key={`y${t.value}`} transform={`translate(0,${t.pos})`}>
              <line x2={innerWidth} className="grid" />
              <text x={-6} dy="0.32em" textAnchor="end" className="tick">{t.label}</text>
            </g>
          ))}
          {layout.xTicks.map((t) => (
            <g key={`x${t.value}`} transform={`translate(${t.pos},0)`}>
              <line y2={innerHeight} className="grid" />
              <text y={innerHeight + 14} textAnchor="middle" className="tick">{t.label}</text>
            </g>
          ))}
          <rect width={innerWidth} height={innerHeight} className="frame" />
          {layout.bandPath ? <path d={layout.bandPath} className="band" /> : null}
          {layout.referencePath ? <path d={layout.referencePath} className="reference" /> : null}
          {referenceLabel && layout.referencePath ? (
            <text x={innerWidth - 4} y={10} textAnchor="end" className="reference-label">{referenceLabel}</text>
          ) : null}
          {layout.fitPath ? <path d={layout.fitPath} className="fit" /> : null}
          {layout.points.map((p) => (
            <circle key={p.line} cx={p.cx} cy={p.cy} r={p.flagged ? 4.5 : 3.5} className={p.flagged ? 'point flagged' : 'point'}>
              <title>{p.title}{p.flagged ? ' (flagged: outlier or influential)' : ''}</title>
            </circle>
          ))}
          <text x={innerWidth / 2} y={innerHeight + 34} textAnchor="middle" className="axis-label">{layout.xLabel}</text>
          <text transform={`translate(${-46},${innerHeight / 2}) rotate(-90)`} textAnchor="middle" className="axis-label">{layout.yLabel}</text>
        </g>
      </svg>
    </figure>
  );
}
