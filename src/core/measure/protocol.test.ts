import { describe, expect, it } from 'vitest';
import type { Outputs } from './check.ts';
import { compareOutputs, toleranceFor } from './check.ts';
import { measure, type ProtocolSettings, type SessionAdapter } from './protocol.ts';

/** A fake clock the fake session advances: every run takes the next duration of a script. */
class ScriptedSession implements SessionAdapter<string> {
  time = 0;
  calls: string[] = [];
  disposed = false;
  private index = 0;
  constructor(
    private readonly loadMs: number,
    private readonly runMs: readonly number[],
    private readonly outputs: (call: number) => Outputs = () => ({ y: { dims: [2], data: [1, 2] } }),
    private readonly memoryBytes: readonly number[] = [100, 300, 200],
  ) {}
  readonly clock = { now: () => this.time };
  async load() { this.calls.push('load'); this.time += this.loadMs; }
  async run(feeds: string) {
    this.calls.push(`run:${feeds}`);
    const ms = this.runMs[Math.min(this.index, this.runMs.length - 1)];
    const out = this.outputs(this.index);
    this.index++;
    this.time += ms;
    return out;
  }
  private memoryCall = 0;
  memory() {
    const bytes = this.memoryBytes[Math.min(this.memoryCall++, this.memoryBytes.length - 1)];
    return { peakBytes: bytes, kind: 'test' };
  }
  async dispose() { this.disposed = true; }
}

const settings = (s: Partial<ProtocolSettings>): ProtocolSettings =>
  ({ warmupRuns: 2, minRuns: 5, minSeconds: 0, maxRuns: 1000, maxSeconds: 1000, ...s });

