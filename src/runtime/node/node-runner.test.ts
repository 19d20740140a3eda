import { describe, expect, it } from 'vitest';
import { tinyWorkload } from '../testing/tiny-workload.ts';
import { tinyModelReference } from '../testing/tiny-model.ts';
import { NodeSessionAdapter } from './node-session.ts';
import { benchNode } from './node-runner.ts';

const protocol = { warmupRuns: 1, minRuns: 5, minSeconds: 0, maxRuns: 50, maxSeconds: 10 };

describe('onnxruntime-node runner', () => {
  it('computes the right answer for the tiny model', async () => {
    const workload = tinyWorkload();
    const feeds = workload.feeds(3, 0);
    const session = new NodeSessionAdapter(workload.bytes, { threads: 1 });
    await session.load();
    const outputs = await session.run(feeds);
    await session.dispose();
    expect(outputs.y.dims).toEqual([3, 3]);
    expect(Array.from(outputs.y.data as Float32Array)).toEqual(Array.from(tinyModelReference(feeds.x.data as Float32Array, 3)));
  });

  it('measures a record with the CPU provider, checked outputs and peak memory', async () => {
    const { result, record } = await benchNode(tinyWorkload(), { batch: 2, seq: 0, threads: 1 }, { protocol, runId: 'test-run', checkOutputs: true });
    expect(result.status).toBe('ok');
    expect(record).not.toBeNull();
    expect(record).toMatchObject({
      source: 'measured', origin: 'perfcast-node', runtime: 'onnxruntime-node', runtime_version: '1.30.0',
      execution_provider: 'cpu', ep_requested: 'cpu', ep_fallback: 'false', platform: 'cpu', threads: 1,
      batch_size: 2, seq_len: null, precision: 'fp32', model: 'tiny-mlp', output_check: 'pass', runs: 5, run_id: 'test-run',
    });
    expect(record!.memory_mb).toBeGreaterThan(1);
    expect(['rss-peak', 'rss-sampled']).toContain(record!.memory_kind);
    expect(record!.latency_ms).toBeGreaterThan(0);
    expect(record!.latency_ci_lo_ms!).toBeLessThanOrEqual(record!.latency_ms!);
    expect(typeof record!.device_name).toBe('string');
  });

  it('fails a model whose outputs disagree with the reference', async () => {
    const honest = tinyWorkload();
    const bytes = honest.bytes.slice();
    // Flip the first weight's sign byte so the measured model computes something else.
    const weights = new Uint8Array(new Float32Array([0.5]).buffer);
    const at = bytes.findIndex((_, i) => weights.every((b, k) => bytes[i + k] === b));
    bytes[at + 3] ^= 0x80;
    let referenceBuilt = false;
    const lying = { ...honest, bytes };
    // The reference must come from the honest model: swap bytes after the reference session loads.
    const outcome = await benchNode({
      ...lying,
      get bytes() { const b = referenceBuilt ? bytes : honest.bytes; referenceBuilt = true; return b; },
    }, { batch: 2, seq: 0, threads: 1 }, { protocol, runId: 'x', checkOutputs: true });
    expect(outcome.result.status).toBe('failed');
    expect(outcome.record).toBeNull();
    expect(outcome.result.status === 'failed' && outcome.result.error).toMatch(/outputs are wrong/);
  });
});
