import { parseArgs } from 'node:util';
import { DEFAULT_PROTOCOL, validateProtocol, type ProtocolSettings } from '../../core/measure/protocol.ts';
import { newRunId } from '../../core/measure/record.ts';
import { PRECISIONS, type BenchmarkRecord, type Precision } from '../../core/schema/record.ts';
import { benchNode } from '../../runtime/node/node-runner.ts';
import { appendRecordsToParquet, readAppendTarget, writeRecordsToParquet } from '../../runtime/node/parquet-append.ts';
import { oneLineError } from '../io/errors.ts';
import { checkOutputTarget } from '../io/output-file.ts';
import type { Workload } from '../../runtime/workload.ts';
import { UsageError, type Command, type Io } from '../command.ts';

const USAGE = `Usage: perfcast bench --model NAME [options]

Measures a model from the zoo on onnxruntime-node with the measurement protocol
(load, first run, warm-up, measured runs until --min-runs AND --min-seconds), checking
outputs against an unoptimized session. See docs/measurement.md.

Options:
  --model NAME[,NAME]     model id(s) from the zoo (required)
  --ep cpu                execution provider (onnxruntime-node here: cpu)
  --batch 1,8             batch sizes (default 1)
  --seq 128               sequence lengths (default: the model's typical length)
  --precision fp32        precisions (default fp32)
  --threads N[,N]         intra-op threads (default 1)
  --min-runs N            measured runs at least (default ${DEFAULT_PROTOCOL.minRuns})
  --min-seconds T         measured seconds at least (default ${DEFAULT_PROTOCOL.minSeconds})
  --max-runs N            cap on measured runs (default ${DEFAULT_PROTOCOL.maxRuns})
  --max-seconds T         cap on measured seconds (default ${DEFAULT_PROTOCOL.maxSeconds})
  --warmup N              warm-up runs (default ${DEFAULT_PROTOCOL.warmupRuns})
  --no-check              skip the output check (saves one load and one run)
  --hardware ID           hardware id to record (default: from the CPU model)
  --json                  print the records as a JSON array on stdout, nothing else
  --out FILE.parquet      append the records to a Parquet data file (atomically, under a lock
                          so concurrent benches on one file all land)

--out is checked before the first run. On an error or Ctrl-C every finished measurement is
kept: appended to --out, or (if that fails) written to a rescue file named in the message.
Exit status: 0 all measured, 1 a configuration failed or an error, 130 interrupted.`;

/** Where the process's SIGINT arrives; tests pass their own emitter. */
export interface SignalSource {
  once(event: 'SIGINT', listener: () => void): unknown;
  off(event: 'SIGINT', listener: () => void): unknown;
}

class Interrupted extends Error {}

export interface ModelResolver {
  list(): string[];
  defaultSeq(model: string): number;
  load(model: string, precision: Precision): Workload;
}

function integers(text: string, option: string): number[] {
  const values = text.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (values.length === 0 || values.some((v) => !Number.isInteger(v) || v < 1)) {
    throw new UsageError(`--${option} wants positive integers separated by commas, got '${text}'`);
  }
  return [...new Set(values)];
}

function number(text: string | undefined, option: string, fallback: number, integer: boolean): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
    throw new UsageError(`--${option} wants a ${integer ? 'non-negative integer' : 'non-negative number'}, got '${text}'`);
  }
  return value;
}

function fmt(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined ? '-' : value.toFixed(digits);
}

