import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAN, encodePlan } from '../core/measure/plan.ts';
import type { BenchmarkRecord } from '../core/schema/record.ts';
import { checkReturnedRecord } from './coordinator.ts';
import { PlanError, buildSweep, jobIdFor, parsePlanJson, queueName } from './jobs.ts';
import { ResultsStore } from './results-store.ts';

describe('parsePlanJson', () => {
  it('fills missing fields from DEFAULT_PLAN, protocol fields one by one', () => {
    const { plan, warnings } = parsePlanJson(JSON.stringify({ models: ['m'], batches: [1, 8], protocol: { minRuns: 3 } }));
    expect(plan.models).toEqual(['m']);
    expect(plan.batches).toEqual([1, 8]);
    expect(plan.eps).toEqual(DEFAULT_PLAN.eps);
    expect(plan.protocol).toEqual({ ...DEFAULT_PLAN.protocol, minRuns: 3 });
    expect(plan.onUnavailable).toBe('fallback');
    expect(warnings).toEqual([]);
  });

  it('names the field that is wrong', () => {
    expect(() => parsePlanJson('{"models":["m"],"batches":[1,0]}')).toThrow(/"batches"\[1\] = 0 is not positive integers/);
    expect(() => parsePlanJson('{"models":["m"],"eps":["cuda"]}')).toThrow(/"eps"\[0\] = "cuda"/);
    expect(() => parsePlanJson('{"models":["m"],"protocol":{"minRuns":"ten"}}')).toThrow(/protocol.minRuns/);
    expect(() => parsePlanJson('{"models":["m"],"protocol":{"minRuns":10,"maxRuns":2}}')).toThrow(/maxRuns/);
    expect(() => parsePlanJson('{"batches":[1]}')).toThrow(/"models" is required/);
    expect(() => parsePlanJson('[1]')).toThrow(PlanError);
    expect(() => parsePlanJson('{"models":')).toThrow(/not JSON/);
  });

  it('warns about fields it does not know', () => {
    expect(parsePlanJson('{"models":["m"],"batch":[2]}').warnings).toEqual(['plan.json: ignored unknown field "batch"']);
  });

  it("reads the Run view's link form", () => {
    const encoded = decodeURIComponent(encodePlan({ ...DEFAULT_PLAN, models: ['a', 'b'], batches: [4], eps: ['cpu'] }));
    const { plan } = parsePlanJson(encoded);
    expect(plan.models).toEqual(['a', 'b']);
    expect(plan.batches).toEqual([4]);
    expect(plan.eps).toEqual(['cpu']);
  });
});

describe('job ids and queues', () => {
  const config = { model: 'm', ep: 'cpu' as const, batch: 1, seq: 128, precision: 'fp32' as const, threads: 1 };
  const base = { config, protocol: DEFAULT_PLAN.protocol, checkOutputs: true, hardwareClass: 'cpu', hardware: null };

  it('gives the same configuration the same id and any change a new one', () => {
    expect(jobIdFor(base)).toBe(jobIdFor({ ...base, config: { ...config } }));
    expect(jobIdFor(base)).toMatch(/^[0-9a-f]{32}$/);
    const variants = [
      { ...base, config: { ...config, batch: 2 } },
      { ...base, protocol: { ...DEFAULT_PLAN.protocol, minSeconds: 2 } },
      { ...base, checkOutputs: false },
      { ...base, hardwareClass: 'gpu' },
      { ...base, nonce: 'again' },
    ];
    const ids = new Set([jobIdFor(base), ...variants.map(jobIdFor)]);
    expect(ids.size).toBe(variants.length + 1);
  });

  it('keeps queue names free of the key separator', () => {
    expect(queueName('cpu')).toBe('perfcast-bench-cpu');
    expect(queueName('AMD EPYC:7R13')).toBe('perfcast-bench-amd-epyc-7r13');
    expect(() => queueName(' ')).toThrow(/no usable characters/);
  });

  it('skips or labels configurations a Node worker cannot run, as the plan says', () => {
    const plan = { ...DEFAULT_PLAN, models: ['m'], eps: ['cpu', 'wasm', 'webgpu'] as const, threads: [1, 2] };
    const fallback = buildSweep({ ...plan, eps: [...plan.eps] }, { hardwareClass: 'cpu', checkOutputs: true });
    expect(fallback.skipped).toEqual([]);
    expect(fallback.jobs.filter((j) => j.fallbackFrom === 'wasm')).toHaveLength(2);
    expect(fallback.jobs.filter((j) => j.fallbackFrom === 'webgpu')).toHaveLength(1);
    const skip = buildSweep({ ...plan, eps: [...plan.eps], onUnavailable: 'skip' }, { hardwareClass: 'cpu', checkOutputs: true });
    expect(skip.jobs.map((j) => j.config.ep)).toEqual(['cpu', 'cpu']);
    expect(skip.skipped).toHaveLength(3);
    expect(new Set(fallback.jobs.map((j) => j.runId))).toEqual(new Set([`sweep-${fallback.sweepId}`]));
  });
});

describe('checkReturnedRecord', () => {
  const job = buildSweep({ ...DEFAULT_PLAN, models: ['m'], eps: ['cpu'] }, { hardwareClass: 'cpu', checkOutputs: true }).jobs[0];
  const good = { source: 'measured', model: 'm', batch_size: 1, precision: 'fp32', threads: 1, latency_ms: 2, hardware: 'h', origin: 'o' };
  it('accepts the record of the job and refuses any other', () => {
    expect(checkReturnedRecord(job, good)).toBe(good);
    expect(() => checkReturnedRecord(job, { ...good, batch_size: 8 })).toThrow(/batch_size 8/);
    expect(() => checkReturnedRecord(job, { ...good, source: 'simulated' })).toThrow(/source simulated/);
    expect(() => checkReturnedRecord(job, null)).toThrow(/no record/);
  });
});

describe('ResultsStore', () => {
  const record = {
    source: 'measured', origin: 'perfcast-worker', model: 'm', hardware: 'h', batch_size: 1, precision: 'fp32', latency_ms: 1.5, runs: 10,
    worker_id: 'w1', job_attempt: 1, some_new_column: 'kept',
  } as unknown as BenchmarkRecord;

  it('stores a job once however often it is delivered, and keeps unknown columns as JSON', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'perfcast-store-')), 'r.duckdb');
    const store = await ResultsStore.open(path);
    expect(await store.addRecord('job-1', record)).toBe(true);
    expect(await store.addRecord('job-1', { ...record, latency_ms: 99 })).toBe(false);
    await store.close();
    const reopened = await ResultsStore.open(path);
    const rows = await reopened.rows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ job_id: 'job-1', latency_ms: 1.5, runs: 10, worker_id: 'w1', extra_json: '{"some_new_column":"kept"}' });
    await expect(reopened.addRecord('job-2', { ...record, latency_ms: Number.NaN })).rejects.toThrow(/job job-2: column latency_ms = NaN is not a finite number/);
    expect(await reopened.count()).toBe(1);
    await reopened.close();
  });

  it('refuses a DuckDB file whose records table is something else', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'perfcast-store-')), 'other.duckdb');
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(path);
    const connection = await instance.connect();
    await connection.run('CREATE TABLE records (a INTEGER)');
    connection.closeSync();
    instance.closeSync();
    await expect(ResultsStore.open(path)).rejects.toThrow(/not a sweep results file/);
  });
});
