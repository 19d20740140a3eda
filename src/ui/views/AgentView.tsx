import { useEffect, useMemo, useRef, useState } from 'react';
import { provenanceLabel } from '../../core/measure/record.ts';
import type { BenchmarkRecord } from '../../core/schema/record.ts';
import { summarizeValidation, type PredictorStatus, type RefinementEvent, type ValidationFigures, type ValidationRecord } from '../../core/validation/summary.ts';
import { runnableModels } from '../../runtime/zoo-workload.ts';
import { AgentClient, followStream, type AgentEvent, type StreamState } from '../agent/agent-client.ts';
import { ingestEvent, lastSeqKey, type RecordSink } from '../agent/agent-ingest.ts';
import { persistRun } from '../run/persist-run.ts';
import { libraryWhenReady } from '../stores/library.ts';
import '../run/RunView.css';

const TOKEN_KEY = 'perfcast.agent.token';
const URL_KEY = 'perfcast.agent.url';

/** The agent address and token from the link `perfcast agent` printed (they travel in the hash). */
function linkCredentials(): { url: string | null; token: string | null } {
  const read = (hash: string) => new URLSearchParams(hash.includes('?') ? hash.slice(hash.indexOf('?') + 1) : '');
  let params = read(window.location.hash);
  if (!params.has('token') && !params.has('agent')) {
    const entry = performance.getEntriesByType('navigation')[0];
    if (entry) params = read(new URL(entry.name).hash);
  }
  return { url: params.get('agent'), token: params.get('token') };
}

const pageSink: RecordSink = {
  async has(importId) {
    const library = await libraryWhenReady();
    return library ? (await library.listImports()).some((b) => b.importId === importId) : false;
  },
  add: (record, importId) => persistRun(record, importId),
};

interface Validation extends ValidationRecord {
  run_id: string; model: string; batch_size: number; seq_len: number | null; precision: string; threads: number;
  predicted_latency_ms: number | null; predicted_lo_ms: number | null; predicted_hi_ms: number | null; measured_latency_ms: number;
  error_pct: number | null; inside_interval: boolean | null; predictor_id: string | null; prediction_note: string;
}

interface Progress { index: number; phase: string; runs: number; fraction: number; model?: string }

const pct = (v: number | null) => (v === null ? '–' : `${v.toFixed(1)} %`);
const share = (f: ValidationFigures) => (f.coverage === null ? '–' : `${(f.coverage * 100).toFixed(0)} % of ${f.runs}`);
const ms = (v: number | null | undefined, d = 2) => (v === null || v === undefined ? '–' : v.toFixed(d));

function integers(text: string): number[] | null {
  const list = text.split(/[,\s]+/).filter(Boolean).map(Number);
  return list.length && list.every((n) => Number.isInteger(n) && n > 0) ? list : null;
}

