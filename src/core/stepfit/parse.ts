import { findJsonDepthExcess } from '../json-depth.ts';

/** One training step as logged: tokens per sequence averaged over the batch, wall time in seconds. */
export interface StepRow {
  readonly batch_size: number;
  readonly avg_seq_len: number;
  /** Seconds, as in the log. */
  readonly step_time: number;
  /** 1-based line in the JSONL text. */
  readonly line: number;
}

export interface StepDataProblem {
  readonly line: number;
  readonly message: string;
}

export class StepDataError extends Error {
  constructor(readonly fileName: string, readonly problems: readonly StepDataProblem[]) {
    const shown = problems.slice(0, 10).map((p) => `${fileName}:${p.line}: ${p.message}`);
    const more = problems.length > 10 ? [`... and ${problems.length - 10} more problem(s)`] : [];
    super([`${fileName}: ${problems.length} bad line(s) in the step log`, ...shown, ...more].join('\n'));
    this.name = 'StepDataError';
  }
}

const FIELDS = ['batch_size', 'avg_seq_len', 'step_time'] as const;

/** Plausibility bounds: a step over 10^6 s (11.6 days), or a batch or sequence beyond these, is a unit or logging error. */
export const STEP_BOUNDS: Readonly<Record<(typeof FIELDS)[number], { max: number; unit: string }>> = {
  batch_size: { max: 1e7, unit: 'sequences' },
  avg_seq_len: { max: 1e8, unit: 'tokens' },
  step_time: { max: 1e6, unit: 's' },
};

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object' && v !== null) return 'an object';
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * Parse JSON Lines rows {"batch_size", "avg_seq_len", "step_time"} (step_time in seconds).
 * Blank lines are skipped; every other line must be an object with the three fields as positive
 * finite numbers. All problems are collected, each naming its line, before anything is fitted.
 */
export function parseStepJsonl(text: string, fileName = '<input>'): StepRow[] {
  const rows: StepRow[] = [];
  const problems: StepDataProblem[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    const trimmed = raw.trim();
    if (trimmed === '') return;
    const excess = findJsonDepthExcess(trimmed, 8);
    if (excess) {
      problems.push({ line, message: `nested more than ${excess.limit} levels deep (column ${excess.column}); expected a flat object like {"batch_size": 8, "avg_seq_len": 512, "step_time": 0.21}` });
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (e) {
      problems.push({ line, message: `not valid JSON (${(e as Error).message})` });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push({ line, message: 'expected a JSON object like {"batch_size": 8, "avg_seq_len": 512, "step_time": 0.21}' });
      return;
    }
    const obj = value as Record<string, unknown>;
    const bad: string[] = [];
    for (const f of FIELDS) {
      const v = obj[f];
      if (v === undefined) bad.push(`${f} is missing`);
      else if (typeof v !== 'number') bad.push(`${f} must be a number, got ${describe(v)}`);
      else if (!Number.isFinite(v) || v <= 0) bad.push(`${f} must be a positive finite number, got ${v}`);
      else if (v > STEP_BOUNDS[f].max) bad.push(`${f} ${v} is beyond the plausible maximum of ${STEP_BOUNDS[f].max} ${STEP_BOUNDS[f].unit} (a unit or logging error?)`);
    }
    if (bad.length > 0) {
      problems.push({ line, message: bad.join('; ') });
      return;
    }
    rows.push({ batch_size: obj.batch_size as number, avg_seq_len: obj.avg_seq_len as number, step_time: obj.step_time as number, line });
  });
  if (problems.length > 0) throw new StepDataError(fileName, problems);
  if (rows.length === 0) throw new StepDataError(fileName, [{ line: 1, message: 'no step rows: the file is empty' }]);
  return rows;
}
