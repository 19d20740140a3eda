/**
 * The validation loop end to end on this machine: an agent (shipped data, a fresh store) measures
 * a plan natively, each run beside the prediction recorded before it; then the predictor is
 * refined from those runs and the figures before and after (out-of-fold) are printed, per
 * hardware and model and overall, as `perfcast validate` and the Agent view show them.
 *
 *   npx tsx scripts/agent-campaign.ts [--seconds 0.5] [--models bert-tiny,mobilenet-v2-tiny,...]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { summarizeValidation, type ValidationRecord } from '../src/core/validation/summary.ts';
import { startAgent } from '../src/agent/server/start.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const seconds = Number(arg('seconds', '0.5'));
const models = arg('models', 'bert-tiny,mobilenet-v2-tiny,resnet-tiny,t5-tiny-encoder,whisper-micro-encoder,vit-tiny-patch16-64').split(',');
const batches = [1, 2, 4, 8, 16];

const dir = mkdtempSync(join(os.tmpdir(), 'perfcast-agent-campaign-'));
const agent = await startAgent({ port: 0, token: 'campaign', store: join(dir, 'agent.duckdb') });
const pct = (v: number | null) => (v === null ? '-' : `${v.toFixed(1)} %`);
try {
  const validations: ValidationRecord[] = [];
  let failed = 0;
  agent.runs.subscribe((e) => {
    if (e.kind === 'validation') validations.push(e.data as ValidationRecord);
    if (e.kind === 'config-failed') failed++;
  });
  const t0 = Date.now();
  const queued = agent.runs.enqueue({ models, batches, check_outputs: false, protocol: { min_seconds: seconds } });
  await agent.runs.settled();
  console.log(`campaign: ${queued.configurations} configurations (${models.join(', ')} x batch ${batches.join(', ')}), ${validations.length} measured, ${failed} failed, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  console.log('before refinement (the predictions recorded before each run), per model:');
  for (const g of summarizeValidation(validations)) console.log(`  ${g.hardware} ${g.model}: ${g.runs} runs, median |error| ${pct(g.medianAbsErrorPct)}, inside the 80 % interval ${g.coverage === null ? '-' : `${(g.coverage * 100).toFixed(0)} %`}`);
  const status = await agent.refinement.status();
  console.log(`advice: ${status.advice.why}`);
  const t1 = Date.now();
  const refined = await agent.refinement.refine();
  const f = (x: typeof refined.before) => `median |error| ${pct(x.medianAbsErrorPct)}, mean ${pct(x.meanAbsErrorPct)}, inside the interval ${x.coverage === null ? '-' : `${(x.coverage * 100).toFixed(0)} %`} of ${x.runs}`;
  console.log(`refinement (${refined.strategy}, ${((Date.now() - t1) / 1000).toFixed(1)} s): ${refined.model_before} -> ${refined.model_after}`);
  console.log(`  before: ${f(refined.before)}`);
  console.log(`  after (${refined.folds}-fold: each run predicted by a refit that never saw its configuration): ${f(refined.after)}`);
  console.log(`host: ${os.cpus()[0]?.model} x${os.cpus().length}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, node ${process.version}`);
} finally {
  await agent.close();
  rmSync(dir, { recursive: true, force: true });
}
