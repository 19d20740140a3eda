import { scaleBand } from 'd3';
import { AxisBottom, BandAxisLeft } from './Axes.tsx';
import { ChartFrame, TITLE_HEIGHT } from './ChartFrame.tsx';
import { SOURCE_ORDER, SOURCE_STYLES, type SourceKind } from './encoding.ts';
import { Legend, LEGEND_WIDTH, legendHeight, type LegendProps } from './Legend.tsx';
import { chooseScaleKind, makeScale, paddedDomain, tickValues, type ScaleKind } from './scales.ts';
import { SourceGlyph } from './SourceGlyph.tsx';
import { estimateTextWidth } from './text.ts';

export interface BarDatum {
  key: string;
  label: string;
  colorKey: string;
  source: SourceKind;
  value: number;
  lo?: number | null;
  hi?: number | null;
  /** Short text right of the bar (e.g. a speed-up). */
  note?: string;
  tooltip: string;
}

export interface BarChartProps {
  chartId: string;
  title: string;
  subtitle?: string;
  data: readonly BarDatum[];
  valueLabel: string;
  categoryLabel?: string;
  colorTitle: string;
  colors: ReadonlyMap<string, string>;
  width: number;
  scale?: 'auto' | ScaleKind;
  reference?: { value: number; label: string } | null;
  extraLegend?: LegendProps['extra'];
  caption?: React.ReactNode;
  onSelect?: (d: BarDatum) => void;
}

const BAND = 24;

/** Horizontal bars with interval whiskers; provenance by glyph at the bar end and by fill. */
export function BarChart(props: BarChartProps) {
  const { data, width, colors } = props;
  const labelWidth = Math.min(300, Math.max(60, ...data.map((d) => estimateTextWidth(d.label))));
  const noteWidth = data.some((d) => d.note) ? 64 : 16;
  const margin = { top: TITLE_HEIGHT + 14, left: labelWidth + 14, right: LEGEND_WIDTH + noteWidth + 10, bottom: 48 };
  const plotWidth = Math.max(120, width - margin.left - margin.right);
  const sources = SOURCE_ORDER.filter((s) => data.some((d) => d.source === s));
  const legendColors = [...new Set(data.map((d) => d.colorKey))].map((k) => ({ label: k, color: colors.get(k) ?? '#888' }));
  const height = Math.max(margin.top + data.length * BAND + margin.bottom,
    margin.top + legendHeight(legendColors.length, sources.length, props.extraLegend?.length ?? 0) + 10);

  const values = data.flatMap((d) => [d.value, d.lo ?? NaN, d.hi ?? NaN, props.reference?.value ?? NaN]).filter(Number.isFinite);
  const kind: ScaleKind = props.scale && props.scale !== 'auto' ? props.scale : chooseScaleKind(values, 50);
  const x = makeScale(kind, paddedDomain(values, kind, kind === 'linear'), [margin.left, margin.left + plotWidth]);
  const x0 = kind === 'log' ? x.range()[0] : x(0);
  const y = scaleBand<string>().domain(data.map((d) => d.key)).range([margin.top, margin.top + data.length * BAND]).padding(0.22);
  const labelByKey = new Map(data.map((d) => [d.key, d.label]));
  const plotBottom = margin.top + data.length * BAND;

  return (
    <ChartFrame chartId={props.chartId} title={props.title} subtitle={props.subtitle} width={width} height={height} caption={props.caption}>
      {({ show, hide }) => (
        <>
          <AxisBottom scale={x} ticks={tickValues(x, kind)} label={`${props.valueLabel}${kind === 'log' ? ', log scale' : ''}`} span={plotBottom - margin.top} y={plotBottom} />
          <BandAxisLeft scale={y} x={margin.left} label={props.categoryLabel} maxChars={Math.floor(labelWidth / 6.6)} labelOf={(k) => labelByKey.get(k) ?? k} />
          {data.map((d) => {
            const color = colors.get(d.colorKey) ?? '#888';
            const style = SOURCE_STYLES[d.source];
            const yy = y(d.key) ?? 0;
            const cy = yy + y.bandwidth() / 2;
            const xv = x(d.value);
            const hasInterval = d.lo != null && d.hi != null && Number.isFinite(d.lo) && Number.isFinite(d.hi) && d.hi > d.lo;
            const right = hasInterval ? Math.max(xv, x(d.hi!)) : xv;
            return (
              <g key={d.key} data-mark="bar" data-source={d.source} onMouseMove={(e) => show(e, d.tooltip)} onMouseLeave={hide}
                onClick={props.onSelect ? () => props.onSelect!(d) : undefined} style={props.onSelect ? { cursor: 'pointer' } : undefined}>
                <rect x={Math.min(x0, xv)} y={yy} width={Math.max(1, Math.abs(xv - x0))} height={y.bandwidth()}
                  fill={style.filled ? color : '#ffffff'} fillOpacity={style.filled ? style.fillOpacity * 0.85 : 1}
                  stroke={color} strokeWidth={1.2} strokeDasharray={style.dash ?? undefined} />
                {hasInterval ? (
                  <path d={`M${x(d.lo!)},${cy} H${x(d.hi!)} M${x(d.lo!)},${cy - 5} V${cy + 5} M${x(d.hi!)},${cy - 5} V${cy + 5}`}
                    stroke="#1d2433" strokeWidth={1.3} fill="none" />
                ) : null}
                <SourceGlyph source={d.source} color={color} x={xv} y={cy} area={70} />
                {d.note ? <text x={right + 10} y={cy} dy="0.32em" fontSize={11} fill="#1d2433">{d.note}</text> : null}
              </g>
            );
          })}
          {props.reference ? (
            <g>
              <line x1={x(props.reference.value)} x2={x(props.reference.value)} y1={margin.top - 6} y2={plotBottom} stroke="#1d2433" strokeDasharray="4 3" />
              <text x={x(props.reference.value)} y={margin.top - 9} fontSize={10.5} textAnchor="middle" fill="#1d2433">{props.reference.label}</text>
            </g>
          ) : null}
          <Legend x={width - LEGEND_WIDTH + 4} y={margin.top} colors={legendColors} colorTitle={props.colorTitle} sources={sources} extra={props.extraLegend} />
        </>
      )}
    </ChartFrame>
  );
}
