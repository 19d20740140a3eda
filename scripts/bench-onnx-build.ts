/**
 * Build time and size of every full-size zoo model at every precision it builds at, and (with --run)
 * median onnxruntime-node latency on one thread at batch 1, default seq.
 *   npx tsx scripts/bench-onnx-build.ts [--run] [model-id ...]
 */
import { MODEL_SPECS } from '../src/core/catalog/models/index.ts';
import { buildOnnxModel, makeFeeds } from '../src/runtime/onnx/index.ts';
import { toOrtFeeds } from '../src/runtime/onnx/ort-helpers.ts';

const args = process.argv.slice(2);
const runToo = args.includes('--run');
const ids = args.filter((a) => !a.startsWith('--'));
const specs = MODEL_SPECS.filter((s) => s.buildPrecisions.length > 0 && (ids.length ? ids.includes(s.id) : !s.testVariant));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const ort = runToo ? await import('onnxruntime-node') : null;
  console.log(['model', 'precision', 'build_ms', 'size_mb', 'spec_weights_mb', 'nodes', ...(runToo ? ['node_1thread_p50_ms'] : [])].join('\t'));
  for (const spec of specs) {
    for (const precision of spec.buildPrecisions) {
      const t0 = performance.now();
      const model = buildOnnxModel(spec, { precision });
      const buildMs = performance.now() - t0;
      const row = [spec.id, precision, buildMs.toFixed(0), (model.bytes.length / 1e6).toFixed(1), (spec.weightBytes(precision) / 1e6).toFixed(1), String(model.nodeCount)];
      if (ort) {
        const session = await ort.InferenceSession.create(model.bytes, { intraOpNumThreads: 1, interOpNumThreads: 1 });
        const feeds = toOrtFeeds(ort, makeFeeds(model.inputs, { batch: 1, seq: spec.defaultSeq })) as Record<string, InstanceType<typeof ort.Tensor>>;
        await session.run(feeds);
        const times: number[] = [];
        const until = performance.now() + 3000;
        while (times.length < 5 || (performance.now() < until && times.length < 50)) {
          const t = performance.now();
          await session.run(feeds);
          times.push(performance.now() - t);
        }
        row.push(median(times).toFixed(1));
        await session.release();
      }
      console.log(row.join('\t'));
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
