import { useCallback, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { ExportButtons } from '../export/ExportButtons.tsx';
import { useDataStore } from '../stores/data.ts';
import { useCubeStore } from './cube.ts';
import './charts.css';

export interface TooltipContent {
  x: number;
  y: number;
  text: string;
}

/** Width of an element, tracked with ResizeObserver (charts lay out to their container). */
export function useElementWidth<T extends HTMLElement>(fallback = 900): [React.RefObject<T | null>, number] {
  const ref = useRef<T | null>(null);
  const [width, setWidth] = useState(fallback);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(320, Math.floor(el.clientWidth)));
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}

/** Figure padding and border around a chart's SVG, in pixels. */
const FIGURE_CHROME = 28;

/** SVG widths for one chart per row and for two side by side, from the container width. */
export function chartWidths(containerWidth: number): { full: number; half: number; two: boolean } {
  const two = containerWidth >= 1100;
  return { full: containerWidth - FIGURE_CHROME, half: Math.floor((containerWidth - 16) / 2) - FIGURE_CHROME, two };
}

export interface ChartFrameProps {
  title: string;
  /** Line under the title inside the SVG (what is shown, units, data scope). */
  subtitle?: string;
  width: number;
  height: number;
  caption?: ReactNode;
  children: (tip: { show: (event: React.MouseEvent, text: string) => void; hide: () => void }) => ReactNode;
  chartId: string;
}

export const TITLE_HEIGHT = 44;

/**
 * One chart: an SVG with its title and subtitle inside (so exports carry them), PNG/SVG export
 * buttons, and a hover tooltip that every mark feeds with its value and provenance.
 */
export function ChartFrame({ title, subtitle, width, height, caption, children, chartId }: ChartFrameProps) {
  const svgRef = useRef<SVGSVGElement | null>(null);
  const figRef = useRef<HTMLElement | null>(null);
  const [tip, setTip] = useState<TooltipContent | null>(null);
  const show = useCallback((event: React.MouseEvent, text: string) => {
    const box = figRef.current?.getBoundingClientRect();
    if (!box) return;
    setTip({ x: event.clientX - box.left + 12, y: event.clientY - box.top + 12, text });
  }, []);
  const hide = useCallback(() => setTip(null), []);
  return (
    <figure className="chart-figure" ref={figRef} data-chart={chartId}>
      <ExportButtons title={title} target={{ kind: 'svg', get: () => svgRef.current }} />
      <svg ref={svgRef} width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title}
        fontFamily="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" onMouseLeave={hide}>
        <title>{title}</title>
        <text x={4} y={18} fontSize={15} fontWeight={700} fill="#1d2433" data-chart-title="">{title}</text>
        {subtitle ? <text x={4} y={36} fontSize={11.5} fill="#4b5563">{subtitle}</text> : null}
        {children({ show, hide })}
      </svg>
      {tip ? <div className="chart-tooltip" role="tooltip" style={{ left: Math.min(tip.x, width - 200), top: tip.y }}>{tip.text}</div> : null}
      {caption ? <figcaption>{caption}</figcaption> : null}
    </figure>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="view-empty" role="status" data-empty-state="">
      <h3>{title}</h3>
      {children}
    </div>
  );
}

/** "Loading…" that says what it waits for: the per-configuration summary is built once per data change. */
export function LoadingNote() {
  const connector = useDataStore((s) => s.connector);
  const revision = useDataStore((s) => s.revision);
  const builtFor = useCubeStore((s) => s.builtFor);
  const failedFor = useCubeStore((s) => s.failedFor);
  const text = !connector ? 'Starting DuckDB…'
    : builtFor !== revision && failedFor !== revision ? 'Summarising the data per configuration (once per data change; about 25 s per million rows on a busy 2-core machine)…'
      : 'Loading…';
  return <p role="status">{text}</p>;
}
