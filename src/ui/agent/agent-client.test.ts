import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchmarkRecord } from '../../core/schema/record.ts';
import { startAgent, type RunningAgent } from '../../agent/server/start.ts';
import { AgentClient, AgentError, followStream, type AgentEvent, type StreamState } from './agent-client.ts';
import { ingestEvent, type RecordSink } from './agent-ingest.ts';

const TOKEN = 'page-test-token';
let dir: string;
let agent: RunningAgent;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'perfcast-agent-client-'));
  agent = await startAgent({ port: 0, token: TOKEN, store: join(dir, 'a.duckdb'), origins: [] });
});
afterAll(async () => {
  await agent?.close();
  rmSync(dir, { recursive: true, force: true });
});

function memorySink(): RecordSink & { stored: Map<string, BenchmarkRecord> } {
  const stored = new Map<string, BenchmarkRecord>();
  return { stored, has: async (id) => stored.has(id), add: async (r, id) => { stored.set(id, r); return []; } };
}

describe('the page client of the agent', () => {
  it('reports a wrong token as a 401 AgentError and stops following the stream', async () => {
    const bad = new AgentClient(agent.url, 'wrong');
    await expect(bad.machine()).rejects.toMatchObject({ status: 401 });
    const states: StreamState[] = [];
    const controller = new AbortController();
    await followStream(bad, { after: 0, onEvent: () => undefined, onState: (s) => states.push(s), signal: controller.signal, retryMs: 10 });
    expect(states.at(-1)?.state).toBe('stopped');
  });

  it('takes each streamed record into the library once, across a reconnect and an agent restart', async () => {
    const client = new AgentClient(agent.url, TOKEN);
    const sink = memorySink();
    const outcomes: string[] = [];
    const controller = new AbortController();
    let lastSeq = 0;
    const done = new Promise<void>((resolve) => {
      void followStream(client, {
        after: 0, signal: controller.signal, retryMs: 50,
        onEvent: async (e: AgentEvent) => {
          if (e.seq !== null) lastSeq = e.seq;
          const o = await ingestEvent(e, sink);
          if (o.outcome !== 'not-a-record') outcomes.push(o.outcome);
          if (e.kind === 'plan-finished') resolve();
        },
      });
    });
    await client.queue({ models: ['mobilenet-v2-tiny'], batches: [1, 2], check_outputs: false, protocol: { warmup_runs: 1, min_runs: 3, min_seconds: 0.05, max_seconds: 0.3 } });
    await done;
    controller.abort();
    expect(outcomes).toEqual(['added', 'added']);
    expect([...sink.stored.values()].every((r) => r.source === 'measured' && String(r.origin).startsWith('perfcast-agent@'))).toBe(true);

    // A reload that lost its last sequence number reads everything again: nothing is added twice.
    await agent.close();
    agent = await startAgent({ port: 0, token: TOKEN, store: join(dir, 'a.duckdb'), origins: [] });
    const again = new AgentClient(agent.url, TOKEN);
    const replay: string[] = [];
    const seqs: number[] = [];
    await again.stream(0, (e) => { if (e.seq !== null) seqs.push(e.seq); void ingestEvent(e, sink).then((o) => { if (o.outcome !== 'not-a-record') replay.push(o.outcome); }); }, AbortSignal.timeout(3000)).catch((e: unknown) => { if (!(e instanceof AgentError)) throw e; });
    expect(replay).toEqual(['duplicate', 'duplicate']);
    expect(sink.stored.size).toBe(2);
    expect(Math.max(...seqs)).toBe(lastSeq);
    // Resuming after the last sequence number delivers nothing old.
    const after: number[] = [];
    await again.stream(lastSeq, (e) => { if (e.seq !== null) after.push(e.seq); }, AbortSignal.timeout(1500)).catch(() => undefined);
    expect(after).toEqual([]);
  });

  it('refuses an event whose record is not a valid measured record', async () => {
    const sink = memorySink();
    expect(await ingestEvent({ seq: 1, kind: 'record', planId: 'p', data: { model: 'x' } }, sink)).toMatchObject({ outcome: 'refused' });
    expect(sink.stored.size).toBe(0);
  });
});
