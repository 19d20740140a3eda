import { parseArgs } from 'node:util';
import { UsageError, type Command, type Io } from '../command.ts';
import { DEFAULT_PORT, DEFAULT_STORE, startAgent } from '../server/start.ts';
import { defaultOrigins } from '../server/security.ts';

const USAGE = `Usage: perfcast agent [--port N] [--data FILE] [options]

Serves the prediction REST API and native measurement on http://127.0.0.1:PORT (loopback only).
Every request needs 'Authorization: Bearer TOKEN': the token is PERFCAST_AGENT_TOKEN when set,
else a random 256-bit token printed once at start, inside a dashboard link (in the URL hash).
See docs/agent.md for the endpoints; the OpenAPI document is at /api/openapi.json.

Options:
  --port N          port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --data FILE       benchmark records to predict from (default: the shipped data set)
  --store FILE      DuckDB file that keeps every measured and validation record (default ${DEFAULT_STORE})
  --origin URL      a page origin allowed to call the agent (repeatable; default ${defaultOrigins().join(', ')})
  --dashboard URL   the dashboard the printed link opens (default http://127.0.0.1:5173)`;

async function run(argv: string[], io: Io): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' }, data: { type: 'string' }, store: { type: 'string' },
        origin: { type: 'string', multiple: true }, dashboard: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port wants an integer 0-65535, got '${values.port}'`);
  const dashboard = values.dashboard ?? 'http://127.0.0.1:5173';
  let dashboardOrigin: string;
  try {
    dashboardOrigin = new URL(dashboard).origin;
  } catch {
    throw new UsageError(`--dashboard wants a URL, got '${dashboard}'`);
  }
  const origins = values.origin ?? [...new Set([...defaultOrigins(), dashboardOrigin])];
  for (const o of origins) {
    if (!/^https?:\/\/[^/\s]+$/.test(o)) throw new UsageError(`--origin wants an origin like http://127.0.0.1:5173, got '${o}'`);
  }
  const agent = await startAgent({ port, data: values.data, store: values.store, origins, token: process.env.PERFCAST_AGENT_TOKEN, io: { out: io.err, err: io.err } });
  io.out(`listening on ${agent.url}`);
  const hash = new URLSearchParams({ agent: agent.url, ...(agent.tokenGenerated ? { token: agent.token } : {}) });
  io.out(`dashboard: ${dashboard.replace(/\/?(#.*)?$/, '')}/#/agent?${hash.toString()}`);
  io.out(agent.tokenGenerated ? `token: generated for this run (only in the link above); set PERFCAST_AGENT_TOKEN to choose one` : 'token: from PERFCAST_AGENT_TOKEN');
  io.out(`predicting from: ${agent.predictions.dataLabel}`);
  // Fit after the server is up; requests that arrive meanwhile wait for the fit, they are not refused.
  setImmediate(() => {
    agent.predictions.warm().catch((error: unknown) => io.err(`perfcast agent: cannot fit the predictor: ${error instanceof Error ? error.message : String(error)}`));
  });
  await new Promise<void>((resolve) => {
    const stop = () => { process.off('SIGINT', stop); process.off('SIGTERM', stop); resolve(); };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await agent.close();
  return 0;
}

const agent: Command = { name: 'agent', summary: 'serve the prediction REST API and native measurement to the dashboard (localhost, token)', usage: USAGE, run };
export default agent;
