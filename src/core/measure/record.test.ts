import { describe, expect, it } from 'vitest';
import { FIELD_BY_NAME } from '../schema/record.ts';
import { measure } from './protocol.ts';
import { MEASURED_EXTRA_COLUMNS, newRunId, provenanceLabel, toRecord, type RunContext } from './record.ts';
import { toleranceFor } from './check.ts';

async function measuredResult() {
  let time = 0;
  const times = [50, 20, 10, 12, 11, 13, 9, 10];
  let i = 0;
  const result = await measure({
    adapter: {
      load: async () => { time += 100; },
      run: async () => { time += times[i++]; return { y: { dims: [1], data: [1] } }; },
      memory: () => ({ peakBytes: 8 * 1024 * 1024, kind: 'wasm-heap', parts: { wasmHeap: 8 * 1024 * 1024 } }),
      dispose: async () => undefined,
    },
    feeds: null,
    clock: { now: () => time },
    settings: { warmupRuns: 1, minRuns: 6, minSeconds: 0, maxRuns: 100, maxSeconds: 100 },
    tolerance: toleranceFor('fp32'),
    reference: { outputs: { y: { dims: [1], data: [1] } }, label: 'wasm (optimizations off)' },
  });
  if (result.status !== 'ok') throw new Error('expected a measured result');
  return result;
}

const context: RunContext = {
  origin: 'perfcast-page',
  runId: 'run-1',
  measuredAt: '2026-01-01T00:00:00.000Z',
  runtime: 'onnxruntime-web',
  runtimeVersion: '1.30.0',
  executionProvider: 'wasm',
  requestedProvider: 'webgpu',
  fallbackReason: 'WebGPU: no adapter',
  platform: 'wasm',
  hardware: 'host',
  browser: 'Chromium 140',
  threads: 2,
  crossOriginIsolated: true,
  model: { name: 'bert-tiny', family: 'bert', paramsM: 4.4 },
  batchSize: 4,
  seqLen: 128,
  precision: 'fp32',
};

describe('toRecord', () => {
  it('writes the provider that ran and labels the fallback', async () => {
    const record = toRecord(await measuredResult(), context);
    expect(record).toMatchObject({
      source: 'measured', origin: 'perfcast-page', execution_provider: 'wasm', ep_requested: 'webgpu', ep_fallback: 'true',
      ep_fallback_reason: 'WebGPU: no adapter', cross_origin_isolated: 'true', output_check: 'pass',
      output_check_reference: 'wasm (optimizations off)', batch_size: 4, runs: 6, load_ms: 100, first_run_ms: 50,
      memory_mb: 8, memory_wasm_heap_mb: 8, memory_gpu_buffers_mb: null, warmup_runs: 1,
    });
    // measured 10 12 11 13 9 10 -> sorted 9 10 10 11 12 13, median 10.5
    expect(record.latency_ms).toBe(10.5);
    expect(record.throughput_items_s).toBeCloseTo(4000 / 10.5, 3);
    expect(provenanceLabel(record)).toBe('measured (onnxruntime-web 1.30.0, wasm (fallback from webgpu), Chromium 140)');
  });

  it('writes every extra column and no field outside the schema or the extras', async () => {
    const record = toRecord(await measuredResult(), { ...context, requestedProvider: 'wasm', fallbackReason: null });
    expect(record.ep_fallback).toBe('false');
    expect(record.ep_fallback_reason).toBeNull();
    const extras = new Set<string>(MEASURED_EXTRA_COLUMNS.map((c) => c.name));
    for (const key of Object.keys(record)) expect(FIELD_BY_NAME.has(key) || extras.has(key)).toBe(true);
    for (const extra of extras) expect(key(record, extra)).toBe(true);
  });

  it('makes sortable, distinct run ids', () => {
    const a = newRunId('page', new Date('2026-01-02T03:04:05Z'), () => 0.5);
    expect(a).toMatch(/^page-20260102-030405-[0-9a-z]{6}$/);
    expect(newRunId('page', new Date('2026-01-02T03:04:05Z'), () => 0.25)).not.toBe(a);
  });
});

function key(record: object, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, name);
}
