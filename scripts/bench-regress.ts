/**
 * How the regression detector behaves on seeded synthetic series (a test of the method, not data
 * shown anywhere): detection rate of a step by size and noise, false flags on pure noise, and time.
 * Run: npx tsx scripts/bench-regress.ts
 */
import { detectRegressions, type SeriesPoint } from '../src/core/regress/detect.ts';
import { mulberry32 as rng } from '../src/core/random.ts';

function series(n: number, stepAt: number, step: number, cv: number, seed: number): SeriesPoint[] {
  const r = rng(seed);
  const z = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  return Array.from({ length: n }, (_, i) => ({ t: i * 3_600_000, value: 10 * (i >= stepAt ? 1 + step : 1) * Math.exp(cv * z()) }));
}

const N = 60;
const STEP_AT = 30;
const TRIALS = 200;
console.log(`Series of ${N} points, step at index ${STEP_AT}, ${TRIALS} seeded series per cell (log-normal noise, cv = relative sd).`);
console.log('step = PELT+Mann-Whitney flag at index 30 +-1; threshold = threshold flag at 30..32; false = any flag elsewhere (per series)');
console.log('| noise cv | step size | step found | exact index | threshold found | false flags / series |');
console.log('|---|---|---|---|---|---|');
let totalSeries = 0;
const started = performance.now();
for (const cv of [0.01, 0.02, 0.05, 0.1]) {
  for (const step of [0, 0.05, 0.1, 0.2, 0.5]) {
    let stepFound = 0;
    let exact = 0;
    let thresholdFound = 0;
    let falseFlags = 0;
    for (let trial = 0; trial < TRIALS; trial++) {
      const s = series(N, STEP_AT, step, cv, 1000 * trial + Math.round(cv * 1000) + Math.round(step * 100) * 7);
      const { flags } = detectRegressions(s, { better: 'lower' });
      totalSeries++;
      let hitStep = false;
      let hitThreshold = false;
      for (const f of flags) {
        if (step > 0 && f.method === 'step' && Math.abs(f.index - STEP_AT) <= 1) { hitStep = true; if (f.index === STEP_AT) exact++; }
        else if (step > 0 && f.method === 'threshold' && f.index >= STEP_AT && f.index <= STEP_AT + 2) hitThreshold = true;
        else falseFlags++;
      }
      if (hitStep) stepFound++;
      if (hitThreshold) thresholdFound++;
    }
    const pct = (k: number) => (step === 0 ? '–' : `${((100 * k) / TRIALS).toFixed(0)}%`);
    console.log(`| ${cv} | ${step === 0 ? 'none' : `+${step * 100}%`} | ${pct(stepFound)} | ${pct(exact)} | ${pct(thresholdFound)} | ${(falseFlags / TRIALS).toFixed(3)} |`);
  }
}
const ms = performance.now() - started;
console.log(`\n${totalSeries} series in ${ms.toFixed(0)} ms (${((1000 * ms) / totalSeries).toFixed(0)} us per ${N}-point series).`);

const long = series(5000, 2500, 0.1, 0.05, 42);
const t0 = performance.now();
const r = detectRegressions(long, { better: 'lower' });
console.log(`One 5,000-point series: ${(performance.now() - t0).toFixed(1)} ms, flags at ${r.flags.map((f) => `${f.method}@${f.index}`).join(', ') || 'none'}.`);
