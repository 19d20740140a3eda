import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runSweep, type SweepProgress } from '../../distributed/coordinator.ts';
import { DEFAULT_HARDWARE_CLASS, PlanError, parsePlanJson } from '../../distributed/jobs.ts';
import { checkRedisUrl } from '../../distributed/redis.ts';
import { UsageError, type Command, type Io } from '../command.ts';

const USAGE = `Usage: perfcast sweep --redis URL --plan plan.json --out results.duckdb [options]

Enqueues one BullMQ job per configuration of the plan (a RunPlan as JSON; missing fields take
DEFAULT_PLAN's values) on the queue of a hardware class, and collects the measured records that
'perfcast worker' processes return into the DuckDB file (table records, one record a row, keyed
by job id). Run it again with the same plan to resume: what the file has is not measured again.
See docs/distributed.md.

Options:
  --redis URL             Redis, e.g. redis://127.0.0.1:6379 (required)
  --plan FILE             plan.json (required)
  --out FILE              DuckDB results file (required; created when missing)
  --hardware-class NAME   queue to use: only workers started with this class take the jobs
                          (default: the plan's "hardware", else ${DEFAULT_HARDWARE_CLASS})
  --parquet FILE          also export the records table to Parquet when the sweep ends
  --attempts N            attempts per job before it is marked failed (default 3)
  --backoff-ms N          first retry delay, doubled each attempt (default 2000)
  --timeout S             seconds a worker may spend on one job (default 2 x maxSeconds + 120)
  --priority N            BullMQ priority for these jobs (1 is taken first; default none)
  --remeasure             measure again configurations the results file already has
  --retry-failed          give jobs that failed in an earlier sweep a new round of attempts
  --no-check              workers skip the output check
  --detach                enqueue and exit; a later sweep with the same plan collects`;

function positive(text: string | undefined, option: string, integer: boolean): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) throw new UsageError(`--${option} wants a positive ${integer ? 'integer' : 'number'}, got '${text}'`);
  return n;
}

function duration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(seconds / 3600)}h${String(Math.round((seconds % 3600) / 60)).padStart(2, '0')}m`;
}

export function progressLine(p: SweepProgress, width = 24): string {
  const finished = p.done + p.failed;
  const filled = p.total === 0 ? width : Math.round((finished / p.total) * width);
  const eta = p.etaS === null ? 'no worker alive' : `~${duration(p.etaS)} left`;
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${finished}/${p.total} (${p.failed} failed, ${p.active} running, ${p.workers} worker${p.workers === 1 ? '' : 's'}) ${eta} ` +
    `(estimate: ${p.secondsPerJob.toFixed(1)} s a job from the ${p.estimateBasis === 'observed' ? 'median of finished jobs' : 'protocol settings'})`;
}

const command: Command = {
  name: 'sweep',
  summary: 'spread a benchmark plan over workers through BullMQ on Redis; results into a DuckDB file',
  usage: USAGE,
  async run(argv: string[], io: Io): Promise<number> {
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        options: {
          redis: { type: 'string' }, plan: { type: 'string' }, out: { type: 'string' }, 'hardware-class': { type: 'string' }, parquet: { type: 'string' },
          attempts: { type: 'string' }, 'backoff-ms': { type: 'string' }, timeout: { type: 'string' }, priority: { type: 'string' },
          remeasure: { type: 'boolean' }, 'retry-failed': { type: 'boolean' }, 'no-check': { type: 'boolean' }, detach: { type: 'boolean' },
        },
        strict: true,
        allowPositionals: false,
      });
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    const v = parsed.values;
    if (!v.redis) throw new UsageError('--redis URL is required');
    if (!v.plan) throw new UsageError('--plan plan.json is required');
    if (!v.out) throw new UsageError('--out results.duckdb is required');
    try { checkRedisUrl(v.redis); } catch (error) { throw new UsageError((error as Error).message); }
    let text: string;
    try {
      text = readFileSync(v.plan, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read the plan ${v.plan}: ${(error as Error).message}`);
    }
    let plan;
    try {
      const read = parsePlanJson(text);
      plan = read.plan;
      for (const warning of read.warnings) io.err(warning);
    } catch (error) {
      if (error instanceof PlanError) throw new UsageError(`${v.plan}: ${error.message}`);
      throw error;
    }
    const tty = process.stderr.isTTY === true;
    let lastLineAt = 0;
    const summary = await runSweep({
      redisUrl: v.redis,
      plan,
      outPath: v.out,
      hardwareClass: v['hardware-class'] ?? plan.hardware ?? 'cpu',
      checkOutputs: !v['no-check'],
      remeasure: v.remeasure,
      retryFailed: v['retry-failed'],
      attempts: positive(v.attempts, 'attempts', true),
      backoffMs: positive(v['backoff-ms'], 'backoff-ms', true),
      timeoutS: positive(v.timeout, 'timeout', false),
      priority: positive(v.priority, 'priority', true),
      parquetPath: v.parquet,
      detach: v.detach,
      log: (line) => io.err(tty ? `\r\x1b[K${line}` : line),
      onProgress: (p) => {
        if (tty) process.stderr.write(`\r\x1b[K${progressLine(p)}`);
        else if (Date.now() - lastLineAt > 5000 || p.done + p.failed === p.total) {
          lastLineAt = Date.now();
          io.err(progressLine(p));
        }
      },
    });
    if (tty) process.stderr.write('\n');
    const lines = [
      `sweep ${summary.sweepId}: ${summary.total} configurations; ${summary.alreadyStored} were already in ${v.out}, ${summary.added} measured records added` +
        (summary.duplicatesIgnored > 0 ? `, ${summary.duplicatesIgnored} duplicate deliveries ignored` : '') +
        (summary.requeued > 0 ? `, ${summary.requeued} jobs lost by Redis enqueued again` : ''),
      ...summary.failed.map((f) => `failed: ${f.config} after ${f.attempts} attempt(s): ${f.reason}`),
      ...(summary.parquetRows !== null ? [`exported ${summary.parquetRows} records to ${v.parquet}`] : []),
      summary.complete ? 'source: measured by perfcast workers (see columns worker_id, worker_host, measured_at, runtime in table records)' : 'sweep not finished here: run the same command again to collect the rest',
    ];
    io.out(lines.join('\n'));
    return summary.failed.length > 0 ? 1 : 0;
  },
};

export default command;
