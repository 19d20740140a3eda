import { parseArgs } from 'node:util';
import { summarizeValidation, type ValidationGroup, type ValidationRecord } from '../../core/validation/summary.ts';
import { UsageError, type Command, type Io } from '../command.ts';
import { EventStore } from '../server/event-store.ts';
import { DEFAULT_STORE } from '../server/start.ts';

const USAGE = `Usage: perfcast validate [--store FILE | --agent URL] [--json]

Prints the validation records the agent made: for every native run, the prediction recorded
before it (value, 80% interval, predictor id) against the measurement, and per hardware and
model the median and mean |error| and the share of measurements inside the interval.

Options:
  --store FILE   the agent's DuckDB file (default ${DEFAULT_STORE}); needs the agent stopped
  --agent URL    ask a running agent instead (token from PERFCAST_AGENT_TOKEN)
  --json         print the records and the summary as JSON`;

async function fromStore(path: string): Promise<ValidationRecord[]> {
  let store: EventStore;
  try {
    store = await EventStore.open(path, { readOnly: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(/lock/i.test(message) ? `'${path}' is held by a running agent; stop it or use --agent URL` : `cannot open '${path}': ${message}`);
  }
  try {
    return (await store.after(0, 1_000_000)).filter((e) => e.kind === 'validation').map((e) => e.data as ValidationRecord);
  } finally {
    store.close();
  }
}

async function fromAgent(url: string): Promise<ValidationRecord[]> {
  const token = process.env.PERFCAST_AGENT_TOKEN;
  if (!token) throw new UsageError('--agent needs the token in PERFCAST_AGENT_TOKEN');
  const { AgentClient } = await import('../../ui/agent/agent-client.ts');
  const client = new AgentClient(url, token);
  const out: ValidationRecord[] = [];
  const controller = new AbortController();
  await client.stream(0, (e) => {
    if (e.kind === 'validation') out.push(e.data as ValidationRecord);
    if (e.kind === 'caught-up') controller.abort();
  }, controller.signal);
  return out;
}

const pct = (v: number | null) => (v === null ? '-' : `${v.toFixed(1)}%`);

function table(groups: readonly ValidationGroup[]): string {
  const header = ['hardware', 'model', 'runs', 'predicted', 'median |err|', 'mean |err|', 'inside interval'];
  const rows = groups.map((g) => [g.hardware, g.model, String(g.runs), String(g.predicted), pct(g.medianAbsErrorPct), pct(g.meanAbsErrorPct),
    g.coverage === null ? '-' : `${(g.coverage * 100).toFixed(0)}% of ${g.predicted}${g.level ? ` (nominal ${(g.level * 100).toFixed(0)}%)` : ''}`]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [header, ...rows].map((r) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')).join('\n');
}

async function run(argv: string[], io: Io): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { store: { type: 'string' }, agent: { type: 'string' }, json: { type: 'boolean' } }, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.store && values.agent) throw new UsageError('give --store or --agent, not both');
  const records = values.agent ? await fromAgent(values.agent) : await fromStore(values.store ?? DEFAULT_STORE);
  const groups = summarizeValidation(records);
  if (values.json) {
    io.out(JSON.stringify({ records, summary: groups, overall: summarizeValidation(records, 'all')[0] ?? null }, null, 2));
    return 0;
  }
  if (records.length === 0) {
    io.out('no validation records yet: queue a plan on the agent (POST /api/runs or the Agent view)');
    return 0;
  }
  io.out(table([...groups, ...summarizeValidation(records, 'all')]));
  io.out(`source: ${records.length} native runs by the agent, each compared with the prediction recorded before it (error = (measured - predicted) / measured)`);
  return 0;
}

const validate: Command = { name: 'validate', summary: "compare the agent's measured runs with what was predicted before them (error, interval coverage)", usage: USAGE, run };
export default validate;
