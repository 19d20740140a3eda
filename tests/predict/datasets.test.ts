import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTable } from '../../src/data/parse/index.ts';
import { mlEnergyPreset } from '../../src/core/presets/ml-energy.ts';
import { evaluate } from '../../src/core/predict/evaluate/run.ts';

// Real measured data, read from ../shared/datasets beside the repository (never copied in).
const FILE = resolve(__dirname, '../../../shared/datasets/ml_energy_leaderboard/mlenergy_llm_inference.csv');
const present = existsSync(FILE);
if (!present) console.warn(`skipping real-data predictor check: ${FILE} is absent`);

describe.skipIf(!present)('predictor on ML.ENERGY LLM inference (real data)', () => {
  it('random split: intervals hold about 80% and errors stay moderate', async () => {
    const table = await parseTable('mlenergy_llm_inference.csv', readFileSync(FILE));
    const rows = mlEnergyPreset.toRecords(table.rows, 'mlenergy_llm_inference.csv');
    const report = evaluate(rows as Record<string, unknown>[], { protocol: 'random', target: 'latency_ms' });
    const m = report.overall.perfcast;
    expect(m.n).toBe(report.rows);
    expect(m.coverage).toBeGreaterThan(0.7);
    expect(m.coverage).toBeLessThan(0.95);
    expect(m.medianApe).toBeLessThan(0.2);
    expect(m.spearman).toBeGreaterThan(0.8);
  });
});
