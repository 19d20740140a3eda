/**
 * Agent benchmark: median time for GET /api/predict/latency (client to client, over loopback
 * HTTP) with the agent idle, then while a benchmark runs in its worker thread. Goal: <= 20 ms
 * median during a benchmark. The benchmarked workload is a real onnxruntime-node run
 * (bert-tiny, batch 8, seq 128, 1 thread) measured for --seconds.
 *
 *   npx tsx scripts/bench-agent.ts [--requests 200] [--seconds 15]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startAgent } from '../src/agent/server/start.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const requests = arg('requests', 200);
const seconds = arg('seconds', 15);

const dir = mkdtempSync(join(os.tmpdir(), 'perfcast-bench-agent-'));
const token = 'bench';
const agent = await startAgent({ port: 0, token, store: join(dir, 'agent.duckdb') });
const headers = { Authorization: `Bearer ${token}` };
const url = `${agent.url}/api/predict/latency?model_name=bert-tiny&hardware_type=intel-xeon&batch_size=4&sequence_length=128&precision=fp32`;

async function sample(n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const r = await fetch(url, { headers });
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`predict answered ${r.status}`);
    times.push(performance.now() - t0);
  }
  return times;
}

const stats = (t: number[]) => {
  const s = [...t].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `median ${q(0.5).toFixed(2)} ms, p90 ${q(0.9).toFixed(2)} ms, max ${s[s.length - 1].toFixed(2)} ms over ${s.length} requests`;
};

try {
  const t0 = performance.now();
  await agent.predictions.warm();
  console.log(`fit: ${(performance.now() - t0).toFixed(0)} ms (once, at start)`);
  await sample(10);
  console.log(`idle agent:            ${stats(await sample(requests))}`);

  let measuring = false;
  let finished = false;
  agent.runs.subscribe((e) => {
    const data = e.data as { phase?: string };
    if (e.kind === 'progress' && data.phase === 'measure') measuring = true;
    if (e.kind === 'record' || e.kind === 'config-failed') finished = true;
  });
  agent.runs.enqueue({ models: ['bert-tiny'], batches: [8], seqs: [128], check_outputs: false, protocol: { min_runs: 10, min_seconds: seconds, max_runs: 100000, max_seconds: seconds + 5 } });
  while (!measuring) await new Promise((r) => setTimeout(r, 20));
  const during = await sample(requests);
  const overlapped = !finished;
  console.log(`benchmark in a worker: ${stats(during)}${overlapped ? '' : ' (WARNING: the benchmark ended before the requests did; raise --seconds)'}`);
  await agent.runs.settled();
  console.log(`host: ${os.cpus()[0]?.model} x${os.cpus().length}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, node ${process.version}`);
} finally {
  await agent.close();
  rmSync(dir, { recursive: true, force: true });
}
