import { line } from 'd3';
import { AxisBottom, AxisLeft } from './Axes.tsx';
import { ChartFrame, TITLE_HEIGHT } from './ChartFrame.tsx';
import { SOURCE_ORDER, type SourceKind } from './encoding.ts';
import { Legend, LEGEND_WIDTH, legendHeight, type LegendProps } from './Legend.tsx';
import { chooseScaleKind, makeScale, paddedDomain, powerOfTwoTicks, tickValues, type ScaleKind } from './scales.ts';
import { SourceGlyph } from './SourceGlyph.tsx';

export interface XYPoint {
  x: number;
  y: number;
  source: SourceKind;
  tooltip: string;
  /** Drawn larger and outlined (e.g. on the Pareto frontier). */
  emphasis?: boolean;
}

export interface XYSeries {
  key: string;
  colorKey: string;
  /** Line style follows the series' provenance (dashed when predicted). */
  source: SourceKind;
  points: readonly XYPoint[];
  connect: boolean;
}

export interface AxisSpec {
  label: string;
  scale: 'auto' | ScaleKind;
  /** Powers-of-two ticks (batch sizes). */
  pow2?: boolean;
}

export interface XYChartProps {
  chartId: string;
  title: string;
  subtitle?: string;
  width: number;
  plotHeight?: number;
  x: AxisSpec;
  y: AxisSpec;
  series: readonly XYSeries[];
  colors: ReadonlyMap<string, string>;
  colorTitle: string;
  /** A polyline drawn over the points (Pareto frontier), in data coordinates. */
  overlay?: { points: readonly [number, number][]; label: string } | null;
  extraLegend?: LegendProps['extra'];
  caption?: React.ReactNode;
}

/** Points and lines on continuous axes (log where the data spans decades), with provenance glyphs. */
export function XYChart(props: XYChartProps) {
  const { width, series, colors } = props;
  const all = series.flatMap((s) => s.points);
  const margin = { top: TITLE_HEIGHT + 14, left: 74, right: LEGEND_WIDTH + 16, bottom: 50 };
  const plotHeight = props.plotHeight ?? 320;
  const sources = SOURCE_ORDER.filter((s) => all.some((p) => p.source === s));
  const legendColors = [...new Set(series.map((s) => s.colorKey))].map((k) => ({ label: k, color: colors.get(k) ?? '#888' }));
  const lineSources = SOURCE_ORDER.filter((src) => series.some((s) => s.connect && s.source === src && s.points.length > 1));
  const lineLegend = lineSources.map((src) => ({
    label: `line: ${src}`,
    swatch: src === 'predicted' ? 'dashed' as const : src === 'simulated' ? 'dotted' as const : 'line' as const,
    color: '#6b7280',
  }));
  const extra = [...lineLegend, ...(props.extraLegend ?? []), ...(props.overlay ? [{ label: props.overlay.label, swatch: 'line' as const, color: '#1d2433' }] : [])];
  const height = Math.max(margin.top + plotHeight + margin.bottom, margin.top + legendHeight(legendColors.length, sources.length, extra.length) + 10);
  const plotRight = width - margin.right;

  const xs = all.map((p) => p.x);
  const ys = all.map((p) => p.y);
  const xKind: ScaleKind = props.x.scale === 'auto' ? chooseScaleKind(xs, 8) : props.x.scale;
  const yKind: ScaleKind = props.y.scale === 'auto' ? chooseScaleKind(ys, 20) : props.y.scale;
  const xScale = makeScale(xKind, paddedDomain(xs, xKind), [margin.left, plotRight]);
  const yScale = makeScale(yKind, paddedDomain(ys, yKind, false), [margin.top + plotHeight, margin.top]);
  const [xlo, xhi] = xScale.domain() as [number, number];
  const xTicks = props.x.pow2 && xKind === 'log' ? powerOfTwoTicks(xlo, xhi) : tickValues(xScale, xKind);
  const path = line<XYPoint>().x((p) => xScale(p.x)).y((p) => yScale(p.y));
  const visible = (p: { x: number; y: number }) => Number.isFinite(p.x) && Number.isFinite(p.y) && (xKind === 'linear' || p.x > 0) && (yKind === 'linear' || p.y > 0);

  return (
    <ChartFrame chartId={props.chartId} title={props.title} subtitle={props.subtitle} width={width} height={height} caption={props.caption}>
      {({ show, hide }) => (
        <>
          <AxisBottom scale={xScale} ticks={xTicks} label={`${props.x.label}${xKind === 'log' ? ', log scale' : ''}`} span={plotHeight} y={margin.top + plotHeight} />
          <AxisLeft scale={yScale} ticks={tickValues(yScale, yKind)} label={`${props.y.label}${yKind === 'log' ? ', log scale' : ''}`} span={plotRight - margin.left} x={margin.left} />
          {series.map((s) => {
            const color = colors.get(s.colorKey) ?? '#888';
            const pts = s.points.filter(visible).slice().sort((a, b) => a.x - b.x);
            return s.connect && pts.length > 1 ? (
              <path key={`line-${s.key}`} d={path(pts) ?? ''} fill="none" stroke={color} strokeWidth={s.source === 'measured' ? 2 : 1.5}
                strokeDasharray={s.source === 'predicted' ? '5 4' : s.source === 'simulated' ? '1.5 2.5' : undefined} strokeOpacity={0.85} />
            ) : null;
          })}
          {props.overlay && props.overlay.points.length > 0 ? (
            <path d={line<[number, number]>().x((p) => xScale(p[0])).y((p) => yScale(p[1]))(props.overlay.points.filter(([a, b]) => visible({ x: a, y: b }))) ?? ''}
              fill="none" stroke="#1d2433" strokeWidth={2.2} data-overlay="frontier" />
          ) : null}
          {series.map((s) => {
            const color = colors.get(s.colorKey) ?? '#888';
            return s.points.filter(visible).map((p, i) => (
              <g key={`${s.key}-${i}`} data-mark="point" data-source={p.source} onMouseMove={(e) => show(e, p.tooltip)} onMouseLeave={hide}>
                {p.emphasis ? <circle cx={xScale(p.x)} cy={yScale(p.y)} r={9} fill="none" stroke="#1d2433" strokeWidth={1.5} /> : null}
                <SourceGlyph source={p.source} color={color} x={xScale(p.x)} y={yScale(p.y)} area={p.emphasis ? 90 : 60} />
              </g>
            ));
          })}
          <Legend x={width - LEGEND_WIDTH + 4} y={margin.top} colors={legendColors} colorTitle={props.colorTitle} sources={sources} extra={extra} />
        </>
      )}
    </ChartFrame>
  );
}
