/**
 * Regression tests for issue 14, each named after the item it pins. Files are compared by
 * SHA-256 before and after, so "unchanged" means byte for byte.
 */
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, linkSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main, runCommand } from '../../src/agent/cli.ts';
import type { Command, Io } from '../../src/agent/command.ts';
import { createBenchCommand } from '../../src/agent/commands/bench.ts';
import { appendRecordsToParquet } from '../../src/runtime/node/parquet-append.ts';
import { tinyWorkload } from '../../src/runtime/testing/tiny-workload.ts';
import { parseTable } from '../../src/data/parse/parse-table.ts';
import { toCsv } from '../../src/data/export/csv.ts';
import Papa from 'papaparse';
import { createNodeConnector } from '../../src/data/node-connector.ts';
import type { BenchmarkRecord } from '../../src/core/schema/record.ts';

const ROOT = join(import.meta.dirname, '../..');
const FIXTURE = join(ROOT, 'tests/fixtures/data-core/fixture-results.csv');
const SHIPPED = join(ROOT, 'public/data/default.parquet');
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const tmp = () => mkdtempSync(join(tmpdir(), 'perfcast-rel-'));

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t) };
  const code = await main(args, io);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

const quick = ['--min-runs', '2', '--min-seconds', '0', '--warmup', '0', '--no-check'];
const tinyBench = (signals = new EventEmitter(), load = () => tinyWorkload()) =>
  createBenchCommand(async () => ({ list: () => ['tiny-mlp'], defaultSeq: () => 1, load }), signals);

const CSV = 'model,hardware,batch_size,precision,latency_ms\nm,h,1,fp32,1.5\nm,h,2,fp32,2.5\nm,h,4,fp32,oops\n';

describe('item 1: an output equal to an input is refused before anything is read', () => {
  it('import --out x.csv on x.csv, through a symlink and a hard link, leaves x.csv unchanged', async () => {
    const dir = tmp();
    const x = join(dir, 'x.csv');
    writeFileSync(x, CSV);
    symlinkSync(x, join(dir, 'link.csv'));
    linkSync(x, join(dir, 'hard.csv'));
    const before = sha(x);
    for (const out of [x, join(dir, 'link.csv'), join(dir, 'hard.csv'), join(dir, '.', 'x.csv')]) {
      const r = await cli(['import', x, '--out', out, '--skip-invalid']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/--out is the input file .*x\.csv.*nothing was read or written/);
      expect(r.stderr.split('\n')).toHaveLength(1);
    }
    expect(sha(x)).toBe(before);
  });
});

