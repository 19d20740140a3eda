import { useEffect, useMemo, useRef, useState } from 'react';
import { SPACE_AXES } from '../../core/query/metrics.ts';
import { spaceCountSql, spaceSql } from '../../core/query/views.ts';
import { EmptyState, useElementWidth } from '../charts/ChartFrame.tsx';
import { categoryColors, SOURCE_ORDER, SOURCE_STYLES, sourceKind } from '../charts/encoding.ts';
import { num, str, useSharedWhere, useViewQuery } from '../charts/hooks.ts';
import { formatNumber, formatWithUnit } from '../charts/scales.ts';
import { buildPointBuffers } from '../charts/space.ts';
import { DEFAULT_CAMERA, SHAPE_CODE, SpaceScene } from '../charts/SpaceScene.ts';
import { SourceGlyph } from '../charts/SourceGlyph.tsx';
import { FiltersBar } from '../components/FiltersBar.tsx';
import { ExportButtons } from '../export/ExportButtons.tsx';
import { useViewStore } from '../stores/view.ts';
import '../charts/charts.css';

const AXIS_IDS = new Set(SPACE_AXES.map((a) => a.id));
const axisSpec = (id: string) => SPACE_AXES.find((a) => a.id === id)!;
const HEIGHT = 560;

interface Label { text: string; pos: [number, number, number]; title?: boolean }

