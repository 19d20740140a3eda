import { describe, expect, it } from 'vitest';
import { configKey, decodePlan, DEFAULT_PLAN, encodePlan, expandPlan, type RunPlan } from './plan.ts';
import { DEFAULT_PROTOCOL } from './protocol.ts';

const plan: RunPlan = {
  ...DEFAULT_PLAN,
  models: ['bert-tiny', 'vit-tiny'],
  eps: ['wasm', 'webgpu'],
  batches: [1, 8],
  seqs: [128],
  threads: [1, 2],
  protocol: { ...DEFAULT_PROTOCOL, minRuns: 5, minSeconds: 0.5 },
};

describe('run plans', () => {
  it('expands to the cross product, giving GPU providers one thread setting', () => {
    const configs = expandPlan(plan);
    // per model and batch: wasm x 2 threads + webgpu x 1 = 3; 2 models x 2 batches x 3 = 12
    expect(configs).toHaveLength(12);
    expect(configs.filter((c) => c.ep === 'webgpu').every((c) => c.threads === 1)).toBe(true);
    expect(new Set(configs.map(configKey)).size).toBe(12);
    expect(configs[0]).toEqual({ model: 'bert-tiny', ep: 'wasm', batch: 1, seq: 128, precision: 'fp32', threads: 1 });
  });

  it('round-trips through the URL codec, writing only non-default values', () => {
    const encoded = encodePlan(plan);
    const text = decodeURIComponent(encoded);
    expect(text).not.toContain('precisions');
    expect(text).not.toContain('warmup');
    const decoded = decodePlan(encoded);
    expect(decoded.warnings).toEqual([]);
    expect(decoded.plan).toEqual(plan);
  });

  it('accepts a hand-written link and warns about what it cannot use', () => {
    const decoded = decodePlan(JSON.stringify({ models: 'bert-tiny,nope', eps: ['wasm', 'cuda'], batches: [1, 'x', 4], runs: 3 }), ['bert-tiny']);
    expect(decoded.plan.models).toEqual(['bert-tiny']);
    expect(decoded.plan.eps).toEqual(['wasm']);
    expect(decoded.plan.batches).toEqual([1, 4]);
    expect(decoded.plan.protocol.minRuns).toBe(3);
    expect(decoded.warnings.join('\n')).toMatch(/unknown model\(s\) nope/);
    expect(decoded.warnings.join('\n')).toMatch(/unknown execution provider\(s\) cuda/);
    expect(decoded.warnings.join('\n')).toMatch(/invalid batch sizes/);
  });

  it('falls back to the default plan on a broken link', () => {
    const decoded = decodePlan('%7Bnot json');
    expect(decoded.plan).toEqual(DEFAULT_PLAN);
    expect(decoded.warnings[0]).toMatch(/could not read the plan/);
  });
});
