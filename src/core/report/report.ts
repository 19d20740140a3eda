/**
 * A self-contained HTML comparison report: inline CSS, an inline SVG bar chart per metric and
 * model, and the data table behind it. Pure string building so it runs anywhere and is tested;
 * every piece of text from the data passes through escapeHtml.
 */

export interface ReportMetric {
  readonly id: string;
  readonly label: string;
  readonly unit: string;
  readonly better: 'lower' | 'higher';
}

export interface ReportRow {
  readonly model: string;
  readonly hardware: string;
  readonly precision: string;
  readonly source: string;
  readonly metric: string;
  readonly value: number;
  readonly n: number;
  readonly origins: string;
}

export interface ReportInput {
  readonly title: string;
  /** ISO timestamp; passed in so the function stays pure. */
  readonly generatedAt: string;
  readonly datasetHash?: string | null;
  /** Human-readable description of the filters applied. */
  readonly filters: string;
  readonly metrics: readonly ReportMetric[];
  readonly rows: readonly ReportRow[];
  /** Link back to the same view in Perfcast, if known. */
  readonly link?: string | null;
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

export function formatReportNumber(v: number): string {
  if (!Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  if (a >= 1000) return Math.round(v).toLocaleString('en-US');
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  return v.toPrecision(2);
}

const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#8C6D1F', '#000000', '#4E79A7', '#F28E2B'];

/** Same provenance encoding as the app: shape per source; hollow when simulated/predicted. */
function glyph(source: string, x: number, y: number, color: string): string {
  const filled = source === 'measured' || source === 'imported';
  const fill = filled ? color : '#ffffff';
  const dash = source === 'predicted' ? ' stroke-dasharray="2 1.5"' : '';
  const common = `fill="${fill}" stroke="${color}" stroke-width="1.5"${dash}`;
  switch (source) {
    case 'imported': return `<rect x="${x - 4.5}" y="${y - 4.5}" width="9" height="9" ${common}/>`;
    case 'simulated': return `<polygon points="${x},${y - 5.5} ${x + 5.5},${y + 4.5} ${x - 5.5},${y + 4.5}" ${common}/>`;
    case 'predicted': return `<polygon points="${x},${y - 6} ${x + 5},${y} ${x},${y + 6} ${x - 5},${y}" ${common}/>`;
    default: return `<circle cx="${x}" cy="${y}" r="4.8" ${common}/>`;
  }
}

/** A linear or log (when values span 50x or more) axis over [0 or min, max] with round ticks. */
export function reportAxis(values: readonly number[]): { log: boolean; domain: [number, number]; ticks: number[] } {
  const positive = values.filter((v) => v > 0 && Number.isFinite(v));
  const max = Math.max(...positive, 0) || 1;
  const min = Math.min(...positive, max);
  if (positive.length > 1 && max / min >= 50) {
    const lo = 10 ** Math.floor(Math.log10(min));
    const hi = 10 ** Math.ceil(Math.log10(max));
    const ticks: number[] = [];
    for (let t = lo; t <= hi * 1.0001; t *= 10) ticks.push(t);
    return { log: true, domain: [lo, hi], ticks };
  }
  const rough = max / 4;
  const mag = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((k) => k * mag).find((k) => k >= rough) ?? 10 * mag;
  const hi = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let t = 0; t <= hi + step / 2; t += step) ticks.push(Number(t.toPrecision(12)));
  return { log: false, domain: [0, hi], ticks };
}

function barChartSvg(metric: ReportMetric, model: string, rows: readonly ReportRow[], colorOf: (hw: string) => string): string {
  const band = 22;
  const labelW = 230;
  const plotW = 460;
  const top = 30;
  const height = top + rows.length * band + 40;
  const width = labelW + plotW + 110;
  const axis = reportAxis(rows.map((r) => r.value));
  const [d0, d1] = axis.domain;
  const x = (v: number) => labelW + plotW * (axis.log
    ? (Math.log10(Math.max(v, d0)) - Math.log10(d0)) / (Math.log10(d1) - Math.log10(d0))
    : (v - d0) / (d1 - d0));
  const title = `${metric.label} (${metric.unit}) — ${model}`;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(title)}" font-family="system-ui, sans-serif" font-size="11">`,
    `<title>${escapeHtml(title)}</title>`,
    `<text x="4" y="16" font-size="13" font-weight="700" fill="#1d2433">${escapeHtml(title)}</text>`,
  ];
  rows.forEach((r, i) => {
    const y = top + i * band;
    const color = colorOf(r.hardware);
    const filled = r.source === 'measured' || r.source === 'imported';
    const label = `${r.hardware} · ${r.precision} · ${r.source}`;
    parts.push(
      `<text x="${labelW - 8}" y="${y + band / 2}" dy="0.32em" text-anchor="end" fill="#374151">${escapeHtml(label)}</text>`,
      `<rect x="${labelW}" y="${y + 4}" width="${Math.max(1, x(r.value) - labelW).toFixed(1)}" height="${band - 8}" fill="${filled ? color : '#ffffff'}" fill-opacity="${r.source === 'imported' ? 0.5 : 0.85}" stroke="${color}"${r.source === 'predicted' ? ' stroke-dasharray="3 2"' : ''}/>`,
      glyph(r.source, x(r.value), y + band / 2, color),
      `<text x="${(x(r.value) + 10).toFixed(1)}" y="${y + band / 2}" dy="0.32em" fill="#1d2433">${escapeHtml(formatReportNumber(r.value))} ${escapeHtml(metric.unit)}</text>`,
    );
  });
  const axisY = top + rows.length * band + 4;
  parts.push(`<line x1="${labelW}" x2="${labelW + plotW}" y1="${axisY}" y2="${axisY}" stroke="#6b7280"/>`);
  for (const t of axis.ticks) {
    parts.push(`<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="${axisY}" y2="${axisY + 4}" stroke="#6b7280"/><text x="${x(t).toFixed(1)}" y="${axisY + 15}" text-anchor="middle" fill="#374151">${escapeHtml(t >= 1000 ? t.toLocaleString('en-US') : String(Number(t.toPrecision(3))))}</text>`);
  }
  parts.push(`<text x="${labelW + plotW / 2}" y="${axisY + 31}" text-anchor="middle" font-weight="600" fill="#374151">${escapeHtml(`${metric.label} (${metric.unit})${axis.log ? ', log scale' : ''}, ${metric.better} is better`)}</text>`, '</svg>');
  return parts.join('');
}

