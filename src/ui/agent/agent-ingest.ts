/**
 * What the page does with the agent's stream: each finished record joins the data library as
 * `measured` (its origin names the agent and host) exactly once, whatever reloads, reconnects
 * or agent restarts happen: the import id is made from the run id and checked before adding.
 */
import type { BenchmarkRecord } from '../../core/schema/record.ts';
import { formatProblem, validateRows } from '../../core/schema/validate.ts';
import type { AgentEvent } from './agent-client.ts';

export interface RecordSink {
  has(importId: string): Promise<boolean>;
  /** Returns the problems met; empty when the record is stored. */
  add(record: BenchmarkRecord, importId: string): Promise<string[]>;
}

export type IngestOutcome =
  | { outcome: 'added'; record: BenchmarkRecord }
  | { outcome: 'duplicate'; importId: string }
  | { outcome: 'refused'; problems: string[] }
  | { outcome: 'not-a-record' };

export function importIdFor(runId: string): string {
  return `agent:${runId}`;
}

export async function ingestEvent(event: AgentEvent, sink: RecordSink): Promise<IngestOutcome> {
  if (event.kind !== 'record' || event.data === null || typeof event.data !== 'object') return { outcome: 'not-a-record' };
  const checked = validateRows([event.data as Record<string, unknown>], { file: `agent event ${event.seq ?? '?'}` });
  if (checked.problems.length > 0 || checked.records.length !== 1) return { outcome: 'refused', problems: checked.problems.map(formatProblem) };
  const record = checked.records[0];
  if (record.source !== 'measured') return { outcome: 'refused', problems: [`agent event ${event.seq}: source is '${record.source}', not measured`] };
  const importId = importIdFor(String(record.run_id));
  if (await sink.has(importId)) return { outcome: 'duplicate', importId };
  const problems = await sink.add(record, importId);
  return problems.length ? { outcome: 'refused', problems } : { outcome: 'added', record };
}

/** The last stored event the page has taken in, per agent, so a reload resumes after it. */
export const lastSeqKey = (agentUrl: string) => `perfcast.agent.lastSeq:${agentUrl}`;
