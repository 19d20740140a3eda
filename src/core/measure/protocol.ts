/**
 * The measurement protocol shared by the page worker and the Node runner:
 * load -> first run (compiles, allocates) -> warm-up -> measured runs until at least `minRuns`
 * runs AND `minSeconds` seconds (capped by `maxRuns` / `maxSeconds`) -> statistics -> output check.
 * Each timed interval is one whole `run()` including reading outputs back; memory is sampled
 * between runs, never inside a timed interval.
 */
import { compareOutputs, skippedCheck, type OutputCheck, type Outputs, type Tolerance } from './check.ts';
import { summarize, type TimingStats } from './stats.ts';

export interface ProtocolSettings {
  readonly warmupRuns: number;
  readonly minRuns: number;
  readonly minSeconds: number;
  readonly maxRuns: number;
  readonly maxSeconds: number;
}

export const DEFAULT_PROTOCOL: ProtocolSettings = {
  warmupRuns: 3,
  minRuns: 10,
  minSeconds: 1,
  maxRuns: 500,
  maxSeconds: 30,
};

export function validateProtocol(settings: ProtocolSettings): ProtocolSettings {
  const checks: Array<[keyof ProtocolSettings, boolean]> = [
    ['warmupRuns', Number.isInteger(settings.warmupRuns) && settings.warmupRuns >= 0],
    ['minRuns', Number.isInteger(settings.minRuns) && settings.minRuns >= 1],
    ['minSeconds', Number.isFinite(settings.minSeconds) && settings.minSeconds >= 0],
    ['maxRuns', Number.isInteger(settings.maxRuns) && settings.maxRuns >= settings.minRuns],
    ['maxSeconds', Number.isFinite(settings.maxSeconds) && settings.maxSeconds > 0],
  ];
  for (const [name, ok] of checks) {
    if (!ok) throw new Error(`protocol setting ${name} = ${String(settings[name])} is invalid (maxRuns must be >= minRuns)`);
  }
  return settings;
}

export interface MemoryReading {
  /** Peak bytes seen so far by the adapter's own measure (RSS high-water mark, wasm heap size...). */
  readonly peakBytes: number | null;
  /** What the figure is, e.g. 'rss-peak', 'wasm-heap', 'wasm-heap+gpu-buffers'. */
  readonly kind: string;
  /** Named components in bytes, kept as extra columns. */
  readonly parts?: Readonly<Record<string, number>>;
}

/** One loaded model on one execution provider. */
export interface SessionAdapter<Feeds> {
  load(): Promise<void>;
  run(feeds: Feeds): Promise<Outputs>;
  memory(): MemoryReading | Promise<MemoryReading>;
  dispose(): Promise<void>;
}

export interface Clock {
  /** Milliseconds from an arbitrary origin, monotonic. */
  now(): number;
}

export type Phase = 'load' | 'first-run' | 'warmup' | 'measure' | 'check';

export interface Progress {
  readonly phase: Phase;
  /** Measured runs so far. */
  readonly runs: number;
  readonly elapsedMs: number;
  readonly lastMs: number | null;
  /** 0..1: how far the stopping rule is from being met. */
  readonly fraction: number;
}

export interface MeasureOptions<Feeds> {
  readonly adapter: SessionAdapter<Feeds>;
  readonly feeds: Feeds;
  readonly settings?: ProtocolSettings;
  readonly clock: Clock;
  /** Outputs of a reference run (another provider, or the same one with optimizations off). */
  readonly reference?: { readonly outputs: Outputs; readonly label: string } | null;
  readonly tolerance: Tolerance;
  readonly onProgress?: (progress: Progress) => void;
  readonly signal?: { readonly aborted: boolean };
}

export type StopReason = 'min-runs-and-seconds' | 'max-runs' | 'max-seconds';

export interface MeasuredResult {
  readonly status: 'ok';
  readonly loadMs: number;
  readonly firstRunMs: number;
  readonly warmupMs: readonly number[];
  readonly timesMs: readonly number[];
  readonly stats: TimingStats;
  readonly memory: MemoryReading;
  readonly check: OutputCheck;
  readonly stopReason: StopReason;
  readonly settings: ProtocolSettings;
}

export interface FailedResult {
  readonly status: 'failed';
  readonly phase: Phase;
  readonly error: string;
  readonly check: OutputCheck | null;
  readonly loadMs: number | null;
  readonly firstRunMs: number | null;
  /** Timings are kept for the report, but a failed run is never stored as a measurement. */
  readonly timesMs: readonly number[];
}

export interface CancelledResult {
  readonly status: 'cancelled';
}

