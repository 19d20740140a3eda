/** Assembles and starts the agent: data, predictor, store, run queue, HTTP server. */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Io } from '../command.ts';
import { hardwareId } from '../../runtime/node/node-env.ts';
import { runnableModels } from '../../runtime/zoo-workload.ts';
import { buildAgentApp } from './app.ts';
import { EventStore } from './event-store.ts';
import { Predictions } from './predictions.ts';
import { Refinement } from './refinement.ts';
import { RunQueue } from './runs.ts';
import { defaultOrigins, generateToken } from './security.ts';
import { loadTrainingData } from './training-data.ts';

export const DEFAULT_PORT = 7878;
export const DEFAULT_STORE = join(homedir(), '.perfcast', 'agent.duckdb');

export interface AgentOptions {
  readonly port?: number;
  readonly data?: string;
  readonly store?: string;
  readonly origins?: readonly string[];
  readonly token?: string;
  /** Where the data file's row problems are reported (stderr for the command). */
  readonly io?: Io;
}

export interface RunningAgent {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  readonly tokenGenerated: boolean;
  readonly app: FastifyInstance;
  readonly runs: RunQueue;
  readonly predictions: Predictions;
  readonly refinement: Refinement;
  close(): Promise<void>;
}

export async function startAgent(options: AgentOptions = {}): Promise<RunningAgent> {
  const tokenGenerated = !options.token;
  const token = options.token || generateToken();
  const data = await loadTrainingData(options.data, options.io);
  const host = hardwareId();
  const predictions = new Predictions(data, host);
  const store = await EventStore.open(options.store ?? DEFAULT_STORE);
  const models = runnableModels().map((m) => ({ id: m.id, defaultSeq: m.defaultSeq, seqVaries: m.seqVaries, precisions: m.precisions }));
  const runs = new RunQueue(store, predictions, models, host);
  const refinement = new Refinement(store, predictions, (kind, planId, data) => runs.publish(kind, planId, data));
  await refinement.restore();
  const requestedPort = options.port ?? DEFAULT_PORT;
  let app: FastifyInstance | null = null;
  try {
    // Port 0 asks the OS for a free port; the Host allow-list needs the real one, so bind first.
    const { createServer } = await import('node:net');
    const port = requestedPort !== 0 ? requestedPort : await new Promise<number>((resolve, reject) => {
      const probe = createServer();
      probe.once('error', reject);
      probe.listen(0, '127.0.0.1', () => {
        const p = (probe.address() as { port: number }).port;
        probe.close(() => resolve(p));
      });
    });
    app = await buildAgentApp({ token, port, origins: options.origins ?? defaultOrigins(), predictions, runs, store, refinement });
    await app.listen({ port, host: '127.0.0.1' });
    const running = app;
    return {
      url: `http://127.0.0.1:${port}`, port, token, tokenGenerated, app, runs, predictions, refinement,
      async close() {
        await runs.close();
        await running.close();
        store.close();
      },
    };
  } catch (error) {
    await runs.close();
    if (app) await app.close();
    store.close();
    throw error;
  }
}
