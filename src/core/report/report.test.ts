import { describe, expect, it } from 'vitest';
import { buildReportHtml, escapeHtml, type ReportInput } from './report.ts';

const hostile = `<script>alert("x")</script>&'`;

const input: ReportInput = {
  title: `Report for ${hostile}`,
  generatedAt: '2026-11-23T04:00:00Z',
  datasetHash: 'abc123',
  filters: `model IN ('${hostile}')`,
  metrics: [{ id: 'latency_ms', label: 'Latency', unit: 'ms', better: 'lower' }, { id: 'memory_mb', label: 'Memory', unit: 'MB', better: 'lower' }],
  rows: [
    { model: hostile, hardware: 'a100', precision: 'fp16', source: 'imported', metric: 'latency_ms', value: 3.5, n: 2, origins: `csv ${hostile}` },
    { model: hostile, hardware: `<img src=x onerror=alert(1)>`, precision: 'fp32', source: 'predicted', metric: 'latency_ms', value: 12, n: 1, origins: 'gbm' },
  ],
  link: `https://example.test/#/compare?x="><script>`,
};

describe('buildReportHtml', () => {
  const html = buildReportHtml(input);

  it('escapes every piece of text from the data', () => {
    expect(escapeHtml(`<a href="x">'&`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('"><script');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;');
  });

  it('is self-contained: inline SVG and styles, no external resources', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(html).not.toMatch(/<(script|link)\b/i);
    expect(html).not.toMatch(/src="http/);
  });

  it('draws each row with its provenance shape and lists it in a table', () => {
    expect(html).toContain('<rect x="'); // imported square glyph among bars
    expect(html).toMatch(/<polygon points="[^"]+" fill="#ffffff" stroke="[^"]+" stroke-width="1.5" stroke-dasharray="2 1.5"\/>/); // predicted, hollow dashed diamond
    expect(html.match(/<tr><td>/g)).toHaveLength(2);
    expect(html).toContain('<td class="num">3.50</td>');
  });

  it('says when a chosen metric has no rows', () => {
    expect(html).toContain('No rows carry this metric');
  });
});

describe('reportAxis', () => {
  it('goes log with powers of ten when values span 50x, else linear with round ticks from 0', async () => {
    const { reportAxis } = await import('./report.ts');
    expect(reportAxis([1.4, 10040])).toEqual({ log: true, domain: [1, 100000], ticks: [1, 10, 100, 1000, 10000, 100000] });
    const lin = reportAxis([3, 9.5]);
    expect(lin.log).toBe(false);
    expect(lin.ticks).toEqual([0, 2.5, 5, 7.5, 10]);
  });
});
