import { scaleUtc, utcFormat } from 'd3';
import { useMemo, useState } from 'react';
import { METRIC_BY_ID, metricSpec } from '../../core/query/metrics.ts';
import { detectRegressions, type Flag } from '../../core/regress/detect.ts';
import { CONFIGURATION_FIELDS, OBSERVED_SOURCES, configurationKey, recordTime } from '../../core/regress/series.ts';
import { fnv1a64 } from '../../core/share/hash.ts';
import { filtersToSql } from '../../core/share/sql.ts';
import { quoteIdent } from '../../core/sql.ts';
import { AxisBottom, AxisLeft } from '../charts/Axes.tsx';
import { ChartFrame, EmptyState, TITLE_HEIGHT, useElementWidth } from '../charts/ChartFrame.tsx';
import { describeMark } from '../charts/describe.ts';
import { SOURCE_ORDER, categoryColors, sourceKind, type SourceKind } from '../charts/encoding.ts';
import { Legend, LEGEND_WIDTH, legendHeight } from '../charts/Legend.tsx';
import { chooseScaleKind, formatNumber, formatWithUnit, makeScale, paddedDomain, tickValues } from '../charts/scales.ts';
import { SourceGlyph } from '../charts/SourceGlyph.tsx';
import { truncate } from '../charts/text.ts';
import { FiltersBar } from '../components/FiltersBar.tsx';
import type { Row } from '../../data/connector.ts';
import { useQuery } from '../hooks/useQuery.ts';
import { useViewStore } from '../stores/view.ts';
import { MetricSelect } from '../components/MetricSelect.tsx';

/** Most rows read for the history; the query keeps the newest. */
const ROW_LIMIT = 50_000;
/** Configurations drawn when none is chosen. */
const DEFAULT_SHOWN = 6;
const MIN_POINTS = 3;
/** Flags listed at once (newest first). */
const LIST_LIMIT = 200;
const REGRESSION_COLOR = '#c62828';
const IMPROVEMENT_COLOR = '#2e7d32';

function historySql(metric: string, where: string): string {
  const columns = ['source', 'origin', 'run_id', 'measured_at', ...CONFIGURATION_FIELDS.filter((f) => f !== 'source')];
  return `SELECT * FROM (SELECT ${columns.map(quoteIdent).join(', ')}, ${quoteIdent(metric)} AS value FROM records`
    + ` WHERE (${where}) AND measured_at IS NOT NULL AND ${quoteIdent(metric)} IS NOT NULL`
    + ` ORDER BY measured_at DESC LIMIT ${ROW_LIMIT}) ORDER BY measured_at`;
}

interface HistoryPoint {
  t: number;
  value: number;
  rows: Row[];
}

interface Configuration {
  id: string;
  label: string;
  source: SourceKind;
  points: HistoryPoint[];
  flags: Flag[];
  /** Whether detection ran (only observed sources: predictions are not a history). */
  tested: boolean;
  /** Harnesses or import adapters the rows came from. */
  origins: string;
}

interface FlagEntry {
  id: string;
  config: Configuration;
  flag: Flag;
}

function label(row: Row): string {
  const parts = [row.model, row.hardware, row.precision, `batch ${row.batch_size}`, row.execution_provider, row.source];
  return parts.filter((p) => p !== null && p !== undefined && p !== '').map(String).join(' · ');
}