export default function Space3DView() {
  const where = useSharedWhere();
  const options = useViewStore((s) => s.o);
  const setOptions = useViewStore((s) => s.setOptions);
  const cam = useViewStore((s) => s.cam);
  const setCamera = useViewStore((s) => s.setCamera);
  const x = AXIS_IDS.has(options.x) ? options.x : 'batch_size';
  const y = AXIS_IDS.has(options.y) ? options.y : 'latency_ms';
  const z = AXIS_IDS.has(options.z) ? options.z : 'seq_len';
  const [limit, setLimit] = useState(10_000);
  const [spin, setSpin] = useState(false);
  const query = useViewQuery((cube) => spaceSql({ x, y, z, where, limit, cube }));
  const count = useViewQuery((cube) => spaceCountSql({ x, y, z, where, cube }));
  const total = num(count.result?.rows[0]?.n);
  const [wrapRef, width] = useElementWidth<HTMLDivElement>();
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const labelsRef = useRef<HTMLDivElement | null>(null);
  const sceneRef = useRef<SpaceScene | null>(null);
  const labelSpecs = useRef<Label[]>([]);
  const [hover, setHover] = useState<{ index: number; left: number; top: number } | null>(null);

  const data = useMemo(() => {
    const rows = query.result?.rows ?? [];
    const n = rows.length;
    const xs = new Float64Array(n); const ys = new Float64Array(n); const zs = new Float64Array(n);
    const shapes = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      xs[i] = num(rows[i].x); ys[i] = num(rows[i].y); zs[i] = num(rows[i].z);
      shapes[i] = SHAPE_CODE[sourceKind(rows[i].source)];
    }
    const colors = categoryColors(rows.map((r) => str(r.hardware)));
    const pow2 = [x, y, z].map((id) => id === 'batch_size') as [boolean, boolean, boolean];
    const buffers = buildPointBuffers(xs, ys, zs, (i) => colors.get(str(rows[i].hardware)) ?? '#888', ['auto', 'auto', 'auto'], pow2);
    const sources = SOURCE_ORDER.filter((s) => rows.some((r) => r.source === s));
    return { rows, buffers, shapes, colors, sources };
  }, [query.result, x, y, z]);

  const placeLabels = () => {
    const scene = sceneRef.current;
    const box = labelsRef.current;
    if (!scene || !box) return;
    labelSpecs.current.forEach((l, i) => {
      const el = box.children[i] as HTMLElement | undefined;
      if (!el) return;
      const p = scene.project(...l.pos);
      el.style.left = `${p.x}px`;
      el.style.top = `${p.y}px`;
      el.style.visibility = p.visible ? 'visible' : 'hidden';
    });
  };

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const scene = new SpaceScene(canvas, { onCameraEnd: (c) => setCamera(c), onRender: placeLabels });
    sceneRef.current = scene;
    scene.setCamera(useViewStore.getState().cam ?? DEFAULT_CAMERA);
    return () => { scene.dispose(); sceneRef.current = null; };
  }, []);

  useEffect(() => { sceneRef.current?.resize(width, HEIGHT); }, [width]);
  useEffect(() => { sceneRef.current?.setSpin(spin); }, [spin]);

  useEffect(() => {
    const scene = sceneRef.current;
    if (!scene || !cam) return;
    const now = scene.cameraState();
    const far = Math.abs(now.theta - cam.theta) + Math.abs(now.phi - cam.phi) + Math.abs(now.r - cam.r) > 1e-3;
    if (far) scene.setCamera(cam);
  }, [cam]);

  useEffect(() => {
    const scene = sceneRef.current;
    const box = labelsRef.current;
    if (!scene || !box) return;
    const [ax, ay, az] = data.buffers.axes;
    const labels: Label[] = [
      ...ax.ticks.map((t) => ({ text: formatNumber(t.value), pos: [t.at - 0.5, -0.5, 0.56] as [number, number, number] })),
      ...ay.ticks.map((t) => ({ text: formatNumber(t.value), pos: [-0.56, t.at - 0.5, 0.5] as [number, number, number] })),
      ...az.ticks.map((t) => ({ text: formatNumber(t.value), pos: [0.56, -0.5, t.at - 0.5] as [number, number, number] })),
      { text: `${axisSpec(x).label} (${axisSpec(x).unit})${ax.kind === 'log' ? ', log' : ''}`, pos: [0, -0.62, 0.68], title: true },
      { text: `${axisSpec(y).label} (${axisSpec(y).unit})${ay.kind === 'log' ? ', log' : ''}`, pos: [-0.68, 0.62, 0.5], title: true },
      { text: `${axisSpec(z).label} (${axisSpec(z).unit})${az.kind === 'log' ? ', log' : ''}`, pos: [0.78, -0.66, 0], title: true },
    ];
    labelSpecs.current = labels;
    box.replaceChildren(...labels.map((l) => {
      const el = document.createElement('div');
      el.className = l.title ? 'space-label axis-title' : 'space-label';
      el.textContent = l.text;
      el.dataset.axisLabel = l.title ? 'title' : 'tick';
      return el;
    }));
    scene.setTicks([ax.ticks.map((t) => t.at), ay.ticks.map((t) => t.at), az.ticks.map((t) => t.at)]);
    scene.setPoints(data.buffers, data.shapes, data.rows.length > 30_000 ? 4 : 6);
  }, [data, x, y, z]);

  const onMove = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const scene = sceneRef.current;
    if (!scene || e.buttons !== 0) return;
    const index = scene.pick(e.clientX, e.clientY);
    const rect = e.currentTarget.getBoundingClientRect();
    setHover(index === null ? null : { index, left: e.clientX - rect.left + 14, top: e.clientY - rect.top + 14 });
  };

  const hovered = hover ? data.rows[hover.index] : null;
  const axisSelect = (label: string, value: string, onChange: (v: string) => void) => (
    <label>{label}
      <select value={value} onChange={(e) => onChange(e.target.value)} aria-label={`${label}`}>
        {SPACE_AXES.map((a) => <option key={a.id} value={a.id}>{a.label} ({a.unit})</option>)}
      </select>
    </label>
  );

  return (
    <section aria-label="3-D performance space" data-view="space">
      <h2>3-D performance space</h2>
      <FiltersBar />
      <div className="view-controls">
        {axisSelect('X axis', x, (v) => setOptions({ x: v }))}
        {axisSelect('Y axis (up)', y, (v) => setOptions({ y: v }))}
        {axisSelect('Z axis', z, (v) => setOptions({ z: v }))}
        <label>Points at most
          <select value={limit} onChange={(e) => setLimit(Number(e.target.value))} aria-label="Point budget">
            {[10_000, 20_000, 50_000, 100_000].map((n) => <option key={n} value={n}>{n.toLocaleString('en-US')}</option>)}
          </select>
        </label>
        <label style={{ flexDirection: 'row', alignItems: 'center', gap: '0.3rem' }}>
          <input type="checkbox" style={{ minWidth: 0 }} checked={spin} onChange={(e) => setSpin(e.target.checked)} aria-label="Auto-rotate" /> Auto-rotate
        </label>
        <button type="button" className="secondary" onClick={() => { sceneRef.current?.setCamera(DEFAULT_CAMERA); setCamera(null); }}>Reset view</button>
      </div>
      <p className="view-note" data-view-status={query.status}>
        {query.status === 'done'
          ? `${data.rows.length.toLocaleString('en-US')} points${total > data.rows.length ? ` (a reproducible sample of ${total.toLocaleString('en-US')} rows)` : ''}. Drag to orbit, scroll to zoom, right-drag to pan, hover a point for details. Colour: hardware; shape: provenance.`
          : query.status === 'error' ? '' : 'Loading… (the first load after a data change waits for the per-configuration summary)'}
      </p>
      {query.status === 'error' ? <p className="error" role="alert">{query.error}</p> : null}
      {query.status === 'done' && data.rows.length === 0 ? (
        <EmptyState title="No points with all three axes">
          No row has <code>{x}</code>, <code>{y}</code> and <code>{z}</code> together under the current filters. Choose other axes (e.g. sequence length is often missing for vision models).
        </EmptyState>
      ) : null}
      <div ref={wrapRef} className="space-wrap chart-figure" data-chart="space" style={{ height: HEIGHT, padding: 0, display: query.status === 'done' && data.rows.length === 0 ? 'none' : undefined }}>
        <ExportButtons title={`3-D space ${x} ${y} ${z}`} target={{ kind: 'webgl', get: () => canvasRef.current }} />
        <canvas ref={canvasRef} style={{ width: '100%', height: HEIGHT }} onPointerMove={onMove} onPointerLeave={() => setHover(null)}
          aria-label={`3-D scatter of ${axisSpec(x).label}, ${axisSpec(y).label} and ${axisSpec(z).label}`} role="img" />
        <div ref={labelsRef} aria-hidden="true" />
        <div className="space-legend" data-legend="">
          <strong>Hardware</strong>
          <ul>{[...data.colors].slice(0, 16).map(([hw, c]) => <li key={hw}><span className="swatch" style={{ background: c }} />{hw}</li>)}
            {data.colors.size > 16 ? <li>… {data.colors.size - 16} more</li> : null}</ul>
          <strong>Source (shape)</strong>
          <ul>{data.sources.map((s) => (
            <li key={s}><svg width={12} height={12} aria-hidden="true"><SourceGlyph source={s} color="#374151" x={6} y={6} area={50} /></svg>{SOURCE_STYLES[s].label}</li>
          ))}</ul>
        </div>
        {hovered && hover ? (
          <div className="chart-tooltip" role="tooltip" style={{ left: Math.min(hover.left, width - 260), top: hover.top }}>
            {`${str(hovered.model)} on ${str(hovered.hardware)} · ${str(hovered.precision)} · batch ${str(hovered.batch_size)}
${axisSpec(x).label}: ${formatWithUnit(num(hovered.x), axisSpec(x).unit)}
${axisSpec(y).label}: ${formatWithUnit(num(hovered.y), axisSpec(y).unit)}
${axisSpec(z).label}: ${formatWithUnit(num(hovered.z), axisSpec(z).unit)}
Source: ${str(hovered.source)} — origin: ${str(hovered.origin)}`}
          </div>
        ) : null}
      </div>
    </section>
  );
}
