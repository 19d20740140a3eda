/**
 * The agent's half of the validation loop: which measured runs the predictor has not learned
 * from yet, whether they say it should be refined (core/validation adviseRefinement), and the
 * refinement itself (services/refine, fitted in a worker thread). Every adopted refinement is a
 * stored 'refined' event naming its runs, so a restarted agent learns from the same runs again.
 */
import { Worker } from 'node:worker_threads';
import type { Row } from '../../core/features/columns.ts';
import { adviseRefinement, type PredictorStatus, type RefinementEvent, type ValidationRecord } from '../../core/validation/summary.ts';
import type { SavedModel } from '../../services/model.ts';
import type { RefinementCheck } from '../../services/refine.ts';
import type { EventStore, StoredEvent } from './event-store.ts';
import type { Predictions } from './predictions.ts';

export class NothingToRefineError extends Error {}

export interface Runs {
  readonly records: Row[];
  readonly validations: ValidationRecord[];
  readonly refinements: RefinementEvent[];
}

/** The measured records, validation records and refinements of an agent's store, in order. */
export async function readRuns(store: EventStore): Promise<Runs> {
  const events = await store.after(0, 1_000_000);
  return {
    records: events.filter((e) => e.kind === 'record').map((e) => e.data as Row),
    validations: events.filter((e) => e.kind === 'validation').map((e) => e.data as ValidationRecord),
    refinements: events.filter((e) => e.kind === 'refined').map((e) => e.data as RefinementEvent),
  };
}

function fitOffThread(job: object): Promise<{ check: RefinementCheck; key: string; saved: SavedModel }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./refine-worker.mjs', import.meta.url), { workerData: job });
    worker.once('message', (m: { ok: true; check: RefinementCheck; key: string; saved: SavedModel } | { ok: false; error: string }) => {
      void worker.terminate();
      if (m.ok) resolve(m);
      else reject(new Error(m.error));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => { if (code !== 0) reject(new Error(`refinement worker exited with code ${code}`)); });
  });
}


export class Refinement {
  private busy: Promise<unknown> | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly predictions: Predictions,
    private readonly publish: (kind: string, planId: string, data: unknown) => Promise<StoredEvent>,
  ) {}

  /** Learns again from the runs earlier refinements adopted (on start). */
  async restore(): Promise<number> {
    const { records, refinements } = await readRuns(this.store);
    const ids = new Set(refinements.flatMap((r) => r.run_ids));
    const adopted = records.filter((r) => ids.has(String(r.run_id)));
    if (adopted.length) await this.predictions.adopt(adopted);
    return adopted.length;
  }

  private async unlearned(): Promise<{ runs: Runs; measured: Row[]; validations: ValidationRecord[] }> {
    const runs = await readRuns(this.store);
    const learned = this.predictions.learnedRunIds;
    const measured = runs.records.filter((r) => !learned.has(String(r.run_id)));
    const ids = new Set(measured.map((r) => String(r.run_id)));
    return { runs, measured, validations: runs.validations.filter((v) => ids.has(v.run_id)) };
  }

  async status(): Promise<PredictorStatus> {
    const model = await this.predictions.current();
    const { runs, measured, validations } = await this.unlearned();
    return {
      model_id: model.saved.id, target: model.saved.target, train_rows: model.saved.trainRows, data: this.predictions.dataLabel,
      fitted_at: model.saved.createdAt, learned_runs: this.predictions.learnedRunIds.size, unlearned_runs: measured.length,
      advice: adviseRefinement(validations), last_refinement: runs.refinements.at(-1) ?? null,
    };
  }

  /** Checks a refit on the runs not yet learned from, adopts it, and stores the outcome. One at a time. */
  async refine(): Promise<RefinementEvent> {
    if (this.busy) throw new NothingToRefineError('a refinement is already running');
    const run = (async () => {
      const { measured, validations } = await this.unlearned();
      if (measured.length === 0) throw new NothingToRefineError('no measured run the predictor has not learned from yet: queue a plan first');
      const before = await this.predictions.current();
      const fitted = await fitOffThread({ base: [...this.predictions.trainingRows], measured, validations, options: this.predictions.trainOptions });
      await this.predictions.adopt(measured, fitted);
      const after = await this.predictions.current();
      const event: RefinementEvent = {
        strategy: fitted.check.strategy, run_ids: measured.map((r) => String(r.run_id)), model_before: before.saved.id, model_after: after.saved.id,
        folds: fitted.check.folds, before: fitted.check.before, after: fitted.check.after,
      };
      await this.publish('refined', 'refinement', event);
      return event;
    })();
    this.busy = run;
    try {
      return await run;
    } finally {
      this.busy = null;
    }
  }
}
