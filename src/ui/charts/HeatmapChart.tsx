import { scaleBand } from 'd3';
import type { Better } from '../../core/query/metrics.ts';
import { BandAxisLeft, BandAxisTop } from './Axes.tsx';
import { ChartFrame, TITLE_HEIGHT } from './ChartFrame.tsx';
import { SOURCE_ORDER, SOURCE_STYLES, textColorOn, type SourceKind } from './encoding.ts';
import { heatScale } from './heat.ts';
import { LEGEND_WIDTH } from './Legend.tsx';
import { formatNumber } from './scales.ts';
import { SourceGlyph } from './SourceGlyph.tsx';
import { estimateTextWidth } from './text.ts';

export interface HeatCell {
  row: string;
  col: string;
  value: number;
  source: SourceKind;
  tooltip: string;
}

export interface HeatmapChartProps {
  chartId: string;
  title: string;
  subtitle?: string;
  width: number;
  cells: readonly HeatCell[];
  rowLabel: string;
  colLabel: string;
  valueLabel: string;
  unit: string;
  better: Better;
  selected?: { row: string; col: string } | null;
  onSelect?: (cell: HeatCell) => void;
  caption?: React.ReactNode;
}

function rgbHex(color: string): string {
  const m = /rgb\((\d+),\s*(\d+),\s*(\d+)\)/.exec(color);
  return m ? `#${[m[1], m[2], m[3]].map((n) => Number(n).toString(16).padStart(2, '0')).join('')}` : color;
}

/** Model x hardware cells coloured by value (darkest = best), value printed, provenance glyph in the corner. */
export function HeatmapChart(props: HeatmapChartProps) {
  const { cells, width } = props;
  const rows = [...new Set(cells.map((c) => c.row))].sort();
  const cols = [...new Set(cells.map((c) => c.col))].sort();
  const labelWidth = Math.min(220, Math.max(60, ...rows.map((r) => estimateTextWidth(r))));
  const colLabelHeight = Math.min(140, Math.max(40, ...cols.map((c) => estimateTextWidth(c) * 0.6 + 18)));
  const margin = { top: TITLE_HEIGHT + colLabelHeight + 8, left: labelWidth + 14, right: LEGEND_WIDTH + 10, bottom: 20 };
  const cellW = Math.max(34, Math.min(96, (width - margin.left - margin.right) / Math.max(1, cols.length)));
  const cellH = 30;
  const x = scaleBand<string>().domain(cols).range([margin.left, margin.left + cellW * cols.length]).padding(0.04);
  const y = scaleBand<string>().domain(rows).range([margin.top, margin.top + cellH * rows.length]).padding(0.06);
  const heat = heatScale(cells.map((c) => c.value), props.better);
  const sources = SOURCE_ORDER.filter((s) => cells.some((c) => c.source === s));
  const height = Math.max(margin.top + cellH * rows.length + margin.bottom, margin.top + 200 + 16 * sources.length);
  const legendX = width - LEGEND_WIDTH + 4;
  const rampH = 120;
  const rampStops = Array.from({ length: 11 }, (_, i) => i / 10);
  const [dlo, dhi] = heat.domain;
  const valueAt = (t: number) => (heat.kind === 'log' ? Math.exp(Math.log(dlo) + t * (Math.log(dhi) - Math.log(dlo))) : dlo + t * (dhi - dlo));
  const gradientId = `${props.chartId}-ramp`;

  return (
    <ChartFrame chartId={props.chartId} title={props.title} subtitle={props.subtitle} width={width} height={height} caption={props.caption}>
      {({ show, hide }) => (
        <>
          <BandAxisTop scale={x} y={margin.top} />
          <text x={margin.left} y={TITLE_HEIGHT + 14} fontSize={12} fontWeight={600} fill="#374151" data-axis-label="x">{props.colLabel} →</text>
          <BandAxisLeft scale={y} x={margin.left} label={props.rowLabel} maxChars={Math.floor(labelWidth / 6.6)} />
          {cells.map((c) => {
            const fill = rgbHex(heat.color(c.value));
            const style = SOURCE_STYLES[c.source];
            const ink = textColorOn(fill);
            const isSel = props.selected?.row === c.row && props.selected?.col === c.col;
            const cx = x(c.col) ?? 0;
            const cy = y(c.row) ?? 0;
            return (
              <g key={`${c.row}\u0000${c.col}`} data-mark="cell" data-source={c.source} onMouseMove={(e) => show(e, c.tooltip)} onMouseLeave={hide}
                onClick={props.onSelect ? () => props.onSelect!(c) : undefined} style={{ cursor: props.onSelect ? 'pointer' : undefined }}>
                <rect x={cx} y={cy} width={x.bandwidth()} height={y.bandwidth()} fill={fill}
                  stroke={isSel ? '#d62728' : style.filled ? 'none' : '#1d2433'} strokeWidth={isSel ? 3 : 1.2} strokeDasharray={isSel ? undefined : style.dash ?? undefined} />
                <text x={cx + x.bandwidth() / 2 - 4} y={cy + y.bandwidth() / 2} dy="0.32em" textAnchor="middle" fontSize={10.5} fill={ink}>{formatNumber(c.value)}</text>
                <SourceGlyph source={c.source} color={ink} x={cx + x.bandwidth() - 7} y={cy + 7} area={22} />
              </g>
            );
          })}
          <g transform={`translate(${legendX},${margin.top})`} fontSize={11} fill="#374151" data-legend="">
            <defs>
              <linearGradient id={gradientId} x1="0" x2="0" y1="1" y2="0">
                {rampStops.map((t) => <stop key={t} offset={t} stopColor={rgbHex(heat.color(valueAt(t)))} />)}
              </linearGradient>
            </defs>
            <text y={-14} fontWeight={600} data-axis-label="color">{props.valueLabel}</text>
            <rect x={0} y={0} width={14} height={rampH} fill={`url(#${gradientId})`} stroke="#9ca3af" />
            {[0, 0.25, 0.5, 0.75, 1].map((t) => (
              <text key={t} x={20} y={rampH - t * rampH} dy="0.32em">{formatNumber(valueAt(t))} {props.unit}</text>
            ))}
            <text y={rampH + 16} fontSize={10.5}>darker = better</text>
            <text y={rampH + 36} fontWeight={600}>Source (corner shape)</text>
            {sources.map((s, i) => (
              <g key={s} transform={`translate(0,${rampH + 52 + 16 * i})`}>
                <SourceGlyph source={s} color="#374151" x={6} y={-3} area={56} />
                <text x={17} dy="0.1em">{SOURCE_STYLES[s].label}{SOURCE_STYLES[s].filled ? '' : ' (outlined cell)'}</text>
              </g>
            ))}
          </g>
        </>
      )}
    </ChartFrame>
  );
}