describe('measure', () => {
  it('keeps load, first run and warm-up apart from the measured runs', async () => {
    // load 500; first run 90; warm-up 40, 30; measured 10 11 12 13 14
    const session = new ScriptedSession(500, [90, 40, 30, 10, 11, 12, 13, 14]);
    const result = await measure({ adapter: session, feeds: 'x', clock: session.clock, settings: settings({}), tolerance: toleranceFor('fp32') });
    expect(result.status).toBe('ok');
    if (result.status !== 'ok') return;
    expect(result.loadMs).toBe(500);
    expect(result.firstRunMs).toBe(90);
    expect(result.warmupMs).toEqual([40, 30]);
    expect(result.timesMs).toEqual([10, 11, 12, 13, 14]);
    expect(result.stats.p50).toBe(12);
    expect(result.stopReason).toBe('min-runs-and-seconds');
    expect(result.memory.peakBytes).toBe(300);
    expect(session.calls.filter((c) => c === 'run:x')).toHaveLength(8);
    expect(session.disposed).toBe(true);
  });

  it('runs until both the run count and the time are met', async () => {
    // 100 ms per run, at least 3 runs and 1 s: needs 10 runs
    const session = new ScriptedSession(0, [100]);
    const result = await measure({ adapter: session, feeds: 'x', clock: session.clock, settings: settings({ warmupRuns: 0, minRuns: 3, minSeconds: 1 }), tolerance: toleranceFor('fp32') });
    expect(result.status === 'ok' && result.timesMs.length).toBe(10);
    // 1 ms per run, at least 7 runs and no time: 7 runs
    const quick = new ScriptedSession(0, [1]);
    const quickResult = await measure({ adapter: quick, feeds: 'x', clock: quick.clock, settings: settings({ warmupRuns: 0, minRuns: 7 }), tolerance: toleranceFor('fp32') });
    expect(quickResult.status === 'ok' && quickResult.timesMs.length).toBe(7);
  });

  it('stops at the caps and says which', async () => {
    const slow = new ScriptedSession(0, [400]);
    const bySeconds = await measure({ adapter: slow, feeds: 'x', clock: slow.clock, settings: settings({ warmupRuns: 0, minRuns: 100, maxSeconds: 1 }), tolerance: toleranceFor('fp32') });
    expect(bySeconds.status === 'ok' && [bySeconds.timesMs.length, bySeconds.stopReason]).toEqual([3, 'max-seconds']);
    const fast = new ScriptedSession(0, [1]);
    const byRuns = await measure({ adapter: fast, feeds: 'x', clock: fast.clock, settings: settings({ warmupRuns: 0, minRuns: 4, minSeconds: 10, maxRuns: 6 }), tolerance: toleranceFor('fp32') });
    expect(byRuns.status === 'ok' && [byRuns.timesMs.length, byRuns.stopReason]).toEqual([6, 'max-runs']);
  });

  it('fails a fast wrong answer', async () => {
    const wrong = new ScriptedSession(0, [1], () => ({ y: { dims: [2], data: [1, 2.5] } }));
    const result = await measure({
      adapter: wrong, feeds: 'x', clock: wrong.clock, settings: settings({}), tolerance: toleranceFor('fp32'),
      reference: { outputs: { y: { dims: [2], data: [1, 2] } }, label: 'wasm' },
    });
    expect(result.status).toBe('failed');
    if (result.status !== 'failed') return;
    expect(result.phase).toBe('check');
    expect(result.error).toMatch(/first run's outputs are wrong: 1 values outside .* y\[1\] = 2.5, expected 2/);
    expect(result.check?.maxAbsError).toBe(0.5);
    expect(wrong.disposed).toBe(true);
  });

  it('fails when outputs go wrong during the measured runs', async () => {
    const drifting = new ScriptedSession(0, [1], (call) => ({ y: { dims: [1], data: [call >= 3 ? Number.NaN : 1] } }));
    const result = await measure({
      adapter: drifting, feeds: 'x', clock: drifting.clock, settings: settings({ warmupRuns: 1 }), tolerance: toleranceFor('fp32'),
      reference: { outputs: { y: { dims: [1], data: [1] } }, label: 'cpu' },
    });
    expect(result.status === 'failed' && result.error).toMatch(/last measured run's outputs are wrong/);
  });

  it('passes a check within tolerance and records the reference', async () => {
    const close = new ScriptedSession(0, [1], () => ({ y: { dims: [2], data: [1.0004, 2] } }));
    const result = await measure({
      adapter: close, feeds: 'x', clock: close.clock, settings: settings({}), tolerance: toleranceFor('fp32'),
      reference: { outputs: { y: { dims: [2], data: [1, 2] } }, label: 'wasm (optimizations off)' },
    });
    expect(result.status === 'ok' && result.check.status).toBe('pass');
    expect(result.status === 'ok' && result.check.reference).toBe('wasm (optimizations off)');
    expect(result.status === 'ok' && result.check.maxAbsError).toBeCloseTo(0.0004, 10);
  });

  it('reports a load error as a failed run in the load phase', async () => {
    const broken: SessionAdapter<string> = {
      load: async () => { throw new Error('no available backend found'); },
      run: async () => ({}),
      memory: () => ({ peakBytes: null, kind: 'none' }),
      dispose: async () => undefined,
    };
    const result = await measure({ adapter: broken, feeds: 'x', clock: { now: () => 0 }, tolerance: toleranceFor('fp32') });
    expect(result).toMatchObject({ status: 'failed', phase: 'load', error: 'no available backend found' });
  });

  it('stops when cancelled', async () => {
    const session = new ScriptedSession(0, [1]);
    const signal = { aborted: false };
    const result = await measure({
      adapter: session, feeds: 'x', clock: session.clock, settings: settings({ minRuns: 100 }), tolerance: toleranceFor('fp32'), signal,
      onProgress: (p) => { if (p.runs === 3) signal.aborted = true; },
    });
    expect(result.status).toBe('cancelled');
    expect(session.disposed).toBe(true);
  });

  it('reports progress that reaches 1 when the stopping rule is met', async () => {
    const session = new ScriptedSession(0, [250]);
    const fractions: number[] = [];
    await measure({
      adapter: session, feeds: 'x', clock: session.clock, settings: settings({ warmupRuns: 0, minRuns: 2, minSeconds: 1 }), tolerance: toleranceFor('fp32'),
      onProgress: (p) => { if (p.phase === 'measure') fractions.push(p.fraction); },
    });
    expect(fractions).toEqual([0.25, 0.5, 0.75, 1]);
  });

  it('rejects settings that cannot work', async () => {
    const session = new ScriptedSession(0, [1]);
    await expect(measure({ adapter: session, feeds: 'x', clock: session.clock, settings: settings({ minRuns: 10, maxRuns: 5 }), tolerance: toleranceFor('fp32') }))
      .rejects.toThrow(/maxRuns/);
  });
});

describe('compareOutputs', () => {
  const tol = { atol: 1e-3, rtol: 1e-2 };
  it('names shape and name differences', () => {
    expect(compareOutputs({ a: { dims: [2], data: [1, 2] } }, { b: { dims: [2], data: [1, 2] } }, tol, 'r').detail).toMatch(/output names differ/);
    expect(compareOutputs({ a: { dims: [1, 2], data: [1, 2] } }, { a: { dims: [2], data: [1, 2] } }, tol, 'r').detail).toMatch(/shape \[1, 2\], expected \[2\]/);
  });
  it('treats NaN against a number as a mismatch and compares int64 outputs', () => {
    expect(compareOutputs({ a: { dims: [1], data: [Number.NaN] } }, { a: { dims: [1], data: [0] } }, tol, 'r').status).toBe('fail');
    expect(compareOutputs({ a: { dims: [2], data: [1n, 2n] } }, { a: { dims: [2], data: [1n, 2n] } }, tol, 'r').status).toBe('pass');
  });
  it('scales the tolerance with the reference value', () => {
    expect(compareOutputs({ a: { dims: [1], data: [1005] } }, { a: { dims: [1], data: [1000] } }, tol, 'r').status).toBe('pass');
    expect(compareOutputs({ a: { dims: [1], data: [1020] } }, { a: { dims: [1], data: [1000] } }, tol, 'r').status).toBe('fail');
  });
  it('judges int8 outputs on relative L2 error: a few flipped roundings pass, a wrong answer fails', () => {
    const reference = Array.from({ length: 1000 }, (_, i) => Math.sin(i));
    const flipped = reference.map((v, i) => (i % 100 === 0 ? v + 0.1 : v));
    const int8 = toleranceFor('int8');
    const pass = compareOutputs({ a: { dims: [1000], data: flipped } }, { a: { dims: [1000], data: reference } }, int8, 'r');
    expect(pass.status).toBe('pass');
    expect(pass.detail).toMatch(/^relative L2 error .* within 0.05 \(\d+ single values outside/);
    const shifted = reference.map((v, i) => (i % 10 === 0 ? v + 0.2 : v));
    const stillPass = compareOutputs({ a: { dims: [1000], data: shifted } }, { a: { dims: [1000], data: reference } }, int8, 'r');
    // sqrt(100 * 0.04) / sqrt(~500) = 2 / 22.4 = 0.089 > 0.05
    expect(stillPass.status).toBe('fail');
    expect(stillPass.detail).toMatch(/relative L2 error 8\.\d+e-2 > 0.05/);
    const nan = compareOutputs({ a: { dims: [2], data: [Number.NaN, 1] } }, { a: { dims: [2], data: [1, 1] } }, int8, 'r');
    expect(nan.status).toBe('fail');
    // fp32 stays element by element
    expect(compareOutputs({ a: { dims: [1000], data: flipped } }, { a: { dims: [1000], data: reference } }, toleranceFor('fp32'), 'r').status).toBe('fail');
  });
});