export type MeasureResult = MeasuredResult | FailedResult | CancelledResult;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function largerMemory(a: MemoryReading, b: MemoryReading): MemoryReading {
  if (a.peakBytes === null) return b;
  if (b.peakBytes === null) return a;
  return b.peakBytes >= a.peakBytes ? b : a;
}

export function progressFraction(runs: number, elapsedMs: number, settings: ProtocolSettings): number {
  const minimum = Math.min(runs / settings.minRuns, settings.minSeconds > 0 ? elapsedMs / (settings.minSeconds * 1000) : 1);
  const cap = Math.max(runs / settings.maxRuns, elapsedMs / (settings.maxSeconds * 1000));
  return Math.min(1, Math.max(minimum, cap));
}

export async function measure<Feeds>(options: MeasureOptions<Feeds>): Promise<MeasureResult> {
  const settings = validateProtocol(options.settings ?? DEFAULT_PROTOCOL);
  const { adapter, feeds, clock, signal } = options;
  const report = (phase: Phase, runs: number, elapsedMs: number, lastMs: number | null) =>
    options.onProgress?.({ phase, runs, elapsedMs, lastMs, fraction: progressFraction(runs, elapsedMs, settings) });
  let phase: Phase = 'load';
  let loadMs: number | null = null;
  let firstRunMs: number | null = null;
  const timesMs: number[] = [];
  try {
    report('load', 0, 0, null);
    const loadStart = clock.now();
    await adapter.load();
    loadMs = clock.now() - loadStart;
    let memory = await adapter.memory();
    if (signal?.aborted) return { status: 'cancelled' };

    phase = 'first-run';
    report(phase, 0, 0, null);
    const firstStart = clock.now();
    const firstOutputs = await adapter.run(feeds);
    firstRunMs = clock.now() - firstStart;
    memory = largerMemory(memory, await adapter.memory());

    const reference = options.reference;
    const checkAgainstReference = (outputs: Outputs): OutputCheck =>
      reference ? compareOutputs(outputs, reference.outputs, options.tolerance, reference.label) : skippedCheck('no reference outputs');
    phase = 'check';
    const firstCheck = checkAgainstReference(firstOutputs);
    if (firstCheck.status === 'fail') {
      return { status: 'failed', phase, error: `first run's outputs are wrong: ${firstCheck.detail}`, check: firstCheck, loadMs, firstRunMs, timesMs };
    }

    phase = 'warmup';
    const warmupMs: number[] = [];
    for (let i = 0; i < settings.warmupRuns; i++) {
      if (signal?.aborted) return { status: 'cancelled' };
      const start = clock.now();
      await adapter.run(feeds);
      warmupMs.push(clock.now() - start);
      report(phase, 0, 0, warmupMs[i]);
    }

    phase = 'measure';
    let lastOutputs = firstOutputs;
    let stopReason: StopReason | null = null;
    const measureStart = clock.now();
    while (stopReason === null) {
      if (signal?.aborted) return { status: 'cancelled' };
      const start = clock.now();
      lastOutputs = await adapter.run(feeds);
      const end = clock.now();
      timesMs.push(end - start);
      const elapsedMs = end - measureStart;
      if (timesMs.length >= settings.minRuns && elapsedMs >= settings.minSeconds * 1000) stopReason = 'min-runs-and-seconds';
      else if (timesMs.length >= settings.maxRuns) stopReason = 'max-runs';
      else if (elapsedMs >= settings.maxSeconds * 1000) stopReason = 'max-seconds';
      report(phase, timesMs.length, elapsedMs, end - start);
    }
    memory = largerMemory(memory, await adapter.memory());

    phase = 'check';
    const lastCheck = checkAgainstReference(lastOutputs);
    if (lastCheck.status === 'fail') {
      return { status: 'failed', phase, error: `last measured run's outputs are wrong: ${lastCheck.detail}`, check: lastCheck, loadMs, firstRunMs, timesMs };
    }
    const check = lastCheck.status === 'pass' && firstCheck.status === 'pass'
      ? { ...lastCheck, maxAbsError: Math.max(firstCheck.maxAbsError ?? 0, lastCheck.maxAbsError ?? 0) }
      : lastCheck;
    return {
      status: 'ok', loadMs, firstRunMs, warmupMs, timesMs, stats: summarize(timesMs), memory, check, stopReason, settings,
    };
  } catch (error) {
    return { status: 'failed', phase, error: message(error), check: null, loadMs, firstRunMs, timesMs };
  } finally {
    await adapter.dispose().catch(() => undefined);
  }
}