function table(records: readonly BenchmarkRecord[]): string {
  const header = ['model', 'ep', 'prec', 'batch', 'seq', 'thr', 'p50 ms', '95% CI', 'p90 ms', 'cv', 'runs', 'load ms', 'first ms', 'items/s', 'peak MB', 'check'];
  const rows = records.map((r) => [
    r.model, String(r.execution_provider), r.precision, String(r.batch_size), r.seq_len === null || r.seq_len === undefined ? '-' : String(r.seq_len),
    String(r.threads ?? '-'), fmt(r.latency_ms), `${fmt(r.latency_ci_lo_ms)}-${fmt(r.latency_ci_hi_ms)}`, fmt(r.latency_p90_ms),
    fmt(r.latency_cv as number, 3), String(r.runs), fmt(r.load_ms, 0), fmt(r.first_run_ms, 1), fmt(r.throughput_items_s, 1), fmt(r.memory_mb, 0), String(r.output_check),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const first = records[0];
  const provenance = `source: measured by ${String(first.origin)} with ${String(first.runtime)} ${String(first.runtime_version)} ` +
    `on ${first.hardware}${first.device_name ? ` (${String(first.device_name)})` : ''}, ${String(first.measured_at)}`;
  return [line(header), ...rows.map(line), provenance].join('\n');
}

function rescuePath(out: string | undefined, runId: string): string {
  const safeId = runId.replace(/[^A-Za-z0-9_.-]/g, '_');
  if (!out) return `perfcast-rescue-${safeId}.parquet`;
  return `${out.replace(/\.(parquet|pq)$/i, '')}.rescue-${safeId}.parquet`;
}

/**
 * Stores finished records in --out, else in a rescue file beside it, else in the current
 * directory, and says where. 'unsaved': nowhere would take them (the caller prints them).
 */
async function keepRecords(records: readonly BenchmarkRecord[], out: string | undefined, runId: string, io: Io, why: string | null): Promise<'target' | 'rescue' | 'unsaved' | 'none'> {
  if (records.length === 0 || !out) return 'none';
  const n = `${records.length} finished record${records.length === 1 ? '' : 's'}`;
  try {
    const { before, after } = await appendRecordsToParquet(out, records, {
      onWait: () => io.err(`waiting for another perfcast writing ${out} ...`),
    });
    io.err(`appended ${after - before} records to ${out} (${before} rows before, ${after} now)`);
    if (why) io.err(`${why}; the ${n} are kept in ${out}`);
    return 'target';
  } catch (error) {
    io.err(`perfcast bench: could not append to ${out}: ${oneLineError(error)}`);
  }
  for (const rescue of [rescuePath(out, runId), rescuePath(undefined, runId)]) {
    try {
      await writeRecordsToParquet(rescue, records);
      io.err(`the ${n} are kept in the rescue file ${rescue}; ${out} is unchanged`);
      return 'rescue';
    } catch (error) {
      io.err(`perfcast bench: could not write the rescue file ${rescue}: ${oneLineError(error)}`);
    }
  }
  io.err(`the ${n} follow as JSON on stdout`);
  return 'unsaved';
}

export function createBenchCommand(resolver: () => Promise<ModelResolver>, signals: SignalSource = process): Command {
  return {
    name: 'bench',
    summary: 'measure a model on onnxruntime-node with the measurement protocol',
    usage: USAGE,
    async run(argv: string[], io: Io): Promise<number> {
      let parsed;
      try {
        parsed = parseArgs({
          args: argv,
          options: {
            model: { type: 'string', multiple: true }, ep: { type: 'string' }, batch: { type: 'string' }, seq: { type: 'string' },
            precision: { type: 'string' }, threads: { type: 'string' }, 'min-runs': { type: 'string' }, 'min-seconds': { type: 'string' },
            'max-runs': { type: 'string' }, 'max-seconds': { type: 'string' }, warmup: { type: 'string' }, 'no-check': { type: 'boolean' },
            hardware: { type: 'string' }, json: { type: 'boolean' }, out: { type: 'string' },
          },
          strict: true,
          allowPositionals: false,
        });
      } catch (error) {
        throw new UsageError(error instanceof Error ? error.message : String(error));
      }
      const v = parsed.values;
      const models = (v.model ?? []).flatMap((m) => m.split(',')).map((m) => m.trim()).filter(Boolean);
      if (models.length === 0) throw new UsageError('--model is required');
      const ep = v.ep ?? 'cpu';
      if (ep !== 'cpu') throw new UsageError(`--ep ${ep} is not available in onnxruntime-node here; available: cpu (measure wasm/webgpu/webnn in the page's Run view)`);
      const resolve = await resolver();
      const known = resolve.list();
      const unknown = models.filter((m) => !known.includes(m));
      if (unknown.length > 0) {
        io.err(`perfcast bench: unknown model${unknown.length > 1 ? 's' : ''} ${unknown.map((m) => `'${m}'`).join(', ')}\nAvailable models:\n${known.map((m) => `  ${m}`).join('\n')}`);
        return 1;
      }
      const precisions = (v.precision ?? 'fp32').split(',').map((p) => p.trim());
      for (const p of precisions) {
        if (!(PRECISIONS as readonly string[]).includes(p)) throw new UsageError(`--precision ${p} is not one of ${PRECISIONS.join(', ')}`);
      }
      const batches = integers(v.batch ?? '1', 'batch');
      const threadCounts = integers(v.threads ?? '1', 'threads');
      const minRuns = number(v['min-runs'], 'min-runs', DEFAULT_PROTOCOL.minRuns, true);
      let protocol: ProtocolSettings;
      try {
        protocol = validateProtocol({
          warmupRuns: number(v.warmup, 'warmup', DEFAULT_PROTOCOL.warmupRuns, true),
          minRuns,
          minSeconds: number(v['min-seconds'], 'min-seconds', DEFAULT_PROTOCOL.minSeconds, false),
          maxRuns: number(v['max-runs'], 'max-runs', Math.max(DEFAULT_PROTOCOL.maxRuns, minRuns), true),
          maxSeconds: number(v['max-seconds'], 'max-seconds', DEFAULT_PROTOCOL.maxSeconds, false),
        });
      } catch (error) {
        throw new UsageError(error instanceof Error ? error.message : String(error));
      }
      if (v.out) {
        // Before the first run: a target that cannot take the records must not cost a measurement.
        if (!/\.(parquet|pq)$/i.test(v.out)) throw new UsageError(`--out must end in .parquet, got '${v.out}'`);
        await checkOutputTarget(v.out);
        const existing = await readAppendTarget(v.out);
        io.err(`--out ${v.out}: ${existing.length === 0 ? 'will be created' : `${existing.length} rows there, the new records will be appended`}`);
      }
      const seqOption = v.seq ? integers(v.seq, 'seq') : undefined;
      const runId = newRunId('node', new Date(), Math.random);
      const records: BenchmarkRecord[] = [];
      let failures = 0;
      let rejectInterrupt: (error: Error) => void = () => undefined;
      const interrupt = new Promise<never>((_, reject) => { rejectInterrupt = reject; });
      interrupt.catch(() => undefined);
      const onSigint = () => rejectInterrupt(new Interrupted('interrupted (SIGINT)'));
      signals.once('SIGINT', onSigint);
      let stopped: string | null = null;
      let thrown: unknown;
      try {
        for (const model of models) {
          const seqs = seqOption ?? [resolve.defaultSeq(model)];
          for (const precision of precisions as Precision[]) {
            let workload: Workload;
            try {
              workload = resolve.load(model, precision);
            } catch (error) {
              io.err(`perfcast bench: ${model} ${precision}: ${oneLineError(error)}`);
              failures++;
              continue;
            }
            for (const seq of workload.seqVaries ? seqs : [seqs[0]]) {
              for (const batch of batches) {
                for (const threads of threadCounts) {
                  const label = `${model} ${precision} batch ${batch}${workload.seqVaries ? ` seq ${seq}` : ''} threads ${threads}`;
                  io.err(`measuring ${label} ...`);
                  const outcome = await Promise.race([
                    benchNode(workload, { batch, seq, threads }, { protocol, runId, checkOutputs: !v['no-check'], hardware: v.hardware }),
                    interrupt,
                  ]);
                  if (outcome.record) {
                    records.push(outcome.record);
                    io.err(`  p50 ${fmt(outcome.record.latency_ms)} ms over ${outcome.record.runs} runs (output check: ${outcome.record.output_check})`);
                  } else {
                    failures++;
                    const reason = outcome.result.status === 'failed' ? `${outcome.result.phase}: ${outcome.result.error}` : outcome.result.status;
                    io.err(`  FAILED ${label}: ${reason}`);
                  }
                }
              }
            }
          }
        }
      } catch (error) {
        if (error instanceof Interrupted) stopped = `interrupted (Ctrl-C) after ${records.length} finished measurement${records.length === 1 ? '' : 's'}`;
        else {
          thrown = error;
          stopped = `stopped by an error (${oneLineError(error)}) after ${records.length} finished measurement${records.length === 1 ? '' : 's'}`;
        }
      } finally {
        signals.off('SIGINT', onSigint);
      }
      if (stopped) io.err(`perfcast bench: ${stopped}${v.out ? '' : '; the finished records are printed below'}`);
      const kept = await keepRecords(records, v.out, runId, io, stopped);
      if (records.length > 0) io.out(v.json || kept === 'unsaved' ? JSON.stringify(records, null, 2) : table(records));
      else if (v.json) io.out('[]');
      if (stopped) return thrown ? 1 : 130;
      if (kept === 'rescue' || kept === 'unsaved') return 1;
      return failures > 0 ? 1 : 0;
    },
  };
}

async function zooResolver(): Promise<ModelResolver> {
  const { runnableModels, zooWorkload } = await import('../../runtime/zoo-workload.ts');
  const models = runnableModels();
  return {
    list: () => models.map((m) => m.id),
    defaultSeq: (id) => models.find((m) => m.id === id)?.defaultSeq ?? 128,
    load: (id, precision) => zooWorkload(id, precision),
  };
}

export default createBenchCommand(zooResolver);