export default function AgentView() {
  const initial = useMemo(linkCredentials, []);
  const [url, setUrl] = useState(initial.url ?? sessionStorage.getItem(URL_KEY) ?? 'http://127.0.0.1:7878');
  const [token, setToken] = useState(initial.token ?? sessionStorage.getItem(TOKEN_KEY) ?? '');
  const [client, setClient] = useState<AgentClient | null>(null);
  const [machine, setMachine] = useState<Record<string, any> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [stream, setStream] = useState<StreamState | null>(null);
  const [records, setRecords] = useState<BenchmarkRecord[]>([]);
  const [validations, setValidations] = useState<Validation[]>([]);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [log, setLog] = useState<string[]>([]);
  const [predictor, setPredictor] = useState<PredictorStatus | null>(null);
  const [refinements, setRefinements] = useState<RefinementEvent[]>([]);
  const [refining, setRefining] = useState(false);
  const models = useMemo(() => runnableModels(), []);
  const [chosen, setChosen] = useState<string[]>([]);
  const [batches, setBatches] = useState('1');
  const [seqs, setSeqs] = useState('128');
  const [seconds, setSeconds] = useState('1');
  const abort = useRef<AbortController | null>(null);
  // Events are handled one after another: storing a record is async, and the sequence number saved must follow it.
  const chain = useRef<Promise<void>>(Promise.resolve());

  useEffect(() => {
    // The token has been read: take it out of the address bar (and so out of history and shared links).
    if (initial.token && window.location.hash.includes('token=')) history.replaceState(null, '', '#/agent');
    // A reload reconnects with what this tab was given; a fresh tab needs the link again.
    const saved = { url: sessionStorage.getItem(URL_KEY), token: sessionStorage.getItem(TOKEN_KEY) };
    if (initial.url && initial.token) void connect(initial.url, initial.token);
    else if (saved.url && saved.token) void connect(saved.url, saved.token);
    return () => abort.current?.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  async function connect(agentUrl: string, agentToken: string) {
    abort.current?.abort();
    setError(null);
    const next = new AgentClient(agentUrl, agentToken);
    try {
      setMachine(await next.machine());
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setClient(null);
      return;
    }
    sessionStorage.setItem(URL_KEY, agentUrl);
    sessionStorage.setItem(TOKEN_KEY, agentToken);
    setClient(next);
    const controller = new AbortController();
    abort.current = controller;
    const key = lastSeqKey(next.baseUrl);
    // The whole history is read (validations and refinements are shown), but a record is taken
    // into the data table only after the last one this browser took in.
    const taken = Number(localStorage.getItem(key) ?? 0) || 0;
    setValidations([]);
    setRefinements([]);
    void refreshPredictor(next);
    void followStream(next, {
      after: 0, signal: controller.signal, onState: setStream,
      onEvent: (event) => { chain.current = chain.current.then(() => onEvent(next, event, key, taken)).catch((e: unknown) => setLog((l) => [...l, String(e)])); },
    });
  }

  async function refreshPredictor(agent: AgentClient) {
    try {
      setPredictor(await agent.predictor());
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  async function refine() {
    if (!client) return;
    setRefining(true);
    setError(null);
    try {
      await client.refine();
      await refreshPredictor(client);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setRefining(false);
    }
  }

  async function onEvent(agent: AgentClient, event: AgentEvent, key: string, taken: number) {
    const data = event.data as Record<string, any>;
    const fresh = event.seq === null || event.seq > taken;
    if (event.kind === 'progress') setProgress(data as Progress);
    if (event.kind === 'config-started') setProgress({ index: data.index, phase: 'starting', runs: 0, fraction: 0, model: data.model });
    if (event.kind === 'validation') setValidations((v) => (v.some((x) => x.run_id === data.run_id) ? v : [...v, data as Validation]));
    if (event.kind === 'refined') setRefinements((r) => (r.some((x) => x.model_after === data.model_after) ? r : [...r, data as RefinementEvent]));
    if (event.kind === 'config-failed' && fresh) setLog((l) => [...l, `failed: ${data.model} batch ${data.batch}: ${data.error}`]);
    if (event.kind === 'plan-finished' && fresh) {
      setProgress(null);
      setLog((l) => [...l, `plan ${event.planId} finished: ${data.measured} measured, ${data.failed} failed`]);
      void refreshPredictor(agent);
    }
    if (event.kind === 'record' && fresh) {
      const outcome = await ingestEvent(event, pageSink);
      if (outcome.outcome === 'added') setRecords((r) => [...r, outcome.record]);
      if (outcome.outcome === 'refused') setLog((l) => [...l, ...outcome.problems]);
    }
    if (event.seq !== null && event.seq > taken) localStorage.setItem(key, String(event.seq));
  }

  async function queue() {
    if (!client) return;
    const b = integers(batches);
    const s = integers(seqs);
    const sec = Number(seconds);
    if (!chosen.length || !b || !s || !(sec > 0)) { setError('choose at least one model, positive integer batch sizes and sequence lengths, and seconds > 0'); return; }
    setError(null);
    try {
      const queued = await client.queue({ models: chosen, batches: b, seqs: s, protocol: { min_seconds: sec } });
      setLog((l) => [...l, `queued plan ${queued.plan_id}: ${queued.configurations} configurations (${queued.queued_behind} plans ahead)`]);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  const coverage = validations.filter((v) => v.inside_interval !== null);
  const inside = coverage.filter((v) => v.inside_interval).length;
  const absErrors = validations.flatMap((v) => (v.error_pct === null ? [] : [Math.abs(v.error_pct)])).sort((a, b) => a - b);

  return (
    <section className="run-view agent-view" aria-labelledby="agent-title">
      <h2 id="agent-title">Companion agent</h2>
      <p className="hint">
        <code>npx perfcast agent</code> measures natively with onnxruntime-node on this machine and prints a link that opens this view connected.
        Finished runs stream into the data table as <strong>measured</strong>, each once; the agent keeps them too, so nothing is lost while the page is closed.
      </p>
      <form className="run-form" onSubmit={(e) => { e.preventDefault(); void connect(url, token); }}>
        <fieldset>
          <legend>Connection</legend>
          <div className="grid">
            <label>Agent address <input aria-label="Agent address" value={url} onChange={(e) => setUrl(e.target.value)} /></label>
            <label>Token <input aria-label="Token" type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} /></label>
          </div>
          <button type="submit">Connect</button>{' '}
          <span role="status" aria-label="Stream state">{stream ? (stream.state === 'retrying' ? `reconnecting: ${stream.reason}` : stream.state === 'stopped' ? `stopped: ${stream.reason}` : stream.state) : 'not connected'}</span>
        </fieldset>
      </form>
      {error && <p className="errors" role="alert">{error}</p>}
      {machine && (
        <table aria-label="Agent machine">
          <tbody>
            <tr><th>Host</th><td>{machine.hostname}</td></tr>
            <tr><th>CPU</th><td>{machine.cpu.model}, {machine.cpu.cores} logical cores, {machine.cpu.memory_gb} GB; records name it <code>{machine.cpu.hardware_id}</code>{machine.cpu.catalog_id ? ` (catalog ${machine.cpu.catalog_id})` : ' (not in the hardware catalog)'}</td></tr>
            <tr><th>GPUs</th><td>{machine.gpus.length ? machine.gpus.map((g: any) => g.name).join(', ') : 'none found'}</td></tr>
            {Object.entries(machine.execution_providers as Record<string, { available: boolean; reason: string }>).map(([ep, p]) => (
              <tr key={ep} data-ep={ep}><th>{ep}</th><td className={p.available ? 'ok' : 'bad'}>{p.available ? 'available' : 'not available'}: {p.reason}</td></tr>
            ))}
            <tr><th>Power</th><td>RAPL: {machine.power.rapl.reason}; nvidia-smi: {machine.power.nvidia_smi.reason}</td></tr>
          </tbody>
        </table>
      )}
      {client && (
        <form className="run-form" onSubmit={(e) => { e.preventDefault(); void queue(); }}>
          <fieldset>
            <legend>Plan (onnxruntime-node, cpu)</legend>
            <div className="choices">
              {models.map((m) => (
                <label key={m.id}>
                  <input type="checkbox" checked={chosen.includes(m.id)} onChange={(e) => setChosen((c) => (e.target.checked ? [...c, m.id] : c.filter((x) => x !== m.id)))} />
                  {m.id}
                </label>
              ))}
            </div>
            <div className="grid">
              <label>Batch sizes <input aria-label="Agent batch sizes" value={batches} onChange={(e) => setBatches(e.target.value)} /></label>
              <label>Sequence lengths <input aria-label="Agent sequence lengths" value={seqs} onChange={(e) => setSeqs(e.target.value)} /></label>
              <label>Measured seconds at least <input aria-label="Agent seconds" value={seconds} onChange={(e) => setSeconds(e.target.value)} /></label>
            </div>
            <button type="submit">Run on the agent</button>
          </fieldset>
        </form>
      )}
      {progress && <p role="status" aria-label="Agent progress">configuration {progress.index + 1}: {progress.phase}{progress.phase === 'measure' ? ` (${progress.runs} runs, ${(progress.fraction * 100).toFixed(0)} %)` : ''}</p>}
      {log.length > 0 && <ul className="run-items" aria-label="Agent log">{log.map((l, i) => <li key={i}>{l}</li>)}</ul>}
      {predictor && (
        <div aria-label="Agent predictor">
          <h3>Predictor</h3>
          <p>
            Saved model <code>{predictor.model_id}</code> of {predictor.target}, fitted {predictor.fitted_at} on {predictor.train_rows.toLocaleString()} rows of {predictor.data}
            {predictor.learned_runs > 0 ? ` plus ${predictor.learned_runs} of this agent's measured runs` : ''}.
            {' '}{predictor.unlearned_runs} measured run{predictor.unlearned_runs === 1 ? '' : 's'} not learned from yet.
          </p>
          <p aria-label="Refinement advice" className={predictor.advice.due ? 'bad' : undefined}>{predictor.advice.due ? 'Refinement advised: ' : ''}{predictor.advice.why}</p>
          <button type="button" disabled={refining || predictor.unlearned_runs === 0} onClick={() => void refine()}>
            {refining ? 'Refining…' : `Refine now (learn from ${predictor.unlearned_runs} run${predictor.unlearned_runs === 1 ? '' : 's'})`}
          </button>
        </div>
      )}
      {refinements.length > 0 && (
        <table className="run-results" aria-label="Refinements">
          <caption>
            Refinements: <em>before</em> is what was predicted before each run; <em>after</em> predicts the same runs with refits that never saw a run of the same configuration ({refinements.at(-1)!.folds}-fold)
          </caption>
          <thead><tr><th>Model before → after</th><th>Runs learned</th><th>Median |error| before</th><th>after</th><th>Inside interval before</th><th>after</th></tr></thead>
          <tbody>
            {refinements.map((r) => (
              <tr key={r.model_after}>
                <td><code>{r.model_before}</code> → <code>{r.model_after}</code></td><td>{r.run_ids.length}</td>
                <td>{pct(r.before.medianAbsErrorPct)}</td><td>{pct(r.after.medianAbsErrorPct)}</td>
                <td>{share(r.before)}</td><td>{share(r.after)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {validations.length > 0 && (
        <>
          <h3>Predicted before the run, then measured</h3>
          <table className="run-results" aria-label="Validation by hardware and model">
            <thead><tr><th>Hardware</th><th>Model</th><th>Runs</th><th>Median |error|</th><th>Mean |error|</th><th>Inside the 80 % interval</th></tr></thead>
            <tbody>
              {summarizeValidation(validations).map((g) => (
                <tr key={`${g.hardware} ${g.model}`}>
                  <td>{g.hardware}</td><td>{g.model}</td><td>{g.runs}</td><td>{pct(g.medianAbsErrorPct)}</td><td>{pct(g.meanAbsErrorPct)}</td>
                  <td>{g.coverage === null ? '–' : `${(g.coverage * 100).toFixed(0)} % of ${g.predicted}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p aria-label="Validation summary">
            {validations.length} runs; median |error| {absErrors.length ? `${absErrors[Math.floor(absErrors.length / 2)].toFixed(1)} %` : '–'};
            {' '}inside the 80 % interval: {coverage.length ? `${inside} of ${coverage.length}` : '–'}
          </p>
          <table className="run-results" aria-label="Validation records">
            <thead><tr><th>Model</th><th>Batch</th><th>Seq</th><th>Prec.</th><th>Predicted ms (80 % interval)</th><th>Measured ms</th><th>Error</th><th>Inside</th></tr></thead>
            <tbody>
              {validations.map((v) => (
                <tr key={v.run_id} title={v.predictor_id ?? v.prediction_note}>
                  <td>{v.model}</td><td>{v.batch_size}</td><td>{v.seq_len ?? '–'}</td><td>{v.precision}</td>
                  <td>{v.predicted_latency_ms === null ? v.prediction_note : `${ms(v.predicted_latency_ms)} (${ms(v.predicted_lo_ms)}–${ms(v.predicted_hi_ms)})`}</td>
                  <td>{ms(v.measured_latency_ms)}</td><td>{v.error_pct === null ? '–' : `${v.error_pct.toFixed(1)} %`}</td>
                  <td>{v.inside_interval === null ? '–' : v.inside_interval ? 'yes' : 'no'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {records.length > 0 && (
        <>
          <h3>Added to the data table this session</h3>
          <ul aria-label="Agent records">{records.map((r) => <li key={String(r.run_id)}>{r.model} batch {r.batch_size}: p50 {ms(r.latency_ms)} ms · {provenanceLabel(r)}</li>)}</ul>
        </>
      )}
    </section>
  );
}
