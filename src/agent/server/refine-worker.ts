/** Checks and fits a refinement off the server's thread: the fits take seconds on the shipped data. */
import { parentPort, workerData } from 'node:worker_threads';
import type { Row } from '../../core/features/columns.ts';
import type { ValidationRecord } from '../../core/validation/summary.ts';
import { memoryModelStore, modelFor } from '../../services/model-cache.ts';
import type { TrainOptions } from '../../services/model.ts';
import { checkRefinement } from '../../services/refine.ts';

export interface RefineJob {
  readonly base: Row[];
  readonly measured: Row[];
  readonly validations: ValidationRecord[];
  readonly options: TrainOptions & { readonly queryColumns: readonly string[] };
}

const job = workerData as RefineJob;
try {
  const check = checkRefinement(job.base, job.measured, job.validations, job.options);
  const store = memoryModelStore();
  const model = await modelFor(store, [...job.base, ...job.measured], job.options);
  parentPort!.postMessage({ ok: true, check, key: model.key, saved: model.saved });
} catch (error) {
  parentPort!.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) });
}