function buildConfigurations(rows: readonly Row[], better: 'lower' | 'higher'): Configuration[] {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const key = configurationKey(row);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(row);
  }
  const out: Configuration[] = [];
  for (const [key, group] of groups) {
    const series = group.map((r) => ({ t: recordTime(r.measured_at), value: typeof r.value === 'number' ? r.value : Number(r.value) }));
    const result = detectRegressions(series, { better });
    if (result.points.length < MIN_POINTS) continue;
    const tested = OBSERVED_SOURCES.includes(String(group[0].source));
    out.push({
      id: fnv1a64(key).slice(0, 10),
      label: label(group[0]),
      source: sourceKind(group[0].source),
      points: result.points.map((p) => ({ t: p.t, value: p.value, rows: p.inputs.map((i) => group[i]) })),
      flags: tested ? result.flags : [],
      tested,
      origins: [...new Set(group.map((r) => String(r.origin ?? '')))].filter(Boolean).join(', '),
    });
  }
  return out.sort((a, b) => b.flags.length - a.flags.length || b.points.length - a.points.length || a.label.localeCompare(b.label));
}

function flagId(config: Configuration, flag: Flag): string {
  return `f:${config.id}:${flag.t}:${flag.method}`;
}

function formatPercent(x: number): string {
  return `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(Math.abs(x) < 0.1 ? 1 : 0)}%`;
}

function formatP(p: number): string {
  return p < 1e-4 ? 'p < 0.0001' : `p = ${p.toPrecision(2)}`;
}

const formatTime = utcFormat('%Y-%m-%d %H:%M UTC');

function HistoryChart({ configs, highlighted, highlightedFlag, unit, metricLabel, better, width, onPick }: {
  configs: Configuration[]; highlighted: string | null; highlightedFlag: string | null; unit: string; metricLabel: string;
  better: string; width: number; onPick: (id: string) => void;
}) {
  const colors = categoryColors(configs.map((c) => c.label));
  const sources = SOURCE_ORDER.filter((s) => configs.some((c) => c.points.some((p) => p.rows.some((r) => sourceKind(r.source) === s))));
  const margin = { left: 68, right: LEGEND_WIDTH + 24, top: TITLE_HEIGHT + 12, bottom: 52 };
  const extra = [
    { label: 'step (change point)', swatch: 'dashed' as const, color: '#374151' },
    { label: 'threshold flag (ring)', swatch: 'line' as const, color: '#374151' },
    { label: 'regression', swatch: 'line' as const, color: REGRESSION_COLOR },
    { label: 'improvement', swatch: 'line' as const, color: IMPROVEMENT_COLOR },
  ];
  const height = Math.max(360, margin.top + legendHeight(configs.length, sources.length, extra.length) + 10);
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const times = configs.flatMap((c) => c.points.map((p) => p.t));
  const values = configs.flatMap((c) => c.points.map((p) => p.value));
  const [t0, t1] = [Math.min(...times), Math.max(...times)];
  const pad = t0 === t1 ? 3_600_000 : (t1 - t0) * 0.03;
  const x = scaleUtc().domain([t0 - pad, t1 + pad]).range([margin.left, margin.left + plotW]);
  const xTicks = x.ticks(Math.max(2, Math.floor(plotW / 110))).map((d) => +d);
  const xFormat = x.tickFormat();
  const kind = chooseScaleKind(values);
  const y = makeScale(kind, paddedDomain(values, kind), [margin.top + plotH, margin.top]);
  const xLinear = makeScale('linear', [t0 - pad, t1 + pad], [margin.left, margin.left + plotW]).domain([t0 - pad, t1 + pad]);

  return (
    <ChartFrame chartId="history" title={`${metricLabel} over time`} width={width} height={height}
      subtitle={`one line per configuration · ${better} is better · steps and threshold flags from the regression detector`}>
      {({ show, hide }) => (
        <g>
          <AxisLeft scale={y} ticks={tickValues(y, kind)} label={`${metricLabel} (${unit})`} span={plotW} x={margin.left} />
          <AxisBottom scale={xLinear} ticks={xTicks} label="Measured at (UTC)" span={plotH} y={margin.top + plotH}
            format={(v) => xFormat(new Date(v))} />
          {configs.map((c) => {
            const color = colors.get(c.label)!;
            const dim = highlighted !== null && highlighted !== c.id;
            const path = c.points.map((p, i) => `${i ? 'L' : 'M'}${x(p.t)},${y(p.value)}`).join('');
            return (
              <g key={c.id} opacity={dim ? 0.25 : 1} data-config={c.id}>
                <path d={path} fill="none" stroke={color} strokeWidth={highlighted === c.id ? 2.5 : 1.5}
                  strokeDasharray={c.source === 'predicted' ? '5 3' : undefined} />
                {c.flags.filter((f) => f.method === 'step').map((f) => (
                  <g key={`s${f.t}`} data-flag="step" data-direction={f.direction}>
                    <line x1={x(f.t)} x2={x(f.t)} y1={margin.top} y2={margin.top + plotH}
                      stroke={f.direction === 'regression' ? REGRESSION_COLOR : IMPROVEMENT_COLOR} strokeDasharray="5 4"
                      strokeWidth={highlightedFlag === flagId(c, f) ? 3 : 1.5} />
                    <path d={`M${x(f.t) - 5},${margin.top} h10 l-5,7 z`} fill={f.direction === 'regression' ? REGRESSION_COLOR : IMPROVEMENT_COLOR}
                      onMouseMove={(e) => show(e, flagText(c, f, unit))} onMouseLeave={hide} onClick={() => onPick(c.id)} />
                  </g>
                ))}
                {c.points.map((p) => {
                  const source = sourceKind(p.rows[0].source);
                  const flag = c.flags.find((f) => f.method === 'threshold' && f.t === p.t);
                  return (
                    <g key={p.t} onMouseMove={(e) => show(e, pointText(c, p, unit, metricLabel))} onMouseLeave={hide}
                      onClick={() => onPick(c.id)} style={{ cursor: 'pointer' }}>
                      {flag ? (
                        <circle cx={x(p.t)} cy={y(p.value)} r={highlightedFlag === flagId(c, flag) ? 12 : 9} fill="none"
                          strokeWidth={highlightedFlag === flagId(c, flag) ? 3 : 2} data-flag="threshold" data-direction={flag.direction}
                          stroke={flag.direction === 'regression' ? REGRESSION_COLOR : IMPROVEMENT_COLOR} />
                      ) : null}
                      <SourceGlyph source={source} color={color} x={x(p.t)} y={y(p.value)} area={42} />
                    </g>
                  );
                })}
              </g>
            );
          })}
          <Legend x={width - LEGEND_WIDTH - 8} y={margin.top} colorTitle="Configuration"
            colors={configs.map((c) => ({ label: c.label, color: colors.get(c.label)! }))} sources={sources} extra={extra} />
        </g>
      )}
    </ChartFrame>
  );
}

