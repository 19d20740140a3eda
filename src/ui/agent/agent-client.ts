/**
 * The page's side of the companion agent: authenticated calls and a server-sent-events reader
 * that resumes after the last stored event it saw (fetch, not EventSource: EventSource cannot
 * send the Authorization header, and the token must never travel in a URL).
 */
import { createParser } from 'eventsource-parser';
import type { PredictorStatus, RefinementEvent } from '../../core/validation/summary.ts';

export interface AgentEvent {
  /** The agent's sequence number for stored events (records, validations, plan ends); null for live progress. */
  readonly seq: number | null;
  readonly kind: string;
  readonly planId: string | null;
  readonly data: unknown;
}

export class AgentError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export class AgentClient {
  readonly baseUrl: string;

  constructor(baseUrl: string, private readonly token: string, private readonly fetchImpl: FetchLike = (i, init) => fetch(i, init)) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  private async call<T>(path: string, init: RequestInit = {}): Promise<T> {
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.baseUrl}${path}`, {
        ...init,
        headers: { Authorization: `Bearer ${this.token}`, ...(init.body ? { 'Content-Type': 'application/json' } : {}), ...(init.headers as Record<string, string> | undefined) },
      });
    } catch (error) {
      throw new AgentError(`cannot reach the agent at ${this.baseUrl}: ${error instanceof Error ? error.message : String(error)}`, 0);
    }
    const text = await response.text();
    let body: unknown = null;
    try { body = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
    if (!response.ok) {
      const message = body && typeof body === 'object' && 'error' in body ? String((body as { error: unknown }).error) : text || response.statusText;
      throw new AgentError(`agent answered ${response.status}: ${message}`, response.status);
    }
    return body as T;
  }

  machine<T = Record<string, unknown>>(): Promise<T> {
    return this.call<T>('/api/machine');
  }

  queue(plan: unknown): Promise<{ plan_id: string; configurations: number; queued_behind: number }> {
    return this.call('/api/runs', { method: 'POST', body: JSON.stringify(plan) });
  }

  predictor(): Promise<PredictorStatus> {
    return this.call('/api/predictor');
  }

  refine(): Promise<RefinementEvent> {
    return this.call('/api/predictor/refine', { method: 'POST' });
  }

  predictLatency<T = Record<string, unknown>>(query: Record<string, string | number>): Promise<T> {
    const params = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
    return this.call<T>(`/api/predict/latency?${params.toString()}`);
  }

  /**
   * Reads the stream once: stored events after `after`, then live ones, until the connection
   * ends or `signal` aborts. Resolves with the last stored sequence number seen.
   */
  async stream(after: number, onEvent: (event: AgentEvent) => void, signal?: AbortSignal): Promise<number> {
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.baseUrl}/api/runs/stream`, {
        headers: { Authorization: `Bearer ${this.token}`, 'Last-Event-ID': String(after), Accept: 'text/event-stream' },
        signal,
      });
    } catch (error) {
      if (signal?.aborted) return after;
      throw new AgentError(`cannot reach the agent at ${this.baseUrl}: ${error instanceof Error ? error.message : String(error)}`, 0);
    }
    if (!response.ok || !response.body) throw new AgentError(`agent stream answered ${response.status}: ${await response.text()}`, response.status);
    let last = after;
    const parser = createParser({
      onEvent: (message) => {
        let payload: { seq?: number; plan_id?: string; data?: unknown } = {};
        try { payload = JSON.parse(message.data) as typeof payload; } catch { return; }
        const seq = message.id !== undefined && /^\d+$/.test(message.id) ? Number(message.id) : null;
        if (seq !== null) {
          if (seq <= last) return;
          last = seq;
        }
        onEvent({ seq, kind: message.event ?? 'message', planId: payload.plan_id ?? null, data: message.event === 'caught-up' ? payload : payload.data });
      },
    });
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parser.feed(decoder.decode(value, { stream: true }));
      }
    } catch (error) {
      if (!signal?.aborted) throw new AgentError(`agent stream broke: ${error instanceof Error ? error.message : String(error)}`, 0);
    }
    return last;
  }
}

export type StreamState = { state: 'connecting' } | { state: 'open' } | { state: 'retrying'; reason: string; inMs: number } | { state: 'stopped'; reason: string };

/**
 * Keeps a stream open across agent restarts and network drops, resuming after the last stored
 * event. An authentication failure stops it: retrying a wrong token helps nobody.
 */
export async function followStream(
  client: AgentClient,
  options: { after: number; onEvent: (event: AgentEvent) => void; onState?: (s: StreamState) => void; signal: AbortSignal; retryMs?: number },
): Promise<number> {
  let after = options.after;
  const retryMs = options.retryMs ?? 1000;
  while (!options.signal.aborted) {
    options.onState?.({ state: 'connecting' });
    try {
      after = await client.stream(after, (e) => {
        if (e.kind === 'caught-up') options.onState?.({ state: 'open' });
        options.onEvent(e);
      }, options.signal);
      if (options.signal.aborted) break;
      options.onState?.({ state: 'retrying', reason: 'the agent closed the stream', inMs: retryMs });
    } catch (error) {
      const status = error instanceof AgentError ? error.status : 0;
      const reason = error instanceof Error ? error.message : String(error);
      if (status === 401 || status === 403) { options.onState?.({ state: 'stopped', reason }); return after; }
      options.onState?.({ state: 'retrying', reason, inMs: retryMs });
    }
    await new Promise((r) => setTimeout(r, retryMs));
  }
  return after;
}
