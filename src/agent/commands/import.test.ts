import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli.ts';
import type { Io } from '../command.ts';
import { PRESETS } from '../../core/presets/index.ts';
import { parseTable } from '../../data/parse/parse-table.ts';
import { validateRows } from '../../core/schema/validate.ts';

const ROOT = join(import.meta.dirname, '../../..');
const FIXTURES = join(ROOT, 'tests/fixtures/data-core');
const fx = (name: string): string => join(FIXTURES, name);

function capture(): Io & { stdout: () => string; stderr: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return { out: (t) => out.push(t), err: (t) => err.push(t), stdout: () => out.join('\n'), stderr: () => err.join('\n') };
}

async function run(args: string[]) {
  const io = capture();
  const code = await main(args, io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'perfcast-import-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('perfcast import', () => {
  it('maps, validates and writes Parquet that reads back as records', async () => {
    const out = join(dir, 'ok.parquet');
    const { code, stdout, stderr } = await run(['import', fx('fixture-results.csv'), '--out', out]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('Latency (s) -> latency_ms (x1000) [unit]');
    expect(stdout).toContain(`Wrote 5 records (5 simulated) with 10 columns to ${out}`);
    const table = await parseTable(out, readFileSync(out));
    const { records, problems } = validateRows(table.rows);
    expect(problems).toEqual([]);
    expect(records[0]).toEqual({
      source: 'simulated', origin: 'file:fixture-results.csv', model: 'bert-base', hardware: 'fixture-gpu-a', batch_size: 1,
      precision: 'fp16', latency_ms: 4.2, memory_mb: 1210, notes: 'warm, cached', clock_mhz: 1410,
    });
    expect(records.map((r) => r.precision)).toEqual(['fp16', 'fp16', 'fp32', 'bf16', 'int8']);
  });

  it('writes CSV by extension, with --origin and --map', async () => {
    const out = join(dir, 'ok.csv');
    const { code } = await run(['import', fx('fixture-results.csv'), '--out', out, '--origin', 'fixture-lab', '--map', 'notes=,clock_mhz=gpu_clock_ghz*0.001']);
    expect(code).toBe(0);
    const table = await parseTable(out, readFileSync(out));
    expect(table.columns).not.toContain('notes');
    expect(table.rows[0]).toMatchObject({ origin: 'fixture-lab', gpu_clock_ghz: '1.41' });
  });

  it('lists every problem as FILE:ROW: column COL: message and writes nothing', async () => {
    const out = join(dir, 'bad.parquet');
    const file = fx('fixture-bad.csv');
    const { code, stdout, stderr } = await run(['import', file, '--out', out]);
    expect(code).toBe(1);
    expect(existsSync(out)).toBe(false);
    expect(stdout).toContain('dtype -> precision [alias]');
    const lines = stderr.split('\n');
    expect(lines.slice(0, 7)).toEqual([
      `${file}:3: column Model: required value is empty`,
      `${file}:4: column Latency (s): expected a number, got "abc"`,
      `${file}:5: column Latency (s): must not be negative, got -1 (latency_ms, converted from -0.001 x1000)`,
      `${file}:6: column Batch Size: must be a whole number, got "2.5"`,
      `${file}:7: column dtype: unknown precision "fp12"; expected one of fp32, fp16, bf16, fp8, int8, int4`,
      `${file}:8: duplicate configuration: same source, origin, model, hardware, batch_size, precision as row 2`,
      `${file}:9: column Latency (s): must be a finite number, got "NaN"`,
    ]);
    expect(lines[7]).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:10: no metric: at least one of latency_ms, .*, energy_j must have a value$`));
    expect(lines).toContain(`Row numbers are lines in ${file} (the header is line 1).`);
    expect(lines.at(-1)).toBe(
      `${file}: 8 problems (1 missing, 1 wrong type, 1 negative, 1 not integer, 1 unknown value, 1 duplicate, 1 not finite, 1 no metric) ` +
        'in 8 of 9 rows; nothing written. Fix them, or pass --skip-invalid to write the 1 valid rows.',
    );
  });

  it('with --skip-invalid writes the valid rows and says how many were skipped and why', async () => {
    const out = join(dir, 'skip.parquet');
    const { code, stdout } = await run(['import', fx('fixture-bad.csv'), '--out', out, '--skip-invalid']);
    expect(code).toBe(0);
    expect(stdout).toContain(`Wrote 1 records (1 simulated) with`);
    expect(stdout).toContain('Skipped 8 of 9 rows: 1 missing, 1 wrong type, 1 negative, 1 not integer, 1 unknown value, 1 duplicate, 1 not finite, 1 no metric');
    expect((await parseTable(out, readFileSync(out))).rows).toHaveLength(1);
  });

  it('caps the listing at 50 problems', async () => {
    const file = join(dir, 'many.csv');
    const lines = ['model,hardware,batch_size,precision,latency_ms'];
    for (let i = 1; i <= 120; i++) lines.push(`bert-base,fixture-cpu,${i},fp32,slow`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const { code, stderr } = await run(['import', file, '--out', join(dir, 'many.parquet')]);
    expect(code).toBe(1);
    const listed = stderr.split('\n').filter((l) => l.startsWith(`${file}:`) && l.includes('column latency_ms'));
    expect(listed).toHaveLength(50);
    expect(listed[0]).toBe(`${file}:2: column latency_ms: expected a number, got "slow"`);
    expect(stderr).toContain('... and 70 more problems');
  });

  it('downgrades a file\'s measured claim to imported and keeps the claim', async () => {
    const file = join(dir, 'claims.json');
    writeFileSync(file, JSON.stringify([
      { model: 'bert-base', hardware: 'fixture-cpu', batch_size: 1, precision: 'fp32', latency_ms: 5, source: 'measured' },
    ]));
    const out = join(dir, 'claims.parquet');
    expect((await run(['import', file, '--out', out])).code).toBe(0);
    const { records } = validateRows((await parseTable(out, readFileSync(out))).rows);
    expect(records[0]).toMatchObject({ source: 'imported', claimed_source: 'measured', origin: 'file:claims.json' });
  });

  it('reads JSON with {"records": [...]} and JSON Lines', async () => {
    expect((await run(['import', fx('fixture-records.json'), '--out', join(dir, 'r.parquet')])).stdout).toContain('Wrote 2 records (1 imported, 1 predicted)');
    expect((await run(['import', fx('fixture-results.jsonl'), '--out', join(dir, 'l.csv')])).stdout).toContain('Wrote 2 records (2 simulated)');
  });

  it('reports parse errors naming the file and line, and exits 1', async () => {
    const ragged = await run(['import', fx('fixture-ragged.csv'), '--out', join(dir, 'x.parquet')]);
    expect(ragged.code).toBe(1);
    expect(ragged.stderr).toMatch(/^perfcast import: .*fixture-ragged\.csv:3: 1 row has a different number of fields/);
    const empty = await run(['import', fx('fixture-empty.csv'), '--out', join(dir, 'x.parquet')]);
    expect(empty.stderr).toMatch(/fixture-empty\.csv: is empty$/);
    const missing = await run(['import', join(dir, 'nope.csv'), '--out', join(dir, 'x.parquet')]);
    expect(missing.stderr).toMatch(/nope\.csv: no such file$/);
    const headerOnly = join(dir, 'header.csv');
    writeFileSync(headerOnly, 'model,hardware\n');
    expect((await run(['import', headerOnly, '--out', join(dir, 'x.parquet')])).stderr).toMatch(/header\.csv: has no data rows$/);
  });

  it('refuses bad usage with exit 1', async () => {
    expect((await run(['import', fx('fixture-results.csv')])).stderr).toMatch(/--out is required/);
    expect((await run(['import', fx('fixture-results.csv'), '--out', join(dir, 'x.xlsx')])).stderr).toMatch(/--out must end in \.parquet or \.csv/);
    expect((await run(['import', '--out', join(dir, 'x.csv')])).code).toBe(1);
    expect((await run(['import', fx('fixture-results.csv'), '--out', join(dir, 'x.csv'), '--bogus'])).stderr).toMatch(/Unknown option '--bogus'/);
    const badMap = await run(['import', fx('fixture-results.csv'), '--out', join(dir, 'x.csv'), '--map', 'Nope=model']);
    expect(badMap.code).toBe(1);
    expect(badMap.stderr).toMatch(/--map names column 'Nope', which the file does not have/);
  });

  it('refuses an unknown preset, listing the known ones', async () => {
    const { code, stderr } = await run(['import', fx('fixture-results.csv'), '--out', join(dir, 'x.parquet'), '--preset', 'no-such-preset']);
    expect(code).toBe(1);
    expect(stderr).toContain("unknown preset 'no-such-preset'. Known presets:");
    for (const preset of PRESETS) expect(stderr).toContain(preset.id);
  });

  it('reports a preset that does not fit the file, with exit 1 and no stack trace', async () => {
    if (PRESETS.length === 0) return;
    const { code, stderr } = await run(['import', fx('fixture-results.csv'), '--out', join(dir, 'x.parquet'), '--preset', PRESETS[0].id]);
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`^perfcast import: .*${PRESETS[0].id}`));
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('prints its usage for --help', async () => {
    const { code, stdout } = await run(['import', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: perfcast import FILE --out OUT\.parquet/);
  });
});

describe('bin/perfcast.mjs', () => {
  it('runs and lists import and query', () => {
    const text = execFileSync(process.execPath, [join(ROOT, 'bin/perfcast.mjs'), '--help'], { encoding: 'utf8', cwd: ROOT });
    expect(text).toMatch(/import\s+validate and normalize/);
    expect(text).toMatch(/query\s+run SQL on a Parquet, CSV or JSON file/);
  });
});
