import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { decodePlan, encodePlan, PAGE_PROVIDERS, type PageProvider, type RunPlan } from '../../core/measure/plan.ts';
import { provenanceLabel } from '../../core/measure/record.ts';
import type { BenchmarkRecord, Precision } from '../../core/schema/record.ts';
import { BenchClient } from '../../runtime/web/bench-client.ts';
import { runnableModels } from '../../runtime/zoo-workload.ts';
import { formFromPlan, hashParams, planFromForm, type RunForm } from '../run/form.ts';
import { persistRun } from '../run/persist-run.ts';
import { runPlan, type RunItem } from '../run/run-plan-runner.ts';
import { useRunStore } from '../run/run-store.ts';
import '../run/RunView.css';

const PRECISION_CHOICES: Precision[] = ['fp32', 'fp16', 'int8', 'int4'];

function ms(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined ? '–' : value.toFixed(digits);
}

function itemLabel(item: RunItem): string {
  const c = item.config;
  return `${c.model.replace(/^file:/, '')} · ${c.ep} · ${c.precision} · batch ${c.batch} · seq ${c.seq} · ${c.threads} thread${c.threads > 1 ? 's' : ''}`;
}

function phaseText(item: RunItem): string {
  const p = item.progress;
  if (item.status !== 'running' || !p) return item.message ?? item.status;
  if (p.stage === 'build') return 'building the model';
  if (p.phase === 'measure') return `measuring on ${p.ep}: ${p.runs} runs, ${(p.elapsedMs / 1000).toFixed(1)} s`;
  return `${p.phase.replace('-', ' ')} on ${p.ep}`;
}