function table(metric: ReportMetric, rows: readonly ReportRow[]): string {
  const head = ['hardware', 'precision', 'source', `${metric.label} (${metric.unit})`, 'rows', 'origin'];
  const body = rows.map((r) => `<tr><td>${escapeHtml(r.hardware)}</td><td>${escapeHtml(r.precision)}</td><td class="src-${escapeHtml(r.source)}">${escapeHtml(r.source)}</td><td class="num">${escapeHtml(formatReportNumber(r.value))}</td><td class="num">${r.n}</td><td>${escapeHtml(r.origins)}</td></tr>`);
  return `<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${body.join('')}</tbody></table>`;
}

export function buildReportHtml(input: ReportInput): string {
  const hardware = [...new Set(input.rows.map((r) => r.hardware))].sort();
  const colorOf = (hw: string) => PALETTE[Math.max(0, hardware.indexOf(hw)) % PALETTE.length];
  const sources = [...new Set(input.rows.map((r) => r.source))].sort();
  const sections: string[] = [];
  for (const metric of input.metrics) {
    const forMetric = input.rows.filter((r) => r.metric === metric.id);
    const models = [...new Set(forMetric.map((r) => r.model))].sort();
    sections.push(`<section><h2>${escapeHtml(`${metric.label} (${metric.unit})`)}</h2>`);
    if (models.length === 0) sections.push('<p class="empty">No rows carry this metric for the chosen models and filters.</p>');
    for (const model of models) {
      const rows = forMetric.filter((r) => r.model === model)
        .sort((a, b) => (metric.better === 'lower' ? a.value - b.value : b.value - a.value));
      sections.push(`<h3>${escapeHtml(model)}</h3><figure>${barChartSvg(metric, model, rows, colorOf)}</figure>${table(metric, rows)}`);
    }
    sections.push('</section>');
  }
  const provenance = sources.map((s) => `<li>${escapeHtml(s)}: ${input.rows.filter((r) => r.source === s).reduce((a, r) => a + r.n, 0)} rows</li>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)}</title>
<style>
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1d2433;margin:2rem auto;max-width:980px;padding:0 1rem}
h1{font-size:1.5rem}h2{border-bottom:1px solid #d8dce3;padding-bottom:.25rem;margin-top:2rem}h3{margin-bottom:.25rem}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0 1.5rem}th,td{border-bottom:1px solid #e5e7eb;padding:.25rem .6rem;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums}.meta{color:#4b5563;font-size:.9rem}figure{margin:.5rem 0}
.src-predicted,.src-simulated{font-style:italic}.empty{color:#8a4b00}
</style></head><body>
<h1>${escapeHtml(input.title)}</h1>
<p class="meta">Generated ${escapeHtml(input.generatedAt)} by Perfcast${input.datasetHash ? ` from data set ${escapeHtml(input.datasetHash)}` : ''}. Filters: ${escapeHtml(input.filters || 'none')}.${input.link ? ` <a href="${escapeHtml(input.link)}">Open in Perfcast</a>.` : ''}</p>
<p class="meta">Each value is the median over the rows of one model × hardware × precision × source (all batch sizes and sequence lengths the filters keep). Provenance is kept apart, never averaged together: shape and fill say where a number came from (● measured, ■ imported, ▲ simulated — hollow, ◆ predicted — hollow, dashed).</p>
<ul class="meta">${provenance}</ul>
${sections.join('\n')}
</body></html>
`;
}