describe('item 2: writes are atomic and a failed write is reported in words', () => {
  it('import --out into a missing directory is one line naming the directory, exit 1', async () => {
    const dir = tmp();
    const r = await cli(['import', FIXTURE, '--out', join(dir, 'nope', 'out.parquet')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the directory .*nope does not exist; create it first/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('under a file-size limit the earlier Parquet output stays readable and the error says so', async () => {
    const dir = tmp();
    const prev = join(dir, 'prev.parquet');
    expect((await cli(['import', FIXTURE, '--out', prev])).code).toBe(0);
    const before = sha(prev);
    const big = join(dir, 'big.csv');
    const lines = ['model,hardware,batch_size,precision,latency_ms,note'];
    for (let i = 0; i < 40_000; i++) lines.push(`m${i},h,${(i % 64) + 1},fp32,${i + 0.5},${'x'.repeat(40)}${i}`);
    writeFileSync(big, `${lines.join('\n')}\n`);
    // ulimit -f counts 512-byte blocks in bash: 400 blocks = 200 KiB, below the ~2 MB output.
    const run = await promisify(execFile)('bash', ['-c', `ulimit -f 400; node bin/perfcast.mjs import ${big} --out ${prev}; echo "rc=$?"`], { cwd: ROOT })
      .catch((e: { stdout: string; stderr: string }) => e);
    expect(run.stdout).toMatch(/rc=1/);
    expect(run.stderr).toMatch(/file-size limit.*the file that was there is unchanged/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(sha(prev)).toBe(before);
    expect(readdirSync(dir).filter((f) => f.includes('prev.parquet.'))).toEqual([]);
  }, 120_000);
});

function fakeRecord(i: number): BenchmarkRecord {
  return { source: 'measured', origin: 'test', model: `m${i}`, hardware: 'h', batch_size: i + 1, precision: 'fp32', latency_ms: i + 1 } as BenchmarkRecord;
}

describe('item 3: concurrent appends to one file all land', () => {
  it('eight appends at once leave every row in the file', async () => {
    const file = join(tmp(), 'r.parquet');
    await appendRecordsToParquet(file, [fakeRecord(100)]);
    await Promise.all(Array.from({ length: 8 }, (_, i) => appendRecordsToParquet(file, [fakeRecord(i)])));
    const table = await parseTable('r.parquet', new Uint8Array(readFileSync(file)));
    expect(table.rows.map((r) => r.model).sort()).toEqual(['m0', 'm1', 'm100', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7']);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });
});

describe('item 4: bench keeps finished work', () => {
  it('checks --out before the first run: a ZSTD, a truncated file and a missing directory are refused unmeasured', async () => {
    const dir = tmp();
    const zstd = join(dir, 'zstd.parquet');
    const db = await createNodeConnector();
    await db.exec(`COPY (SELECT 'm' AS model, 1.5 AS latency_ms) TO '${zstd}' (FORMAT parquet, COMPRESSION zstd)`);
    await db.close();
    const truncated = join(dir, 'cut.parquet');
    await appendRecordsToParquet(join(dir, 'whole.parquet'), [fakeRecord(1)]);
    writeFileSync(truncated, readFileSync(join(dir, 'whole.parquet')).subarray(0, 40));
    const cases: [string, RegExp][] = [
      [zstd, /ZSTD.*refusing to overwrite it/],
      [truncated, /cannot append to it: .*refusing to overwrite it/],
      [join(dir, 'missing', 'r.parquet'), /directory .*missing does not exist/],
    ];
    for (const [out, message] of cases) {
      const before = existsSync(out) ? sha(out) : null;
      const { io, err } = capture();
      await expect(tinyBench().run(['--model', 'tiny-mlp', '--out', out, ...quick], io)).rejects.toThrow(message);
      expect(err.join('\n')).not.toMatch(/measuring/);
      if (before) expect(sha(out)).toBe(before);
    }
  });

  it('SIGINT after 2 of 4 configurations keeps the 2 finished records in --out and exits 130', async () => {
    const file = join(tmp(), 'r.parquet');
    const signals = new EventEmitter();
    const { io, err, out } = capture();
    let finished = 0;
    const spy = { out: io.out, err: (t: string) => { io.err(t); if (/^ {2}p50/.test(t) && ++finished === 2) signals.emit('SIGINT'); } };
    const code = await tinyBench(signals).run(['--model', 'tiny-mlp', '--batch', '1,2,3,4', '--out', file, ...quick], spy);
    expect(code).toBe(130);
    const table = await parseTable('r.parquet', new Uint8Array(readFileSync(file)));
    expect(table.rows.map((r) => Number(r.batch_size))).toEqual([1, 2]);
    expect(err.join('\n')).toMatch(/interrupted \(Ctrl-C\) after 2 finished measurements; the 2 finished records are kept in .*r\.parquet/);
    expect(out.join('\n')).toMatch(/tiny-mlp/);
    expect(signals.listenerCount('SIGINT')).toBe(0);
  });

  it('an error in the third configuration keeps the two finished ones', async () => {
    const file = join(tmp(), 'r.parquet');
    const base = tinyWorkload();
    const failing = { ...base, feeds: (batch: number, seq: number) => { if (batch === 3) throw new Error('feeds exploded'); return base.feeds(batch, seq); } };
    const { io, err } = capture();
    const code = await tinyBench(new EventEmitter(), () => failing).run(['--model', 'tiny-mlp', '--batch', '1,2,3,4', '--out', file, ...quick], io);
    expect(code).toBe(1);
    expect(err.join('\n')).toMatch(/stopped by an error \(feeds exploded\) after 2 finished measurements; the 2 finished records are kept/);
    const table = await parseTable('r.parquet', new Uint8Array(readFileSync(file)));
    expect(table.rows).toHaveLength(2);
  });

  it('when --out cannot take the records at the end they go to a named rescue file', async () => {
    const dir = tmp();
    const file = join(dir, 'r.parquet');
    const signals = new EventEmitter();
    const { io, err } = capture();
    // After the up-front check passes, the target turns into a file Perfcast will not overwrite.
    const spy = { out: io.out, err: (t: string) => { io.err(t); if (/^ {2}p50/.test(t)) writeFileSync(file, 'not parquet'); } };
    const code = await tinyBench(signals).run(['--model', 'tiny-mlp', '--out', file, ...quick], spy);
    expect(code).toBe(1);
    const rescue = readdirSync(dir).find((f) => f.startsWith('r.rescue-'));
    expect(rescue).toBeDefined();
    expect(err.join('\n')).toContain(`kept in the rescue file ${join(dir, rescue!)}`);
    expect(readFileSync(file, 'utf8')).toBe('not parquet');
    const table = await parseTable(rescue!, new Uint8Array(readFileSync(join(dir, rescue!))));
    expect(table.rows).toHaveLength(1);
  });
});

describe('item 5: CSV formula injection', () => {
  const hostile = ["=cmd|' /C calc'!A0", '+HYPERLINK("http://x","y")', '@SUM(A1:A2)', '-2+3', '\tx', "'=already", "''@twice", '-5', 'plain'];

  it('every CSV writer prefixes formula cells with a quote and quotes them; numbers stay numbers', () => {
    const csv = toCsv(['v', 'n'], hostile.map((v) => ({ v, n: -5 })));
    const cells = csv.split('\r\n').slice(1, -1).map((l) => l.slice(0, l.lastIndexOf(',')));
    expect(cells.slice(0, 3)).toEqual([`"'=cmd|' /C calc'!A0"`, `"'+HYPERLINK(""http://x"",""y"")"`, `"'@SUM(A1:A2)"`]);
    expect(cells[3]).toBe(`"'-2+3"`);
    expect(cells[5]).toBe(`"''=already"`);
    expect(cells[7]).toBe('-5');
    expect(csv).toContain(',-5\r\n');
    for (const line of csv.split('\r\n').slice(1, -1)) expect(line).not.toMatch(/^[=+@\t]|,[=+@\t]/);
  });

  it('a re-import of a guarded export gives identical rows', async () => {
    const csv = toCsv(['v'], hostile.map((v) => ({ v })));
    const table = await parseTable('x.csv', new TextEncoder().encode(csv));
    expect(table.rows.map((r) => r.v)).toEqual(hostile);
  });

  it('import --out x.csv writes guarded cells and importing x.csv again gives the same records', async () => {
    const dir = tmp();
    const src = join(dir, 'in.csv');
    writeFileSync(src, `model,hardware,batch_size,precision,latency_ms\n"=cmd|' /C calc'!A0",@evil,1,fp32,1.5\n+HYPERLINK(1),h,2,fp32,2\n`);
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    expect((await cli(['import', src, '--out', a, '--origin', 'o'])).code).toBe(0);
    expect(readFileSync(a, 'utf8')).toContain(`"'=cmd|' /C calc'!A0","'@evil"`);
    expect((await cli(['import', a, '--out', b, '--origin', 'o'])).code).toBe(0);
    const ta = await parseTable('a.csv', new Uint8Array(readFileSync(a)));
    const tb = await parseTable('b.csv', new Uint8Array(readFileSync(b)));
    expect(ta.rows.map((r) => [r.model, r.hardware])).toEqual([["=cmd|' /C calc'!A0", '@evil'], ['+HYPERLINK(1)', 'h']]);
    expect(tb.rows.map(({ claimed_source: _c, ...r }) => r)).toEqual(ta.rows.map(({ claimed_source: _c, ...r }) => r));
  });
});

describe('item 6: deeply nested JSON', () => {
  it('a field nested 200k levels is one precise line from import, no RangeError', async () => {
    const dir = tmp();
    const file = join(dir, 'deep.json');
    writeFileSync(file, `[{"model":"m","hardware":"h","batch_size":1,"precision":"fp32","latency_ms":1,"x":${'['.repeat(200_000)}${']'.repeat(200_000)}}]`);
    const r = await cli(['import', file, '--out', join(dir, 'o.parquet')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/deep\.json:1: is nested more than 64 levels deep \(at column \d+\)/);
    expect(r.stderr).not.toMatch(/RangeError|\n\s+at /);
  });
});

describe('item 7: extreme values are refused with row and column', () => {
  it('a training latency of 1e308 is refused as implausible', async () => {
    const dir = tmp();
    const file = join(dir, 't.csv');
    writeFileSync(file, 'model,hardware,batch_size,precision,latency_ms\nm,h,1,fp32,1e308\nm,h,2,fp32,2\n');
    const r = await cli(['import', file, '--out', join(dir, 'o.parquet')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/t\.csv:2: column latency_ms: "1e308" is beyond the plausible range of latency_ms \(at most 1000000000 ms\)/);
    expect(r.stderr).toMatch(/1 implausible/);
  });
});

describe('item 7: a query that names no configuration', () => {
  it('gets a warning and a confidence of at most 0.1, not 0.905', async () => {
    const dir = tmp();
    const query = join(dir, 'q.csv');
    writeFileSync(query, 'precision\nfp32\nfp16\n');
    const r = await cli(['predict', '--train', SHIPPED, '--query', query, '--target', 'latency_ms', '--out', join(dir, 'o.csv')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/has none of the columns model, hardware, batch_size: .* confidence is capped at 0\.1/);
    const rows = Papa.parse<Record<string, string>>(readFileSync(join(dir, 'o.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(Number(row.confidence)).toBeLessThanOrEqual(0.1);
    const named = join(dir, 'named.csv');
    writeFileSync(named, 'model,batch_size,precision\nbert-base-uncased,1,fp32\n');
    const ok = await cli(['predict', '--train', SHIPPED, '--query', named, '--target', 'latency_ms', '--out', join(dir, 'o2.csv')]);
    expect(ok.stderr).not.toMatch(/names no configuration|none of the columns/);
  });
});

describe('item 8: stepfit messages', () => {
  it('step_time 1e308 names the line and the bound, no RankDeficientError', async () => {
    const file = join(tmp(), 's.jsonl');
    const rows = [[1, 64, 0.1], [2, 64, 0.2], [1, 128, 0.2], [2, 128, 1e308], [4, 256, 0.5]];
    writeFileSync(file, rows.map(([b, s, t]) => JSON.stringify({ batch_size: b, avg_seq_len: s, step_time: t })).join('\n'));
    const r = await cli(['stepfit', '--data', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/s\.jsonl:4: step_time 1e\+308 is beyond the plausible maximum of 1000000 s/);
    expect(r.stderr).not.toMatch(/RankDeficient|\n\s+at /);
  });

  it('two values each that move together are described as such, not as "needs at least two values"', async () => {
    const file = join(tmp(), 's.jsonl');
    const rows = [[1, 64, 0.1], [2, 128, 0.2], [1, 64, 0.11], [2, 128, 0.21], [1, 64, 0.1], [2, 128, 0.2]];
    writeFileSync(file, rows.map(([b, s, t]) => JSON.stringify({ batch_size: b, avg_seq_len: s, step_time: t })).join('\n'));
    const r = await cli(['stepfit', '--data', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/only 2 distinct \(batch_size, avg_seq_len\) combinations, \(1, 64\), \(2, 128\); four coefficients need at least 4/);
    expect(r.stderr).not.toMatch(/each needs at least two values/);
  });
});

describe('item 10: one clear line, stack only with --debug; query reads CSV through Perfcast', () => {
  it('eval on one row and eval --shots beyond the data are one line that says why, exit 1', async () => {
    const dir = tmp();
    const one = join(dir, 'one.csv');
    writeFileSync(one, 'model,hardware,batch_size,precision,latency_ms\nm,h,1,fp32,5\n');
    const r = await cli(['eval', '--data', one, '--target', 'latency_ms', '--protocol', 'random']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/one\.csv: only one row has a positive numeric 'latency_ms': .* needs at least 2/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const shots = await cli(['eval', '--data', FIXTURE, '--target', 'latency_ms', '--protocol', 'hardware-kshot', '--shots', '100000']);
    expect(shots.code).toBe(1);
    expect(shots.stderr).toMatch(/--shots 100000 leaves no hardware anything to test on: the most rows one hardware has is \d+; use --shots \d+ or fewer/);
    expect(shots.stderr).not.toMatch(/stack trace/);
  });

  it('query on a ragged CSV is refused with the line instead of a wrong table', async () => {
    const file = join(tmp(), 'ragged.csv');
    writeFileSync(file, 'a,b\n1,2\n3,4,5\n6,7\n');
    const r = await cli(['query', file, 'SELECT * FROM records']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ragged\.csv:3: 1 row has a different number of fields than the header/);
  });

  it('query types a CSV column as numbers only where every value is one', async () => {
    const file = join(tmp(), 'q.csv');
    writeFileSync(file, 'a,b\n1,x\n2.5,\n,3\n');
    const r = await cli(['query', file, 'SELECT sum(a) AS s, count(b) AS n FROM records', '--json']);
    expect(JSON.parse(r.stdout)).toEqual([{ s: 3.5, n: 2 }]);
  });

  it('an unexpected error is one line with a hint, and --debug adds the stack', async () => {
    const broken: Command = { name: 'broken', summary: '', usage: '', run: async () => { throw new TypeError('cannot read properties of undefined'); } };
    const plain = capture();
    expect(await runCommand(broken, [], plain.io)).toBe(1);
    expect(plain.err).toEqual(['perfcast broken: cannot read properties of undefined (run again with --debug for the stack trace)']);
    const debug = capture();
    expect(await runCommand(broken, [], debug.io, true)).toBe(1);
    expect(debug.err[0]).toBe('perfcast broken: cannot read properties of undefined');
    expect(debug.err[1]).toMatch(/^TypeError: cannot read properties of undefined\n\s+at /);
    const quota = capture();
    await runCommand({ ...broken, run: async () => { throw Object.assign(new Error(''), { name: 'QuotaExceededError' }); } }, [], quota.io);
    expect(quota.err[0]).toMatch(/QuotaExceededError \(no message given\)/);
    const disk = capture();
    await runCommand({ ...broken, run: async () => { throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', path: '/x/y' }); } }, [], disk.io);
    expect(disk.err[0]).toMatch(/^perfcast broken: \/x\/y: the disk is full/);
  });

  it('--debug is accepted anywhere on the command line', async () => {
    const r = await cli(['stepfit', '--debug', '--data', join(tmp(), 'missing.jsonl')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^perfcast stepfit: cannot read .*missing\.jsonl: no such file or directory \(ENOENT\)/);
  });
});