function pointText(c: Configuration, p: HistoryPoint, unit: string, metricLabel: string): string {
  const first = p.rows[0];
  return describeMark({
    heading: `${c.label} at ${formatTime(new Date(p.t))}`,
    values: [{ label: metricLabel, value: p.value, unit }],
    source: String(first.source ?? 'unknown'),
    origins: [...new Set(p.rows.map((r) => String(r.origin ?? '')))].filter(Boolean).join(', ') || null,
    n: p.rows.length > 1 ? p.rows.length : null,
    notes: [
      ...(first.run_id ? [`Run: ${String(first.run_id)}`] : []),
      ...(c.tested ? [] : ['Predicted values are drawn but not tested for regressions.']),
    ],
  });
}

function flagText(c: Configuration, f: Flag, unit: string): string {
  const method = f.method === 'step' ? `Step (PELT change point, Mann-Whitney over ${f.nBefore} vs ${f.nAfter} points)` : `Threshold (vs trailing ${f.nBefore} points, new-value t-test)`;
  return [
    `${f.direction === 'regression' ? 'Regression' : 'Improvement'} in ${c.label}`,
    `${method}`,
    `At ${formatTime(new Date(f.t))}: ${formatWithUnit(f.before, unit)} → ${formatWithUnit(f.after, unit)} (${formatPercent(f.relativeChange)}, ${f.absoluteChange >= 0 ? '+' : ''}${formatNumber(f.absoluteChange)} ${unit})`,
    formatP(f.pValue),
    `Source: ${c.source}${c.origins ? ` — origin: ${c.origins}` : ''}`,
  ].join('\n');
}

