/**
 * The agent's HTTP API on Fastify. Every request passes, in order: Host allow-list (DNS
 * rebinding), Origin allow-list (other pages), then the bearer token; bodies are size-limited
 * and every body and query is validated against the schemas that also write the OpenAPI document.
 */
import cors from '@fastify/cors';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { EventStore, StoredEvent } from './event-store.ts';
import { detectMachine } from './machine.ts';
import { PredictionInputError, type Predictions } from './predictions.ts';
import { recommendHardware } from './recommend.ts';
import { PlanError, type LiveEvent, type RunQueue } from './runs.ts';
import {
  BatchRequest, BatchResponse, ErrorBody, LatencyPrediction, LatencyQuery, Machine, Recommendation, RecommendQuery,
  PredictorStatus, RefinementEvent, RunPlanBody, RunQueued, StreamQuery,
} from './schemas.ts';
import { NothingToRefineError, type Refinement } from './refinement.ts';
import { allowedHosts, bearerToken, hostAllowed, originAllowed, tokenMatches } from './security.ts';

export const BODY_LIMIT_BYTES = 64 * 1024;

export interface AgentAppOptions {
  readonly token: string;
  readonly port: number;
  readonly origins: readonly string[];
  readonly predictions: Predictions;
  readonly runs: RunQueue;
  readonly store: EventStore;
  readonly refinement: Refinement;
  readonly machine?: () => unknown;
}

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };

function sseFrame(event: StoredEvent | LiveEvent): string {
  const stored = 'seq' in event;
  const payload = JSON.stringify(stored ? { seq: event.seq, plan_id: event.plan_id, at: event.at, data: event.data } : { plan_id: event.plan_id, data: event.data });
  // Only stored events carry an id, so Last-Event-ID always names the last stored event seen.
  return `${stored ? `id: ${event.seq}\n` : ''}event: ${event.kind}\ndata: ${payload}\n\n`;
}

