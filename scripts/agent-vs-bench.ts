/**
 * Do the agent's native runs measure what `perfcast bench` measures? Alternates the two on the
 * same configurations (same protocol, one thread, onnxruntime-node cpu) and prints each run's
 * median latency with its 95 % CI, and the ratio of the agent's median of medians to bench's.
 *
 *   npx tsx scripts/agent-vs-bench.ts [--rounds 3] [--seconds 2]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { startAgent } from '../src/agent/server/start.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const rounds = arg('rounds', 3);
const seconds = arg('seconds', 2);
const CONFIGS = [
  { model: 'bert-tiny', batch: 8, seq: 128 },
  { model: 'mobilenet-v2-tiny', batch: 1, seq: null },
];

interface Run { latency_ms: number; latency_ci_lo_ms: number; latency_ci_hi_ms: number; run_id: string }

function bench(model: string, batch: number, seq: number | null): Run {
  const out = execFileSync(process.execPath, ['bin/perfcast.mjs', 'bench', '--model', model, '--batch', String(batch), ...(seq ? ['--seq', String(seq)] : []),
    '--min-seconds', String(seconds), '--no-check', '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return (JSON.parse(out) as Run[])[0];
}

const dir = mkdtempSync(join(os.tmpdir(), 'perfcast-agent-vs-bench-'));
const agent = await startAgent({ port: 0, token: 'compare', store: join(dir, 'agent.duckdb') });
async function viaAgent(model: string, batch: number, seq: number | null): Promise<Run> {
  const record = new Promise<Run>((resolve, reject) => {
    const off = agent.runs.subscribe((e) => {
      if (e.kind === 'record') { off(); resolve(e.data as Run); }
      if (e.kind === 'config-failed') { off(); reject(new Error(JSON.stringify(e.data))); }
    });
  });
  agent.runs.enqueue({ models: [model], batches: [batch], ...(seq ? { seqs: [seq] } : {}), check_outputs: false, protocol: { min_seconds: seconds } });
  return record;
}

const median = (v: number[]) => { const s = [...v].sort((a, b) => a - b); return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const show = (r: Run) => `${r.latency_ms.toFixed(3)} (${r.latency_ci_lo_ms.toFixed(3)}-${r.latency_ci_hi_ms.toFixed(3)})`;
try {
  for (const c of CONFIGS) {
    const b: Run[] = [];
    const a: Run[] = [];
    for (let i = 0; i < rounds; i++) {
      b.push(bench(c.model, c.batch, c.seq));
      a.push(await viaAgent(c.model, c.batch, c.seq));
    }
    const ratio = median(a.map((r) => r.latency_ms)) / median(b.map((r) => r.latency_ms));
    const spread = Math.max(...b.map((r) => r.latency_ms)) / Math.min(...b.map((r) => r.latency_ms));
    console.log(`${c.model} batch ${c.batch}${c.seq ? ` seq ${c.seq}` : ''}, 1 thread, p50 ms (95 % CI):`);
    console.log(`  perfcast bench: ${b.map(show).join(', ')}`);
    console.log(`  agent:          ${a.map(show).join(', ')}`);
    console.log(`  agent / bench median of medians: ${ratio.toFixed(3)}; bench's own max/min across rounds: ${spread.toFixed(3)}`);
  }
  console.log(`host: ${os.cpus()[0]?.model} x${os.cpus().length}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, node ${process.version}`);
} finally {
  await agent.close();
  rmSync(dir, { recursive: true, force: true });
}
