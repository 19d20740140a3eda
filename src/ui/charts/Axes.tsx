import type { ScaleContinuousNumeric, ScaleBand } from 'd3';
import { formatNumber } from './scales.ts';
import { truncate } from './text.ts';

const AXIS = '#6b7280';
const GRID = '#eceef2';
const FONT = 11;

interface ContinuousAxisProps {
  scale: ScaleContinuousNumeric<number, number>;
  ticks: readonly number[];
  label: string;
  /** The other dimension of the plot, for grid lines. */
  span: number;
  format?: (v: number) => string;
}

export function AxisBottom({ scale, ticks, label, span, y, format = formatNumber }: ContinuousAxisProps & { y: number }) {
  const [r0, r1] = scale.range();
  return (
    <g transform={`translate(0,${y})`} data-axis="x" fontSize={FONT} fill="#374151">
      {ticks.map((t) => (
        <g key={t} transform={`translate(${scale(t)},0)`}>
          <line y1={-span} y2={0} stroke={GRID} />
          <line y2={5} stroke={AXIS} />
          <text y={17} textAnchor="middle">{format(t)}</text>
        </g>
      ))}
      <line x1={r0} x2={r1} stroke={AXIS} />
      <text x={(r0 + r1) / 2} y={36} textAnchor="middle" fontWeight={600} fontSize={12} data-axis-label="x">{label}</text>
    </g>
  );
}

export function AxisLeft({ scale, ticks, label, span, x, format = formatNumber }: ContinuousAxisProps & { x: number }) {
  const [r0, r1] = scale.range();
  const mid = (r0 + r1) / 2;
  return (
    <g transform={`translate(${x},0)`} data-axis="y" fontSize={FONT} fill="#374151">
      {ticks.map((t) => (
        <g key={t} transform={`translate(0,${scale(t)})`}>
          <line x1={0} x2={span} stroke={GRID} />
          <line x1={-5} x2={0} stroke={AXIS} />
          <text x={-8} dy="0.32em" textAnchor="end">{format(t)}</text>
        </g>
      ))}
      <line y1={r0} y2={r1} stroke={AXIS} />
      <text transform={`translate(${-x + 14},${mid}) rotate(-90)`} textAnchor="middle" fontWeight={600} fontSize={12} data-axis-label="y">{label}</text>
    </g>
  );
}

/** Category axis on the left (bar and heatmap rows). */
export function BandAxisLeft({ scale, x, label, maxChars = 32, labelOf = (d) => d }: { scale: ScaleBand<string>; x: number; label?: string; maxChars?: number; labelOf?: (key: string) => string }) {
  return (
    <g transform={`translate(${x},0)`} data-axis="y" fontSize={FONT} fill="#374151">
      {scale.domain().map((d) => (
        <text key={d} x={-8} y={(scale(d) ?? 0) + scale.bandwidth() / 2} dy="0.32em" textAnchor="end">
          <title>{labelOf(d)}</title>
          {truncate(labelOf(d), maxChars)}
        </text>
      ))}
      {label ? <text x={-x + 2} y={-8} fontWeight={600} fontSize={12} data-axis-label="y">{label}</text> : null}
    </g>
  );
}

/** Category axis on top (heatmap columns), labels rotated to stay readable. */
export function BandAxisTop({ scale, y, label, maxChars = 22 }: { scale: ScaleBand<string>; y: number; label?: string; maxChars?: number }) {
  return (
    <g transform={`translate(0,${y})`} data-axis="x" fontSize={FONT} fill="#374151">
      {scale.domain().map((d) => (
        <text key={d} transform={`translate(${(scale(d) ?? 0) + scale.bandwidth() / 2},-6) rotate(-35)`} textAnchor="start">
          <title>{d}</title>
          {truncate(d, maxChars)}
        </text>
      ))}
      {label ? <text x={scale.range()[1]} y={-y + 14} textAnchor="end" fontWeight={600} fontSize={12} data-axis-label="x">{label}</text> : null}
    </g>
  );
}
