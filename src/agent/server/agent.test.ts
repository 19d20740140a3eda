import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_LIMIT_BYTES } from './app.ts';
import { startAgent, type RunningAgent } from './start.ts';
import { rawRequest, readEvents, type SseEvent } from './test-helpers.ts';

const TOKEN = 'test-token-0123456789abcdef';
const ORIGIN = 'http://127.0.0.1:5173';
const auth = { Authorization: `Bearer ${TOKEN}` };
const QUERY = 'model_name=bert-tiny&hardware_type=intel-xeon&batch_size=4&sequence_length=128&precision=fp32';
const PLAN = { models: ['mobilenet-v2-tiny'], batches: [1, 2], check_outputs: false, protocol: { warmup_runs: 1, min_runs: 5, min_seconds: 0.1, max_seconds: 0.5 } };

let dir: string;
let agent: RunningAgent;
let openapi: Record<string, any>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'perfcast-agent-'));
  agent = await startAgent({ port: 0, token: TOKEN, store: join(dir, 'agent.duckdb'), origins: [ORIGIN] });
  openapi = await (await fetch(`${agent.url}/api/openapi.json`, { headers: auth })).json();
});

afterAll(async () => {
  await agent?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Validates a response body against the schema the OpenAPI document gives for it. */
function conforms(path: string, method: string, status: number, body: unknown): string | null {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addSchema(openapi, 'openapi');
  const pointer = `openapi#/paths/${path.replaceAll('/', '~1')}/${method}/responses/${status}/content/application~1json/schema`;
  const validate = ajv.compile({ $ref: pointer });
  return validate(body) ? null : ajv.errorsText(validate.errors);
}

describe('agent security', () => {
  it('refuses a request without a token and one with a wrong token', async () => {
    const none = await fetch(`${agent.url}/api/machine`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    for (const wrong of ['nope', `${TOKEN}x`, TOKEN.slice(0, -1) + 'X', TOKEN.toUpperCase()]) {
      const r = await fetch(`${agent.url}/api/machine`, { headers: { Authorization: `Bearer ${wrong}` } });
      expect(r.status, wrong).toBe(401);
    }
    const basic = await fetch(`${agent.url}/api/machine`, { headers: { Authorization: `Basic ${TOKEN}` } });
    expect(basic.status).toBe(401);
    const ok = await fetch(`${agent.url}/api/machine`, { headers: auth });
    expect(ok.status).toBe(200);
  });

  it('answers no endpoint without the token, the OpenAPI document and the stream included', async () => {
    for (const path of ['/api/openapi.json', '/api/runs/stream', `/api/predict/latency?${QUERY}`, '/api/recommend/hardware?model_name=bert-tiny']) {
      expect((await fetch(`${agent.url}${path}`)).status, path).toBe(401);
    }
    const post = await fetch(`${agent.url}/api/runs`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(PLAN) });
    expect(post.status).toBe(401);
  });

  it('refuses a foreign Host header with 403 (DNS rebinding), even with the token', async () => {
    const evil = await rawRequest(agent.port, '/api/machine', { ...auth, Host: 'evil.example' });
    expect(evil.status).toBe(403);
    expect(evil.body).toContain('evil.example');
    const evilWithPort = await rawRequest(agent.port, '/api/machine', { ...auth, Host: `evil.example:${agent.port}` });
    expect(evilWithPort.status).toBe(403);
    const otherPort = await rawRequest(agent.port, '/api/machine', { ...auth, Host: `127.0.0.1:${agent.port + 1}` });
    expect(otherPort.status).toBe(403);
    const local = await rawRequest(agent.port, '/api/machine', { ...auth, Host: `localhost:${agent.port}` });
    expect(local.status).toBe(200);
  });

  it('refuses another origin with 403 and sends CORS headers only to the dashboard origin', async () => {
    const evil = await fetch(`${agent.url}/api/machine`, { headers: { ...auth, Origin: 'http://evil.example' } });
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    const preflightEvil = await fetch(`${agent.url}/api/runs`, { method: 'OPTIONS', headers: { Origin: 'http://evil.example', 'Access-Control-Request-Method': 'POST' } });
    expect(preflightEvil.status).toBe(403);
    const good = await fetch(`${agent.url}/api/machine`, { headers: { ...auth, Origin: ORIGIN } });
    expect(good.status).toBe(200);
    expect(good.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const preflight = await fetch(`${agent.url}/api/runs`, {
      method: 'OPTIONS', headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
  });

  it('refuses an oversized body with 413', async () => {
    const queries = Array.from({ length: 2000 }, () => ({ model_name: 'bert-tiny', hardware_type: 'intel-xeon', batch_size: 1, precision: 'fp32' }));
    const body = JSON.stringify({ queries });
    expect(body.length).toBeGreaterThan(BODY_LIMIT_BYTES);
    const r = await fetch(`${agent.url}/api/predict/batch`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body });
    expect(r.status).toBe(413);
  });

  it('validates every query and body against its schema (400, naming the field)', async () => {
    const cases: [string, RequestInit | undefined, string][] = [
      ['/api/predict/latency?model_name=bert-tiny&hardware_type=intel-xeon&batch_size=0&precision=fp32', undefined, 'batch_size'],
      ['/api/predict/latency?model_name=bert-tiny&hardware_type=intel-xeon&batch_size=1&precision=fp64', undefined, 'precision'],
      ['/api/predict/latency?model_name=bert-tiny&hardware_type=intel-xeon&batch_size=1', undefined, 'precision'],
      [`/api/predict/latency?${QUERY}&colour=red`, undefined, 'additional'],
      ['/api/predict/batch', { method: 'POST', body: JSON.stringify({ queries: [] }) }, 'queries'],
      ['/api/predict/batch', { method: 'POST', body: '{"queries": [' }, 'JSON'],
      ['/api/runs', { method: 'POST', body: JSON.stringify({ ...PLAN, shell: 'rm -rf /' }) }, 'additional'],
      ['/api/runs', { method: 'POST', body: JSON.stringify({ ...PLAN, batches: [-1] }) }, 'batches'],
      ['/api/recommend/hardware?model_name=bert-tiny&constraints=max_latency_ms=5', undefined, 'constraints'],
    ];
    for (const [path, init, word] of cases) {
      const r = await fetch(`${agent.url}${path}`, { ...init, headers: { ...auth, 'Content-Type': 'application/json' } });
      const body = await r.json() as { error: string };
      expect(r.status, path).toBe(400);
      expect(body.error.toLowerCase(), path).toContain(word.toLowerCase());
    }
  });

  it('runs only known workloads: an unknown model is a 400 that lists what can run', async () => {
    const run = await fetch(`${agent.url}/api/runs`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ ...PLAN, models: ['../../etc/passwd'] }) });
    expect(run.status).toBe(400);
    const unknownRun = await fetch(`${agent.url}/api/runs`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ ...PLAN, models: ['gpt-17'] }) });
    expect(unknownRun.status).toBe(400);
    expect((await unknownRun.json() as { error: string }).error).toMatch(/unknown model 'gpt-17'.*mobilenet-v2-tiny/);
    const predict = await fetch(`${agent.url}/api/predict/latency?model_name=gpt-17&hardware_type=intel-xeon&batch_size=1&precision=fp32`, { headers: auth });
    expect(predict.status).toBe(400);
    expect((await predict.json() as { error: string }).error).toContain("unknown model_name 'gpt-17'");
  });
});

