import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAN, encodePlan } from '../../core/measure/plan.ts';
import { formFromPlan, hashParams, planFromForm } from './form.ts';

describe('run form', () => {
  it('round-trips a plan through the form', () => {
    const plan = { ...DEFAULT_PLAN, models: ['bert-tiny'], eps: ['wasm', 'webgpu'] as const, batches: [1, 4], threads: [1, 2], hardware: 'my-laptop' };
    const { plan: back, errors } = planFromForm(formFromPlan(plan), 4);
    expect(errors).toEqual([]);
    expect(back).toEqual(plan);
  });

  it('names every field that is wrong', () => {
    const form = { ...formFromPlan(DEFAULT_PLAN), batches: '1, x', threads: '8', minRuns: '0' };
    const { plan, errors } = planFromForm(form, 2);
    expect(plan).toBeNull();
    expect(errors).toEqual([
      'Models: pick at least one',
      'Batch sizes: positive whole numbers up to 256, separated by commas',
      'Threads: positive whole numbers up to 2, separated by commas',
      'Min runs: a whole number of at least 1',
    ]);
  });

  it('reads the plan and autostart from the hash', () => {
    const params = hashParams(`#/run?plan=${encodePlan({ ...DEFAULT_PLAN, models: ['bert-tiny'] })}&autostart=1`);
    expect(params.get('autostart')).toBe('1');
    expect(JSON.parse(params.get('plan')!)).toMatchObject({ models: ['bert-tiny'] });
    expect(hashParams('#/run').get('plan')).toBeNull();
  });
});
