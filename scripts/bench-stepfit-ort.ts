/**
 * Measures a real step log for `perfcast stepfit`: onnxruntime-node CPU forward passes of the
 * BERT-tiny graph (seeded random weights) over a grid of batch sizes and sequence lengths, one
 * JSONL row per timed pass ({"batch_size", "avg_seq_len", "step_time"} in seconds, plus
 * provenance). Timing covers session.run() including output read-back.
 *
 *   npx tsx scripts/bench-stepfit-ort.ts [--out FILE] [--model bert-tiny] [--threads 1] [--runs 5]
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import * as ort from 'onnxruntime-node';
import { getModelSpec } from '../src/core/catalog/models/index.ts';
import { buildOnnxModel, makeFeeds } from '../src/runtime/onnx/index.ts';
import { toOrtFeeds } from '../src/runtime/onnx/ort-helpers.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const out = arg('out', '/tmp/perfcast-stepfit-ort.jsonl');
const modelId = arg('model', 'bert-tiny');
const threads = Number(arg('threads', '1'));
const runs = Number(arg('runs', '5'));
const warmup = 2;
const batches = [1, 2, 4, 8, 16, 32];
const seqs = [32, 64, 128, 256, 512];

const spec = getModelSpec(modelId);
const built = buildOnnxModel(spec, { precision: 'fp32', seed: 1 });
const session = await ort.InferenceSession.create(built.bytes, {
  executionProviders: ['cpu'], intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential',
});
const measuredAt = new Date().toISOString();
const lines: string[] = [];
console.log(`${modelId}, onnxruntime-node ${ort.env.versions?.node ?? '?'}, ${threads} thread(s), CPU ${cpus()[0]?.model ?? '?'}`);
console.log('batch  seq  median ms');
for (const batch of batches) {
  for (const seq of seqs) {
    const feeds = toOrtFeeds(ort, makeFeeds(built.inputs, { batch, seq, seed: 1 })) as Record<string, ort.Tensor>;
    for (let i = 0; i < warmup; i++) await session.run(feeds);
    const times: number[] = [];
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      const result = await session.run(feeds);
      for (const name of built.outputs) void (result[name].data as Float32Array)[0];
      const ms = performance.now() - t0;
      times.push(ms);
      lines.push(JSON.stringify({
        batch_size: batch, avg_seq_len: seq, step_time: ms / 1000,
        source: 'measured', model: modelId, runtime: 'onnxruntime-node', threads, run: r, measured_at: measuredAt,
      }));
    }
    times.sort((a, b) => a - b);
    console.log(`${String(batch).padStart(5)} ${String(seq).padStart(4)} ${times[runs >> 1].toFixed(2).padStart(10)}`);
  }
}
writeFileSync(out, `${lines.join('\n')}\n`);
console.log(`wrote ${lines.length} steps to ${out}`);
