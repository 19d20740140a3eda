import { parseArgs } from 'node:util';
import { adviseRefinement, summarizeValidation, type RefinementEvent, type ValidationFigures, type ValidationGroup, type ValidationRecord } from '../../core/validation/summary.ts';
import { UsageError, type Command, type Io } from '../command.ts';
import { EventStore } from '../server/event-store.ts';
import { readRuns } from '../server/refinement.ts';
import { DEFAULT_STORE } from '../server/start.ts';

const USAGE = `Usage: perfcast validate [--store FILE | --agent URL [--refine]] [--json]

Prints the validation records the agent made: for every native run, the prediction recorded
before it (value, 80% interval, predictor id) against the measurement, and per hardware and
model the median and mean |error| and the share of measurements inside the interval.

Options:
  --store FILE   the agent's DuckDB file (default ${DEFAULT_STORE}); needs the agent stopped
  --agent URL    ask a running agent instead (token from PERFCAST_AGENT_TOKEN)
  --refine       with --agent: refit the agent's predictor with the runs it has not learned
                 from, and print its figures before and after on those runs
  --json         print the records and the summary as JSON

After the table: every refinement so far (median |error| and interval coverage before, from the
predictions recorded before the runs, and after, from refits that never saw a run of the same
configuration), and whether the runs not yet learned from call for another.`;

interface History {
  readonly records: ValidationRecord[];
  readonly refinements: RefinementEvent[];
}

async function fromStore(path: string): Promise<History> {
  let store: EventStore;
  try {
    store = await EventStore.open(path, { readOnly: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(/lock/i.test(message) ? `'${path}' is held by a running agent; stop it or use --agent URL` : `cannot open '${path}': ${message}`);
  }
  try {
    const { validations, refinements } = await readRuns(store);
    return { records: validations, refinements };
  } finally {
    store.close();
  }
}

async function fromAgent(url: string, refine: boolean, io: Io): Promise<History> {
  const token = process.env.PERFCAST_AGENT_TOKEN;
  if (!token) throw new UsageError('--agent needs the token in PERFCAST_AGENT_TOKEN');
  const { AgentClient, AgentError } = await import('../../ui/agent/agent-client.ts');
  const client = new AgentClient(url, token);
  if (refine) {
    try {
      const event = await client.refine();
      io.err(`refined: learned from ${event.run_ids.length} runs; model ${event.model_before} -> ${event.model_after}`);
    } catch (error) {
      if (error instanceof AgentError) throw new UsageError(error.message);
      throw error;
    }
  }
  const out: History = { records: [], refinements: [] };
  const controller = new AbortController();
  await client.stream(0, (e) => {
    if (e.kind === 'validation') out.records.push(e.data as ValidationRecord);
    if (e.kind === 'refined') out.refinements.push(e.data as RefinementEvent);
    if (e.kind === 'caught-up') controller.abort();
  }, controller.signal);
  return out;
}

const figures = (f: ValidationFigures) => `median |error| ${pct(f.medianAbsErrorPct)}, inside interval ${f.coverage === null ? '-' : `${(f.coverage * 100).toFixed(0)}% of ${f.runs}`}`;

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
    ({ values } = parseArgs({ args: argv, options: { store: { type: 'string' }, agent: { type: 'string' }, refine: { type: 'boolean' }, json: { type: 'boolean' } }, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.store && values.agent) throw new UsageError('give --store or --agent, not both');
  if (values.refine && !values.agent) throw new UsageError('--refine asks a running agent: give --agent URL');
  const { records, refinements } = values.agent ? await fromAgent(values.agent, values.refine === true, io) : await fromStore(values.store ?? DEFAULT_STORE);
  const groups = summarizeValidation(records);
  const learned = new Set(refinements.flatMap((r) => r.run_ids));
  const advice = adviseRefinement(records.filter((r) => !learned.has(r.run_id)));
  if (values.json) {
    io.out(JSON.stringify({ records, summary: groups, overall: summarizeValidation(records, 'all')[0] ?? null, refinements, advice }, null, 2));
    return 0;
  }
  if (records.length === 0) {
    io.out('no validation records yet: queue a plan on the agent (POST /api/runs or the Agent view)');
    return 0;
  }
  io.out(table([...groups, ...summarizeValidation(records, 'all')]));
  io.out(`source: ${records.length} native runs by the agent, each compared with the prediction recorded before it (error = (measured - predicted) / measured)`);
  for (const r of refinements) {
    io.out(`refinement (${r.strategy}, ${r.run_ids.length} runs learned, ${r.model_before} -> ${r.model_after}): before ${figures(r.before)}; after (${r.folds}-fold, no run's own configuration learned) ${figures(r.after)}`);
  }
  io.out(`advice: ${advice.why}`);
  return 0;
}

const validate: Command = { name: 'validate', summary: "compare the agent's measured runs with what was predicted before them (error, interval coverage)", usage: USAGE, run };
export default validate;