describe('agent prediction API', () => {
  it('GET /api/predict/latency answers with the contract fields, an interval around the value and similar measured configurations', async () => {
    const r = await fetch(`${agent.url}/api/predict/latency?${QUERY}`, { headers: auth });
    expect(r.status).toBe(200);
    const body = await r.json() as Record<string, any>;
    expect(conforms('/api/predict/latency', 'get', 200, body)).toBeNull();
    expect(body.source).toBe('predicted');
    expect(body.predicted_latency_ms).toBeGreaterThan(0);
    expect(body.interval.lower_ms).toBeLessThanOrEqual(body.predicted_latency_ms);
    expect(body.interval.upper_ms).toBeGreaterThanOrEqual(body.predicted_latency_ms);
    expect(body.interval.level).toBe(0.8);
    expect(body.confidence_score).toBeGreaterThan(0);
    expect(body.confidence_score).toBeLessThanOrEqual(1);
    expect(body.similar_configurations.length).toBeGreaterThan(0);
    expect(body.similar_configurations[0]).toMatchObject({ model: 'bert-tiny', hardware: 'intel-xeon', source: 'imported', claimed_source: 'measured', origin: 'file:default.parquet' });
    expect(body.similar_configurations[0].claimed_origin).toBeTruthy();
    expect(body.workload).toEqual({ model: 'bert-tiny', hardware: 'intel-xeon', batch_size: 4, seq_len: 128, precision: 'fp32', execution_provider: 'cpu', threads: 1 });
    expect(body.predictor.train_rows).toBeGreaterThan(100);
  });

  it('POST /api/predict/batch gives the same numbers as the GET, in order', async () => {
    const queries = [1, 4, 8].map((batch_size) => ({ model_name: 'bert-tiny', hardware_type: 'intel-xeon', batch_size, sequence_length: 128, precision: 'fp32' }));
    const r = await fetch(`${agent.url}/api/predict/batch`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ queries }) });
    expect(r.status).toBe(200);
    const body = await r.json() as { predictions: Record<string, any>[] };
    expect(conforms('/api/predict/batch', 'post', 200, body)).toBeNull();
    expect(body.predictions.map((p) => p.workload.batch_size)).toEqual([1, 4, 8]);
    const single = await (await fetch(`${agent.url}/api/predict/latency?${QUERY}`, { headers: auth })).json() as Record<string, any>;
    expect(body.predictions[1].predicted_latency_ms).toBe(single.predicted_latency_ms);
    expect(body.predictions[2].predicted_latency_ms).toBeGreaterThan(body.predictions[0].predicted_latency_ms);
  });

  it('GET /api/recommend/hardware ranks by predicted latency and moves hardware that breaks a constraint to excluded', async () => {
    const all = await (await fetch(`${agent.url}/api/recommend/hardware?model_name=bert-base-uncased&available_hardware=a100-sxm4-40gb,h100-sxm5-80gb,intel-xeon`, { headers: auth })).json() as Record<string, any>;
    expect(conforms('/api/recommend/hardware', 'get', 200, all)).toBeNull();
    expect(all.source).toBe('predicted');
    const latencies = all.ranked_hardware.map((h: any) => h.expected.latency_ms);
    expect(latencies).toEqual([...latencies].sort((a: number, b: number) => a - b));
    expect(all.ranked_hardware.map((h: any) => h.rank)).toEqual(latencies.map((_: number, i: number) => i + 1));
    const limit = (latencies[0] + latencies[latencies.length - 1]) / 2;
    const within = await (await fetch(`${agent.url}/api/recommend/hardware?model_name=bert-base-uncased&available_hardware=a100-sxm4-40gb,h100-sxm5-80gb,intel-xeon&constraints=max_latency_ms:${limit}`, { headers: auth })).json() as Record<string, any>;
    expect(within.ranked_hardware.every((h: any) => h.expected.latency_ms <= limit)).toBe(true);
    expect(within.excluded.some((e: any) => /max_latency_ms/.test(e.reason))).toBe(true);
  });

  it('GET /api/machine says what was detected, and why CUDA, ROCm and QNN are not there', async () => {
    const body = await (await fetch(`${agent.url}/api/machine`, { headers: auth })).json() as Record<string, any>;
    expect(conforms('/api/machine', 'get', 200, body)).toBeNull();
    expect(body.cpu.cores).toBeGreaterThan(0);
    expect(body.execution_providers.cpu.available).toBe(true);
    for (const ep of ['cuda', 'rocm', 'qnn']) expect(body.execution_providers[ep].reason.length, ep).toBeGreaterThan(10);
    expect(body.execution_providers.rocm.available).toBe(false);
    expect(body.execution_providers.qnn.available).toBe(false);
  });

  it('publishes an OpenAPI document with every endpoint of the contract', () => {
    expect(openapi.openapi).toMatch(/^3\./);
    for (const [path, method] of [['/api/predict/latency', 'get'], ['/api/predict/batch', 'post'], ['/api/recommend/hardware', 'get'], ['/api/machine', 'get'], ['/api/runs', 'post'], ['/api/runs/stream', 'get']]) {
      expect(openapi.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    }
    const params = openapi.paths['/api/predict/latency'].get.parameters.map((p: any) => p.name);
    expect(params).toEqual(expect.arrayContaining(['model_name', 'hardware_type', 'batch_size', 'sequence_length', 'precision']));
  });
});

