/**
 * Speed of the step-time fit (OLS + Huber + RANSAC, each with 5-fold CV, plus influence) on step
 * logs of growing size. The logs are generated in memory from a fixed law with seeded noise: a
 * timing input only, never shown or stored as a measurement.
 *
 *   npx tsx scripts/bench-stepfit.ts
 */
import { fitStepTime, type StepRow } from '../src/core/stepfit/index.ts';

let state = 12345;
const random = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296);

for (const n of [150, 1_000, 10_000, 50_000]) {
  const rows: StepRow[] = [];
  for (let i = 0; i < n; i++) {
    const batch = 2 ** Math.floor(random() * 6);
    const seq = 32 + Math.floor(random() * 2000);
    const ms = (0.002 * batch * seq + 0.5 * batch + 0.01 * seq + 5) * (1 + 0.05 * (random() - 0.5));
    rows.push({ batch_size: batch, avg_seq_len: seq, step_time: ms / 1000, line: i + 1 });
  }
  const t0 = performance.now();
  const report = fitStepTime(rows);
  const ms = performance.now() - t0;
  console.log(`n=${String(n).padStart(6)}  fit ${ms.toFixed(0).padStart(6)} ms  (R² ${report.ols.metrics.r2.toFixed(4)}, RANSAC iterations ${report.ransac.iterations})`);
}