export async function buildAgentApp(options: AgentAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT_BYTES,
    // Unknown fields are errors, not silently dropped.
    ajv: { customOptions: { removeAdditional: false, allErrors: false } },
  });
  const hosts = allowedHosts(options.port);
  // Open event streams never end by themselves; closing the server ends them so it can stop.
  const streams = new Set<import('node:http').ServerResponse>();
  app.addHook('preClose', async () => {
    for (const s of streams) s.end();
    streams.clear();
  });
  const origins = new Set(options.origins);

  app.setErrorHandler((error: Error & { statusCode?: number; validation?: unknown }, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    const message = status === 500 ? `internal error: ${error.message}` : error.message;
    void reply.code(status).send({ error: message, statusCode: status });
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({ error: `no route ${request.method} ${request.url.split('?')[0]}`, statusCode: 404 });
  });

  app.addHook('onRequest', async (request, reply) => {
    if (!hostAllowed(request.headers.host, hosts)) {
      return reply.code(403).send({ error: `Host '${request.headers.host ?? ''}' is not allowed (loopback names only)`, statusCode: 403 });
    }
    if (!originAllowed(request.headers.origin, origins)) {
      return reply.code(403).send({ error: `Origin '${request.headers.origin}' is not allowed; start the agent with --origin to allow it`, statusCode: 403 });
    }
  });
  await app.register(cors, {
    origin: [...origins],
    methods: ['GET', 'POST'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Last-Event-ID'],
    credentials: false,
    maxAge: 600,
    strictPreflight: true,
  });
  app.addHook('onRequest', async (request, reply) => {
    const presented = bearerToken(request.headers.authorization);
    if (presented === null || !tokenMatches(presented, options.token)) {
      return reply.code(401).header('WWW-Authenticate', 'Bearer').send({ error: presented === null ? 'missing Authorization: Bearer token' : 'wrong token', statusCode: 401 });
    }
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Perfcast agent', version: '1', description: 'Predictions (labelled predicted, with intervals) and native measurements (labelled measured) from a local Perfcast agent.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  app.addSchema(ErrorBody);
  app.addSchema(LatencyPrediction);
  app.addSchema(RefinementEvent);

  const badInput = (reply: FastifyReply, error: unknown) => {
    if (error instanceof PredictionInputError || error instanceof PlanError) return reply.code(400).send({ error: error.message, statusCode: 400 });
    throw error;
  };

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get<{ Querystring: LatencyQuery }>('/api/predict/latency', {
    schema: { summary: 'Predict the median latency of one configuration', querystring: LatencyQuery, response: { 200: { $ref: 'LatencyPrediction#' }, ...errors } },
  }, async (request, reply) => {
    try {
      return (await options.predictions.latency([request.query]))[0];
    } catch (error) {
      return badInput(reply, error);
    }
  });

  app.post<{ Body: BatchRequest }>('/api/predict/batch', {
    schema: { summary: 'Predict the median latency of many configurations', body: BatchRequest, response: { 200: BatchResponse, ...errors } },
  }, async (request, reply) => {
    try {
      return { predictions: await options.predictions.latency(request.body.queries) };
    } catch (error) {
      return badInput(reply, error);
    }
  });

  app.get<{ Querystring: RecommendQuery }>('/api/recommend/hardware', {
    schema: { summary: 'Rank hardware for a model by predicted latency under constraints', querystring: RecommendQuery, response: { 200: Recommendation, ...errors } },
  }, async (request, reply) => {
    try {
      return recommendHardware(options.predictions, request.query);
    } catch (error) {
      return badInput(reply, error);
    }
  });

  app.get('/api/predictor', {
    schema: { summary: 'The saved model in use, the measured runs it has not learned from, and whether they call for a refinement', response: { 200: PredictorStatus, 401: ErrorBody, 403: ErrorBody } },
  }, async () => options.refinement.status());

  app.post('/api/predictor/refine', {
    schema: {
      summary: 'Refit with the measured runs not learned from yet; the figures compare the predictions recorded before the runs with out-of-fold refits on the same runs',
      response: { 200: { $ref: 'RefinementEvent#' }, 409: ErrorBody, 401: ErrorBody, 403: ErrorBody },
    },
  }, async (_request, reply) => {
    try {
      return await options.refinement.refine();
    } catch (error) {
      if (error instanceof NothingToRefineError) return reply.code(409).send({ error: error.message, statusCode: 409 });
      throw error;
    }
  });

  app.get('/api/machine', { schema: { summary: 'What the agent detected on this host', response: { 200: Machine, 401: ErrorBody, 403: ErrorBody } } },
    async () => (options.machine ?? detectMachine)());

  app.post<{ Body: RunPlanBody }>('/api/runs', {
    schema: { summary: 'Queue a plan to measure natively', body: RunPlanBody, response: { 202: RunQueued, ...errors } },
  }, async (request, reply) => {
    try {
      const queued = options.runs.enqueue(request.body);
      return reply.code(202).send({ ...queued, stream: '/api/runs/stream' });
    } catch (error) {
      return badInput(reply, error);
    }
  });

  app.get<{ Querystring: { after?: number } }>('/api/runs/stream', {
    schema: {
      summary: 'Server-sent events: stored events after ?after= or Last-Event-ID (record, validation, config-failed, plan-finished), then live progress and new events',
      querystring: StreamQuery,
      response: { 200: { description: 'text/event-stream', type: 'string' }, ...errors },
    },
  }, async (request: FastifyRequest<{ Querystring: { after?: number } }>, reply: FastifyReply) => {
    const header = request.headers['last-event-id'];
    const fromHeader = typeof header === 'string' && /^\d+$/.test(header) ? Number(header) : undefined;
    const after = request.query.after ?? fromHeader ?? 0;
    reply.hijack();
    const raw = reply.raw;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(reply.getHeaders())) if (v !== undefined) headers[k] = String(v);
    raw.writeHead(200, { ...headers, 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    raw.write(': perfcast agent stream\n\n');
    // Live events that arrive while the backlog is read wait, so nothing is sent twice or skipped.
    let backlogDone = false;
    let lastSent = after;
    const waiting: (StoredEvent | LiveEvent)[] = [];
    const send = (event: StoredEvent | LiveEvent) => {
      if ('seq' in event) {
        if (event.seq <= lastSent) return;
        lastSent = event.seq;
      }
      raw.write(sseFrame(event));
    };
    const unsubscribe = options.runs.subscribe((event) => (backlogDone ? send(event) : waiting.push(event)));
    const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), 15_000);
    streams.add(raw);
    request.raw.on('close', () => { unsubscribe(); clearInterval(keepAlive); streams.delete(raw); });
    for (const event of await options.store.after(after)) send(event);
    for (const event of waiting) send(event);
    backlogDone = true;
    raw.write(`event: caught-up\ndata: ${JSON.stringify({ last_seq: lastSent })}\n\n`);
  });

  return app;
}
