import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli.ts';
import type { Io } from '../command.ts';
import { formatTable } from './query.ts';

const FIXTURES = join(import.meta.dirname, '../../../tests/fixtures/data-core');

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t) };
  const code = await main(args, io);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

let dir: string;
let parquet: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'perfcast-query-'));
  parquet = join(dir, 'records.parquet');
  const imported = await run(['import', join(FIXTURES, 'fixture-results.csv'), '--out', parquet]);
  expect(imported.code).toBe(0);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('perfcast query', () => {
  it('runs SQL on a Parquet file and prints an aligned table', async () => {
    const { code, stdout, stderr } = await run([
      'query', parquet, 'SELECT model, batch_size, latency_ms FROM records WHERE precision = \'fp16\' ORDER BY batch_size',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe([
      'model      batch_size  latency_ms',
      '---------  ----------  ----------',
      'bert-base           1         4.2',
      'bert-base           8        11.5',
      '(2 rows)',
    ].join('\n'));
  });

  it('prints JSON with --json', async () => {
    const { code, stdout } = await run(['query', parquet, 'SELECT hardware, count(*) AS n FROM records GROUP BY hardware ORDER BY hardware', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([{ hardware: 'fixture-gpu-a', n: 3 }, { hardware: 'fixture-gpu-b', n: 2 }]);
  });

  it('reads CSV with DuckDB and JSON shapes with the Perfcast parser', async () => {
    const csv = await run(['query', join(FIXTURES, 'fixture-results.csv'), 'SELECT count(*) AS n, max("Batch Size") AS b FROM records', '--json']);
    expect(JSON.parse(csv.stdout)).toEqual([{ n: 5, b: 16 }]);
    const json = await run(['query', join(FIXTURES, 'fixture-records.json'), 'SELECT sum(throughput_items_s) AS t FROM records', '--json']);
    expect(JSON.parse(json.stdout)).toEqual([{ t: 3300.5 }]);
    const jsonl = await run(['query', join(FIXTURES, 'fixture-results.jsonl'), 'SELECT model, threads FROM records LIMIT 1', '--json']);
    expect(JSON.parse(jsonl.stdout)).toEqual([{ model: 'whisper-tiny', threads: 2 }]);
  });

  it('prints DuckDB\'s message for a SQL error and exits 1', async () => {
    const { code, stderr } = await run(['query', parquet, 'SELECT no_such_column FROM records']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^perfcast query: .*no_such_column/);
    const syntax = await run(['query', parquet, 'SELEC 1']);
    expect(syntax.code).toBe(1);
    expect(syntax.stderr).toMatch(/syntax error/i);
  });

  it('names a file it cannot load, and wrong usage, with exit 1', async () => {
    const missing = await run(['query', join(dir, 'nope.parquet'), 'SELECT 1']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nope\.parquet: no such file$/);
    const fake = join(dir, 'fake.parquet');
    writeFileSync(fake, 'model,batch\nbert,1\n');
    expect((await run(['query', fake, 'SELECT 1'])).stderr).toMatch(/fake\.parquet: is named \.parquet but is not a Parquet file/);
    expect((await run(['query', parquet])).stderr).toMatch(/expected FILE and SQL/);
  });

  it('formats nulls, long text and right-aligned numbers', () => {
    const text = formatTable({
      columns: [{ name: 'name', type: 'VARCHAR' }, { name: 'v', type: 'DOUBLE' }],
      rows: [{ name: 'x'.repeat(70), v: 1.5 }, { name: null, v: 100 }],
    });
    expect(text.split('\n')).toEqual([
      `name${' '.repeat(56)}    v`,
      `${'-'.repeat(60)}  ---`,
      `${'x'.repeat(57)}...  1.5`,
      `NULL${' '.repeat(56)}  100`,
      '(2 rows)',
    ]);
  });
});