export default function HistoryView() {
  const filters = useViewStore((s) => s.f);
  const options = useViewStore((s) => s.o);
  const selection = useViewStore((s) => s.sel);
  const setSelection = useViewStore((s) => s.setSelection);
  const [regressionsOnly, setRegressionsOnly] = useState(true);
  const metric = METRIC_BY_ID.has(options.metric) ? metricSpec(options.metric) : metricSpec('latency_ms');
  const where = useMemo(() => filtersToSql(filters), [filters]);
  const state = useQuery(historySql(metric.id, where));
  const [ref, width] = useElementWidth<HTMLDivElement>();

  const configs = useMemo(() => buildConfigurations(state.result?.rows ?? [], metric.better), [state.result, metric.better]);
  const entries: FlagEntry[] = useMemo(() => configs.flatMap((config) => config.flags.map((flag) => ({ id: flagId(config, flag), config, flag })))
    .sort((a, b) => b.flag.t - a.flag.t), [configs]);
  const listed = regressionsOnly ? entries.filter((e) => e.flag.direction === 'regression') : entries;

  const chosen = new Set(selection.filter((s) => s.startsWith('c:')).map((s) => s.slice(2)));
  const highlightedFlag = selection.find((s) => s.startsWith('f:')) ?? null;
  const highlightedConfig = highlightedFlag ? highlightedFlag.split(':')[1] : null;
  const shown = chosen.size > 0 ? configs.filter((c) => chosen.has(c.id)) : configs.slice(0, DEFAULT_SHOWN);
  if (highlightedConfig && !shown.some((c) => c.id === highlightedConfig)) {
    const extra = configs.find((c) => c.id === highlightedConfig);
    if (extra) shown.push(extra);
  }

  const toggleConfig = (id: string) => {
    const next = new Set(chosen.size > 0 ? chosen : shown.map((c) => c.id));
    if (next.has(id)) next.delete(id); else next.add(id);
    setSelection([...[...next].map((c) => `c:${c}`), ...(highlightedFlag ? [highlightedFlag] : [])]);
  };
  const pickFlag = (entry: FlagEntry) => {
    const keep = selection.filter((s) => s.startsWith('c:'));
    setSelection(highlightedFlag === entry.id ? keep : [...keep, entry.id]);
  };

  return (
    <section aria-label="History">
      <h2>History</h2>
      <FiltersBar />
      <div className="view-controls">
        <MetricSelect metric={metric.id} />
      </div>
      <div ref={ref} data-view-status={state.status}>
        {state.status === 'error' ? <p className="error" role="alert">{state.error}</p> : null}
        {state.status === 'done' && configs.length === 0 ? (
          <EmptyState title="No history to show">
            History needs a configuration (model × hardware × precision × batch × execution provider × source) with
            {' '}<code>{metric.id}</code> at {MIN_POINTS} or more different <code>measured_at</code> times under the current
            filters. The query returned {state.result.rows.length} row{state.result.rows.length === 1 ? '' : 's'} with a time
            and a value. Measure the same configuration again on the Run view, or import results that carry timestamps.
          </EmptyState>
        ) : configs.length > 0 ? (
          <>
            <HistoryChart configs={shown} highlighted={highlightedConfig} highlightedFlag={highlightedFlag} unit={metric.unit} metricLabel={metric.label}
              better={metric.better} width={width} onPick={(id) => toggleConfig(id)} />
            {state.result && state.result.rows.length >= ROW_LIMIT ? (
              <p className="view-note warning">Only the newest {ROW_LIMIT.toLocaleString()} rows are read; narrow the filters to see older history.</p>
            ) : null}
            <div className="history-panels" style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(380px, 1fr))', gap: '1rem' }}>
              <div>
                <h3>{regressionsOnly ? 'Regressions' : 'Flagged changes'} ({listed.length})</h3>
                <label style={{ fontSize: '0.85rem' }}>
                  <input type="checkbox" checked={regressionsOnly} onChange={(e) => setRegressionsOnly(e.target.checked)} />
                  {' '}Regressions only
                </label>
                {listed.length === 0 ? (
                  <p className="view-note" data-flag-list-empty="">
                    No {regressionsOnly ? 'regressions' : 'changes'} flagged in {configs.filter((c) => c.tested).length} tested configuration(s).
                  </p>
                ) : (
                  <table className="drill-table" data-flag-list="">
                    <thead>
                      <tr><th>When (UTC)</th><th>Configuration</th><th>Method</th><th>Change</th><th>Confidence</th></tr>
                    </thead>
                    <tbody>
                      {listed.slice(0, LIST_LIMIT).map((e) => (
                        <tr key={e.id} onClick={() => pickFlag(e)} aria-selected={highlightedFlag === e.id}
                          style={{ cursor: 'pointer', background: highlightedFlag === e.id ? '#eef4ff' : undefined }}
                          data-flag-entry={e.flag.method} data-direction={e.flag.direction}>
                          <td>{formatTime(new Date(e.flag.t))}</td>
                          <td title={e.config.label}>{truncate(e.config.label, 60)}</td>
                          <td>{e.flag.method === 'step' ? 'step' : 'threshold'}</td>
                          <td className="num" style={{ color: e.flag.direction === 'regression' ? REGRESSION_COLOR : IMPROVEMENT_COLOR }}
                            title={`${formatWithUnit(e.flag.before, metric.unit)} → ${formatWithUnit(e.flag.after, metric.unit)}`}>
                            {formatPercent(e.flag.relativeChange)} ({e.flag.absoluteChange >= 0 ? '+' : ''}{formatNumber(e.flag.absoluteChange)} {metric.unit})
                          </td>
                          <td className="num" title={e.flag.test === 'mann-whitney' ? 'Mann-Whitney U, two-sided' : 'new value vs trailing window, t-test on logs'}>
                            {formatP(e.flag.pValue)}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
                {listed.length > LIST_LIMIT ? (
                  <p className="view-note">Showing the newest {LIST_LIMIT} of {listed.length}; narrow the filters to see the rest.</p>
                ) : null}
              </div>
              <div>
                <h3>Configurations ({configs.length} with ≥ {MIN_POINTS} times)</h3>
                <ul style={{ listStyle: 'none', padding: 0, margin: 0, maxHeight: '18rem', overflow: 'auto', fontSize: '0.82rem' }} data-config-list="">
                  {configs.map((c) => (
                    <li key={c.id}>
                      <label title={c.label}>
                        <input type="checkbox" checked={shown.some((s) => s.id === c.id)} onChange={() => toggleConfig(c.id)} />
                        {' '}{truncate(c.label, 70)} <span style={{ color: '#6b7280' }}>({c.points.length} times, {c.tested ? `${c.flags.length} flag${c.flags.length === 1 ? '' : 's'}` : 'not tested: predicted'})</span>
                      </label>
                    </li>
                  ))}
                </ul>
              </div>
            </div>
            <p className="view-note">
              Steps: PELT change points on log values (penalty 4·ln n), kept when a Mann-Whitney test between the segments gives p ≤ 0.01 and the
              change is at least 2%. Threshold flags: a value at least 10% away from the geometric mean of the previous 20 values with a new-value
              t-test p ≤ 0.0001. Direction follows the metric ({metric.better} is better). See docs/regressions.md.
            </p>
          </>
        ) : state.status !== 'error' ? <p role="status">Loading…</p> : null}
      </div>
    </section>
  );
}
