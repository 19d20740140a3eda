/**
 * The agent's own DuckDB file: every finished record (and the validation record beside it) is
 * written here before it is streamed, numbered in order, so a page that was closed, reloaded or
 * talking to a restarted agent asks for "everything after N" and gets each record exactly once.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

export interface StoredEvent {
  readonly seq: number;
  readonly kind: string;
  readonly plan_id: string;
  readonly at: string;
  readonly data: unknown;
}

export class EventStore {
  private constructor(private readonly instance: DuckDBInstance, private readonly db: DuckDBConnection, private last: number) {}

  static async open(path: string, options: { readOnly?: boolean } = {}): Promise<EventStore> {
    if (path !== ':memory:' && !options.readOnly) mkdirSync(dirname(path), { recursive: true });
    const instance = await DuckDBInstance.create(path, { autoinstall_known_extensions: 'false', ...(options.readOnly ? { access_mode: 'READ_ONLY' } : {}) });
    const db = await instance.connect();
    if (!options.readOnly) await db.run(`CREATE TABLE IF NOT EXISTS agent_events (
      seq BIGINT PRIMARY KEY, kind VARCHAR NOT NULL, plan_id VARCHAR NOT NULL, at_time VARCHAR NOT NULL, data VARCHAR NOT NULL)`);
    const reader = await db.runAndReadAll('SELECT coalesce(max(seq), 0) AS last FROM agent_events');
    const last = Number(reader.getRowObjects()[0].last);
    return new EventStore(instance, db, last);
  }

  get lastSeq(): number {
    return this.last;
  }

  private queue: Promise<unknown> = Promise.resolve();

  /** Appends one at a time, so sequence numbers never collide. */
  append(kind: string, planId: string, data: unknown): Promise<StoredEvent> {
    const next = this.queue.then(() => this.write(kind, planId, data));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async write(kind: string, planId: string, data: unknown): Promise<StoredEvent> {
    const event: StoredEvent = { seq: this.last + 1, kind, plan_id: planId, at: new Date().toISOString(), data };
    await this.db.run('INSERT INTO agent_events VALUES ($1, $2, $3, $4, $5)', [event.seq, kind, planId, event.at, JSON.stringify(data)]);
    this.last = event.seq;
    return event;
  }

  async after(seq: number, limit = 10_000): Promise<StoredEvent[]> {
    const reader = await this.db.runAndReadAll('SELECT seq, kind, plan_id, at_time, data FROM agent_events WHERE seq > $1 ORDER BY seq LIMIT $2', [seq, limit]);
    return reader.getRowObjects().map((r) => ({
      seq: Number(r.seq), kind: String(r.kind), plan_id: String(r.plan_id), at: String(r.at_time), data: JSON.parse(String(r.data)) as unknown,
    }));
  }

  close(): void {
    this.db.closeSync();
    this.instance.closeSync();
  }
}