const stored = (events: SseEvent[], kind: string) => events.filter((e) => e.event === kind);

describe('agent runs and stream', () => {
  it('streams a posted run: progress, then each measured record and its validation record, while still answering predictions', async () => {
    const streamUrl = `${agent.url}/api/runs/stream`;
    let answer: Promise<{ status: number; at: number }> | null = null;
    let firstRecordAt = Infinity;
    const reading = readEvents(streamUrl, auth, (events) => {
      // Ask for a prediction once the benchmark is measuring, before any record is out.
      if (!answer && events.some((e) => e.event === 'progress' && (e.data as any).data.phase === 'measure')) {
        answer = fetch(`${agent.url}/api/predict/latency?${QUERY}`, { headers: auth }).then((r) => ({ status: r.status, at: performance.now() }));
      }
      if (firstRecordAt === Infinity && stored(events, 'record').length > 0) firstRecordAt = performance.now();
      return stored(events, 'plan-finished').length > 0;
    });
    await new Promise((r) => setTimeout(r, 200));
    const queued = await fetch(`${agent.url}/api/runs`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify(PLAN) });
    expect(queued.status).toBe(202);
    const plan = await queued.json() as { plan_id: string; configurations: number };
    expect(plan.configurations).toBe(2);
    const events = await reading;
    const records = stored(events, 'record').map((e) => (e.data as any).data);
    expect(records).toHaveLength(2);
    for (const r of records) {
      expect(r.source).toBe('measured');
      expect(r.origin).toMatch(/^perfcast-agent@/);
      expect(r.model).toBe('mobilenet-v2-tiny');
      expect(r.latency_ms).toBeGreaterThan(0);
    }
    expect(records.map((r) => r.batch_size)).toEqual([1, 2]);
    const validations = stored(events, 'validation').map((e) => (e.data as any).data);
    expect(validations).toHaveLength(2);
    for (const [i, v] of validations.entries()) {
      expect(v.run_id).toBe(records[i].run_id);
      expect(v.measured_latency_ms).toBe(records[i].latency_ms);
      expect(v.predicted_latency_ms).toBeGreaterThan(0);
      expect(v.predictor_id).toMatch(/^m-[0-9a-f]+$/);
      expect(v.inside_interval).toBe(v.measured_latency_ms >= v.predicted_lo_ms && v.measured_latency_ms <= v.predicted_hi_ms);
      expect(v.error_pct).toBeCloseTo(((v.measured_latency_ms - v.predicted_latency_ms) / v.measured_latency_ms) * 100, 6);
    }
    expect(events.some((e) => e.event === 'progress')).toBe(true);
    expect(answer).not.toBeNull();
    const answered = await answer!;
    expect(answered.status).toBe(200);
    expect(answered.at).toBeLessThan(firstRecordAt);
  });

  it('catches up without duplicates: after Last-Event-ID only later events, and a restarted agent serves the same records once', async () => {
    const all = await readEvents(`${agent.url}/api/runs/stream`, auth, (events) => events.some((e) => e.event === 'caught-up'));
    const ids = all.filter((e) => e.id !== null).map((e) => Number(e.id));
    expect(ids.length).toBeGreaterThanOrEqual(5);
    expect(new Set(ids).size).toBe(ids.length);
    const cut = ids[1];
    const rest = await readEvents(`${agent.url}/api/runs/stream`, { ...auth, 'Last-Event-ID': String(cut) }, (events) => events.some((e) => e.event === 'caught-up'));
    expect(rest.filter((e) => e.id !== null).map((e) => Number(e.id))).toEqual(ids.filter((i) => i > cut));

    // An open stream (a page that stays connected) must not keep the agent from stopping.
    const open = readEvents(`${agent.url}/api/runs/stream`, auth, () => false, 20_000);
    await new Promise((r) => setTimeout(r, 200));
    const t0 = Date.now();
    await agent.close();
    await open;
    expect(Date.now() - t0).toBeLessThan(10_000);
    agent = await startAgent({ port: 0, token: TOKEN, store: join(dir, 'agent.duckdb'), origins: [ORIGIN] });
    const again = await readEvents(`${agent.url}/api/runs/stream?after=0`, auth, (events) => events.some((e) => e.event === 'caught-up'));
    expect(again.filter((e) => e.id !== null).map((e) => Number(e.id))).toEqual(ids);
    const runIds = stored(again, 'record').map((e) => (e.data as any).data.run_id);
    expect(new Set(runIds).size).toBe(runIds.length);
  });
});

