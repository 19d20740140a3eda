import { useState } from 'react';
import { exportFileName } from './filename.ts';
import { dataUrlToBlob, downloadBlob, downloadText, serializeSvg, svgToPngBlob } from './export.ts';

type Target = { kind: 'svg'; get: () => SVGSVGElement | null } | { kind: 'webgl'; get: () => HTMLCanvasElement | null };

/** PNG and SVG download buttons for one chart (PNG only for a WebGL canvas). */
export function ExportButtons({ title, target }: { title: string; target: Target }) {
  const [error, setError] = useState<string | null>(null);
  const run = (f: () => Promise<void> | void) => async () => {
    setError(null);
    try { await f(); } catch (e) { setError(e instanceof Error ? e.message : String(e)); }
  };
  const png = run(async () => {
    if (target.kind === 'svg') {
      const svg = target.get();
      if (svg) downloadBlob(await svgToPngBlob(svg), exportFileName(title, 'png'));
    } else {
      const canvas = target.get();
      if (canvas) downloadBlob(dataUrlToBlob(canvas.toDataURL('image/png')), exportFileName(title, 'png'));
    }
  });
  const svg = run(() => {
    if (target.kind !== 'svg') return;
    const el = target.get();
    if (el) downloadText(serializeSvg(el), exportFileName(title, 'svg'), 'image/svg+xml');
  });
  return (
    <span className="chart-toolbar">
      <button type="button" onClick={png} aria-label={`Download ${title} as PNG`}>PNG</button>
      {target.kind === 'svg' ? <button type="button" onClick={svg} aria-label={`Download ${title} as SVG`}>SVG</button> : null}
      {error ? <span className="error" role="alert">{error}</span> : null}
    </span>
  );
}
