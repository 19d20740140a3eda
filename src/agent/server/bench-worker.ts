/** Runs one configuration at a time on onnxruntime-node, posting progress and the outcome back. */
import { parentPort } from 'node:worker_threads';
import type { ProtocolSettings } from '../../core/measure/protocol.ts';
import type { BenchmarkRecord, Precision } from '../../core/schema/record.ts';
import { benchNode } from '../../runtime/node/node-runner.ts';
import { zooWorkload } from '../../runtime/zoo-workload.ts';
import type { Workload } from '../../runtime/workload.ts';

export interface BenchJob {
  readonly id: number;
  readonly model: string;
  readonly precision: Precision;
  readonly batch: number;
  readonly seq: number;
  readonly threads: number;
  readonly protocol: ProtocolSettings;
  readonly runId: string;
  readonly checkOutputs: boolean;
}

export type BenchMessage =
  | { type: 'progress'; id: number; phase: string; runs: number; fraction: number; lastMs: number | null }
  | { type: 'done'; id: number; record: BenchmarkRecord }
  | { type: 'failed'; id: number; error: string };

const port = parentPort;
if (!port) throw new Error('bench-worker must run in a worker thread');

let cached: { key: string; workload: Workload } | null = null;

port.on('message', async (job: BenchJob) => {
  try {
    const key = `${job.model}|${job.precision}`;
    if (cached?.key !== key) cached = { key, workload: zooWorkload(job.model, job.precision) };
    let lastPost = 0;
    let lastPhase = '';
    const outcome = await benchNode(cached.workload, { batch: job.batch, seq: job.seq, threads: job.threads }, {
      protocol: job.protocol,
      runId: job.runId,
      checkOutputs: job.checkOutputs,
      onProgress: (p) => {
        const now = Date.now();
        if (now - lastPost < 100 && p.phase === lastPhase) return;
        lastPost = now;
        lastPhase = p.phase;
        port.postMessage({ type: 'progress', id: job.id, phase: p.phase, runs: p.runs, fraction: p.fraction, lastMs: p.lastMs } satisfies BenchMessage);
      },
    });
    if (outcome.record) port.postMessage({ type: 'done', id: job.id, record: outcome.record } satisfies BenchMessage);
    else {
      const r = outcome.result;
      port.postMessage({ type: 'failed', id: job.id, error: r.status === 'failed' ? `${r.phase}: ${r.error}` : String(r.status) } satisfies BenchMessage);
    }
  } catch (error) {
    port.postMessage({ type: 'failed', id: job.id, error: error instanceof Error ? error.message : String(error) } satisfies BenchMessage);
  }
});