describe('agent refinement', () => {
  it('refits on the measured runs it has not learned from, scores before and after on them, survives a restart, and refuses to refine twice', async () => {
    const status = async () => {
      const r = await fetch(`${agent.url}/api/predictor`, { headers: auth });
      expect(r.status).toBe(200);
      const body = await r.json() as Record<string, any>;
      expect(conforms('/api/predictor', 'get', 200, body)).toBeNull();
      return body;
    };
    const first = await status();
    expect(first).toMatchObject({ target: 'latency_ms', learned_runs: 0, unlearned_runs: 2, last_refinement: null });
    expect(first.advice.why).toMatch(/at least 3/);

    const refined = await fetch(`${agent.url}/api/predictor/refine`, { method: 'POST', headers: auth });
    expect(refined.status).toBe(200);
    const event = await refined.json() as Record<string, any>;
    expect(conforms('/api/predictor/refine', 'post', 200, event)).toBeNull();
    expect(event.run_ids).toHaveLength(2);
    expect(event.model_before).toBe(first.model_id);
    expect(event.model_after).not.toBe(first.model_id);
    expect(event.folds).toBe(2);
    expect(event.before.runs).toBe(2);
    expect(event.after.runs).toBe(2);
    expect(event.after.medianAbsErrorPct).toBeGreaterThan(0);

    const second = await status();
    expect(second).toMatchObject({ model_id: event.model_after, learned_runs: 2, unlearned_runs: 0, train_rows: first.train_rows + 2 });
    expect(second.last_refinement).toEqual(event);
    const again = await fetch(`${agent.url}/api/predictor/refine`, { method: 'POST', headers: auth });
    expect(again.status).toBe(409);
    expect((await again.json() as { error: string }).error).toMatch(/no measured run/);
    const predicted = await (await fetch(`${agent.url}/api/predict/latency?${QUERY}`, { headers: auth })).json() as Record<string, any>;
    expect(predicted.predictor.id).toBe(event.model_after);

    const streamed = await readEvents(`${agent.url}/api/runs/stream`, auth, (events) => events.some((e) => e.event === 'caught-up'));
    expect(stored(streamed, 'refined').map((e) => (e.data as any).data)).toEqual([event]);

    await agent.close();
    agent = await startAgent({ port: 0, token: TOKEN, store: join(dir, 'agent.duckdb'), origins: [ORIGIN] });
    expect(await status()).toMatchObject({ model_id: event.model_after, learned_runs: 2, unlearned_runs: 0 });
  });
});