function ResultsTable({ records }: { records: BenchmarkRecord[] }) {
  if (records.length === 0) return null;
  return (
    <table className="run-results" aria-label="Measured runs">
      <thead>
        <tr>
          <th>Model</th><th>Provider</th><th>Prec.</th><th>Batch</th><th>Seq</th><th>Threads</th>
          <th>p50 ms</th><th>95% CI of p50</th><th>p90 ms</th><th>Runs</th><th>Load ms</th><th>First run ms</th><th>Peak MB</th><th>Output check</th><th>Provenance</th>
        </tr>
      </thead>
      <tbody>
        {records.map((r, i) => (
          <tr key={`${r.run_id}-${i}`} data-ep={String(r.execution_provider)} data-fallback={String(r.ep_fallback)}>
            <td>{r.model}</td>
            <td>{r.ep_fallback === 'true' ? `${r.execution_provider} (fallback from ${r.ep_requested})` : r.execution_provider}</td>
            <td>{r.precision}</td><td>{r.batch_size}</td><td>{r.seq_len ?? '–'}</td><td>{r.threads}</td>
            <td>{ms(r.latency_ms)}</td><td>{ms(r.latency_ci_lo_ms)}–{ms(r.latency_ci_hi_ms)}</td><td>{ms(r.latency_p90_ms)}</td>
            <td>{r.runs}</td><td>{ms(r.load_ms, 0)}</td><td>{ms(r.first_run_ms, 1)}</td><td>{ms(r.memory_mb, 0)}</td>
            <td title={String(r.output_check_reference ?? '')}>{String(r.output_check)}</td>
            <td className="provenance">{provenanceLabel(r)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

let initialLinkRead = false;

/**
 * The plan parameters of the link this page was opened with. The app's URL sync rewrites the
 * address to its canonical form before this view mounts, so the navigation entry (which keeps
 * the URL as opened) is read, once per page load.
 */
function initialLinkParams(): URLSearchParams | null {
  if (initialLinkRead) return null;
  initialLinkRead = true;
  const current = hashParams(window.location.hash);
  if (current.has('plan')) return current;
  const entry = performance.getEntriesByType('navigation')[0];
  if (!entry) return null;
  const opened = new URL(entry.name);
  const params = hashParams(opened.hash);
  return params.has('plan') ? params : null;
}

export default function RunView() {
  const { plan, capabilities, capabilityError, state, items, warnings, files } = useRunStore();
  const store = useRunStore.getState;
  const models = useMemo(() => runnableModels(), []);
  const [form, setForm] = useState<RunForm>(() => formFromPlan(plan));
  const [errors, setErrors] = useState<string[]>([]);
  const client = useRef<BenchClient | null>(null);
  const signal = useRef({ aborted: false });
  const autostart = useRef(false);

  const getClient = () => (client.current ??= new BenchClient());

  const applyLink = useCallback((params: URLSearchParams | null) => {
    const encoded = params?.get('plan');
    if (!params || !encoded || store().state === 'running') return;
    const decoded = decodePlan(encoded, models.map((m) => m.id));
    store().setPlan(decoded.plan);
    store().setWarnings(decoded.warnings);
    setForm(formFromPlan(decoded.plan));
    if (params.get('autostart') === '1' && decoded.plan.models.length > 0) {
      if (store().capabilities) void startRef.current?.(decoded.plan);
      else autostart.current = true;
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const startRef = useRef<((plan: RunPlan) => Promise<void>) | null>(null);

  useEffect(() => {
    applyLink(initialLinkParams());
    const onHashChange = (event: HashChangeEvent) => applyLink(hashParams(new URL(event.newURL).hash));
    window.addEventListener('hashchange', onHashChange);
    getClient().detect(1)
      .then((c) => store().setCapabilities(c))
      .catch((error: unknown) => store().setCapabilities(null, error instanceof Error ? error.message : String(error)));
    return () => {
      window.removeEventListener('hashchange', onHashChange);
      signal.current.aborted = true;
      client.current?.dispose();
      client.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const start = useCallback(async (planToRun: RunPlan) => {
    if (store().state === 'running') return;
    signal.current = { aborted: false };
    store().setState('running');
    const finished = await runPlan(planToRun, store().files, getClient(), {
      onItems: (next) => store().setItems(next),
      store: (record, importId) => persistRun(record, importId),
    }, signal.current);
    store().setState(finished.some((i) => i.status === 'cancelled') ? 'cancelled' : 'finished');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  startRef.current = start;

  useEffect(() => {
    if (autostart.current && capabilities) {
      autostart.current = false;
      void start(store().plan);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [capabilities]);

  const onStart = () => {
    const { plan: next, errors: problems } = planFromForm(form, capabilities?.maxThreads ?? 1);
    setErrors(problems);
    if (!next) return;
    store().setPlan(next);
    void start(next);
  };

  const onCancel = () => {
    signal.current.aborted = true;
    store().setState('cancelling');
    client.current?.cancel();
  };

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    const key = store().addFile(file.name, await file.arrayBuffer());
    setForm((f) => ({ ...f, models: f.models.includes(key) ? f.models : [...f.models, key] }));
  };

  const toggle = <T,>(list: T[], value: T, on: boolean): T[] => (on ? [...new Set([...list, value])] : list.filter((v) => v !== value));
  const running = state === 'running' || state === 'cancelling';
  const formPlan = planFromForm(form, capabilities?.maxThreads ?? 64).plan;
  const linkPlan = formPlan && formPlan.models.some((m) => !m.startsWith('file:'))
    ? { ...formPlan, models: formPlan.models.filter((m) => !m.startsWith('file:')) }
    : null;
  const done = items.filter((i) => i.status !== 'pending' && i.status !== 'running').length;
  const records = items.flatMap((i) => (i.record ? [i.record] : []));
  const current = items.find((i) => i.status === 'running');

  return (
    <section className="run-view" aria-labelledby="run-title">
      <h2 id="run-title">Run real workloads</h2>
      <p className="hint">
        Models run in a worker with onnxruntime-web: load, first run and warm-up are kept apart from the measured runs,
        outputs are checked against an unoptimized wasm session, and the provider that actually ran is recorded.
        Every finished run is stored at once.
      </p>
      {warnings.length > 0 && <ul className="warnings" aria-label="Plan warnings">{warnings.map((w) => <li key={w}>{w}</li>)}</ul>}
      <form className="run-form" onSubmit={(e) => { e.preventDefault(); onStart(); }}>
        <fieldset disabled={running}>
          <legend>Models</legend>
          <div className="choices">
            {models.map((m) => (
              <label key={m.id} title={`${m.name}; ${m.paramsM.toFixed(2)} M params; seq = ${m.seqMeaning}`}>
                <input type="checkbox" checked={form.models.includes(m.id)} onChange={(e) => setForm({ ...form, models: toggle(form.models, m.id, e.target.checked) })} />
                {m.id} <small>{m.paramsM < 1 ? `${(m.paramsM * 1000).toFixed(0)} k` : `${m.paramsM.toFixed(1)} M`}</small>
              </label>
            ))}
            {[...files.keys()].map((key) => (
              <label key={key}>
                <input type="checkbox" checked={form.models.includes(key)} onChange={(e) => setForm({ ...form, models: toggle(form.models, key, e.target.checked) })} />
                {key.slice(5)} <small>your file</small>
              </label>
            ))}
          </div>
          <label className="file">Bring your own .onnx <input type="file" accept=".onnx" aria-label="Bring your own .onnx" onChange={(e) => void onFile(e.target.files?.[0])} /></label>
        </fieldset>
        <fieldset disabled={running}>
          <legend>Execution providers</legend>
          {capabilityError && <p role="alert">Could not start the bench worker: {capabilityError}</p>}
          <ul className="eps">
            {PAGE_PROVIDERS.map((ep: PageProvider) => {
              const cap = capabilities?.providers[ep];
              return (
                <li key={ep}>
                  <label>
                    <input type="checkbox" checked={form.eps.includes(ep)} onChange={(e) => setForm({ ...form, eps: toggle(form.eps, ep, e.target.checked) })} />
                    {ep}
                  </label>{' '}
                  <span data-testid={`ep-${ep}-status`} className={cap ? (cap.available ? 'ok' : 'bad') : ''}>
                    {cap ? `${cap.available ? 'available' : 'unavailable'}: ${cap.reason}` : 'detecting…'}
                  </span>
                </li>
              );
            })}
          </ul>
          <label>
            If a provider cannot run{' '}
            <select value={form.onUnavailable} onChange={(e) => setForm({ ...form, onUnavailable: e.target.value as 'fallback' | 'skip' })}>
              <option value="fallback">measure on wasm, labelled as a fallback</option>
              <option value="skip">skip it</option>
            </select>
          </label>
          {capabilities && <p className="hint">{capabilities.browser}; crossOriginIsolated: {String(capabilities.crossOriginIsolated)}; up to {capabilities.maxThreads} wasm threads.</p>}
        </fieldset>
        <fieldset disabled={running}>
          <legend>Workload and protocol</legend>
          <div className="grid">
            <label>Batch sizes <input value={form.batches} onChange={(e) => setForm({ ...form, batches: e.target.value })} /></label>
            <label>Sequence lengths <input value={form.seqs} onChange={(e) => setForm({ ...form, seqs: e.target.value })} /></label>
            <label>Threads <input value={form.threads} onChange={(e) => setForm({ ...form, threads: e.target.value })} /></label>
            <label>Min runs <input value={form.minRuns} onChange={(e) => setForm({ ...form, minRuns: e.target.value })} /></label>
            <label>Min seconds <input value={form.minSeconds} onChange={(e) => setForm({ ...form, minSeconds: e.target.value })} /></label>
            <label>Warm-up runs <input value={form.warmup} onChange={(e) => setForm({ ...form, warmup: e.target.value })} /></label>
            <label>Max seconds <input value={form.maxSeconds} onChange={(e) => setForm({ ...form, maxSeconds: e.target.value })} /></label>
            <label>Hardware label <input value={form.hardware} placeholder="browser-host" onChange={(e) => setForm({ ...form, hardware: e.target.value })} /></label>
          </div>
          <div className="choices">
            Precisions:
            {PRECISION_CHOICES.map((p) => (
              <label key={p}><input type="checkbox" checked={form.precisions.includes(p)} onChange={(e) => setForm({ ...form, precisions: toggle(form.precisions, p, e.target.checked) })} />{p}</label>
            ))}
          </div>
        </fieldset>
        {errors.length > 0 && <ul role="alert" className="errors">{errors.map((e) => <li key={e}>{e}</li>)}</ul>}
        <div className="actions">
          <button type="submit" disabled={running || !capabilities}>Start</button>
          <button type="button" onClick={onCancel} disabled={!running}>Cancel</button>
          {linkPlan && (
            <>
              {' '}<a href={`#/run?plan=${encodePlan(linkPlan)}`}>Link to this plan</a>
              {' · '}<a href={`#/run?plan=${encodePlan(linkPlan)}&autostart=1`}>Link that starts it</a>
            </>
          )}
        </div>
      </form>
      {items.length > 0 && (
        <div className="run-progress">
          <label>
            Plan progress {done} / {items.length}{state === 'cancelled' ? ' (cancelled)' : state === 'finished' ? ' (finished)' : ''}{' '}
            <progress aria-label="Plan progress" max={items.length} value={done + (current?.progress?.fraction ?? 0)} />
          </label>
          <ol className="run-items" aria-label="Runs">
            {items.map((item) => (
              <li key={item.key} data-key={item.key} data-status={item.status}>
                <span className="status">{item.status}</span> {itemLabel(item)}
                {item.status === 'running' && item.progress && <progress max={1} value={item.progress.fraction} aria-label={`Progress of ${itemLabel(item)}`} />}
                <span className="detail"> {item.status === 'measured' && item.record ? `p50 ${ms(item.record.latency_ms)} ms${item.message ? ` (${item.message})` : ''}` : phaseText(item)}</span>
              </li>
            ))}
          </ol>
        </div>
      )}
      <ResultsTable records={records} />
    </section>
  );
}
