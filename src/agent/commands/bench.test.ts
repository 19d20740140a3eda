import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTable } from '../../data/parse/parse-table.ts';
import { tinyWorkload } from '../../runtime/testing/tiny-workload.ts';
import zooBench, { createBenchCommand } from './bench.ts';

const command = createBenchCommand(async () => ({
  list: () => ['tiny-mlp'],
  defaultSeq: () => 1,
  load: () => tinyWorkload(),
}));

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

const quick = ['--min-runs', '3', '--min-seconds', '0', '--warmup', '1'];

describe('perfcast bench', () => {
  it('prints only a JSON array of measured records on stdout with --json', async () => {
    const { io, out, err } = capture();
    const code = await command.run(['--model', 'tiny-mlp', '--batch', '1,4', '--json', ...quick], io);
    expect(code).toBe(0);
    expect(out).toHaveLength(1);
    const records = JSON.parse(out[0]);
    expect(records).toHaveLength(2);
    expect(records.map((r: { batch_size: number }) => r.batch_size)).toEqual([1, 4]);
    expect(records[0]).toMatchObject({ source: 'measured', origin: 'perfcast-node', execution_provider: 'cpu', runtime: 'onnxruntime-node', output_check: 'pass', runs: 3 });
    expect(records[0].run_id).toBe(records[1].run_id);
    expect(err.join('\n')).toMatch(/measuring tiny-mlp fp32 batch 1/);
  });

  it('prints a table by default', async () => {
    const { io, out } = capture();
    expect(await command.run(['--model', 'tiny-mlp', ...quick], io)).toBe(0);
    expect(out[0].split('\n')[0]).toMatch(/^model\s+ep\s+prec\s+batch/);
    expect(out[0]).toMatch(/tiny-mlp\s+cpu\s+fp32/);
    expect(out[0]).toMatch(/\nsource: measured by perfcast-node with onnxruntime-node \S+ on /);
  });

  it('exits 1 on an unknown model and lists the models', async () => {
    const { io, out, err } = capture();
    expect(await command.run(['--model', 'gpt-17'], io)).toBe(1);
    expect(out).toEqual([]);
    expect(err.join('\n')).toMatch(/unknown model 'gpt-17'\nAvailable models:\n {2}tiny-mlp/);
  });

  it('appends to a Parquet file and keeps the rows already there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perfcast-bench-'));
    const file = join(dir, 'runs.parquet');
    expect(await command.run(['--model', 'tiny-mlp', '--out', file, ...quick], capture().io)).toBe(0);
    expect(await command.run(['--model', 'tiny-mlp', '--batch', '2,3', '--out', file, ...quick], capture().io)).toBe(0);
    const table = await parseTable('runs.parquet', new Uint8Array(readFileSync(file)));
    expect(table.rows).toHaveLength(3);
    expect(table.rows.map((r) => Number(r.batch_size))).toEqual([1, 2, 3]);
    expect(table.rows.every((r) => r.source === 'measured' && r.execution_provider === 'cpu')).toBe(true);
    expect(table.columns).toContain('ep_fallback');
  });

  it('refuses to overwrite a file that is not Parquet', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perfcast-bench-'));
    const file = join(dir, 'notes.parquet');
    writeFileSync(file, 'model,hardware\nx,y\n');
    await expect(command.run(['--model', 'tiny-mlp', '--out', file, ...quick], capture().io)).rejects.toThrow(/not a Parquet file/);
    expect(readFileSync(file, 'utf8')).toBe('model,hardware\nx,y\n');
  });

  it('rejects bad options with a usage error', async () => {
    await expect(command.run(['--model', 'tiny-mlp', '--batch', '0'], capture().io)).rejects.toThrow(/--batch wants positive integers/);
    await expect(command.run(['--model', 'tiny-mlp', '--ep', 'cuda'], capture().io)).rejects.toThrow(/--ep cuda is not available/);
    await expect(command.run(['--model', 'tiny-mlp', '--min-runs', '10', '--max-runs', '5'], capture().io)).rejects.toThrow(/maxRuns/);
  });

  it('measures bert-tiny from the zoo with the real command', async () => {
    const { io, out } = capture();
    const code = await zooBench.run(['--model', 'bert-tiny', '--seq', '16', '--batch', '2', '--json', '--min-runs', '2', '--min-seconds', '0', '--warmup', '0'], io);
    expect(code).toBe(0);
    const [record] = JSON.parse(out[0]);
    expect(record).toMatchObject({ model: 'bert-tiny', model_family: 'bert', batch_size: 2, seq_len: 16, execution_provider: 'cpu', output_check: 'pass', runs: 2 });
    expect(record.params_m).toBeGreaterThan(4);
    expect(record.gflops_per_item).toBeGreaterThan(0);
  });
});
