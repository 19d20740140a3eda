/**
 * Fault script for issue 14: runs the data-loss reproductions (items 1-4) against the real
 * `perfcast` command line in child processes and checks, by SHA-256, that no input or earlier
 * output changed and that every finished measurement was kept. Prints a Markdown table (the
 * one in docs/reliability.md) and exits 1 if any check fails.
 *
 *   npx tsx scripts/fault-check.ts
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, linkSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTable } from '../src/data/parse/parse-table.ts';
import { createNodeConnector } from '../src/data/node-connector.ts';
import { appendRecordsToParquet } from '../src/runtime/node/parquet-append.ts';
import type { BenchmarkRecord } from '../src/core/schema/record.ts';

const ROOT = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'perfcast-fault-'));
const sha = (f: string) => (existsSync(f) ? createHash('sha256').update(readFileSync(f)).digest('hex').slice(0, 12) : 'absent');
const rows = async (f: string) => (await parseTable(f, new Uint8Array(readFileSync(f)))).rows.length;

interface Run { code: number | null; stdout: string; stderr: string; ms: number }

function perfcast(args: string[], opts: { ulimitBlocks?: number; onStderr?: (text: string, kill: () => void) => void } = {}): Promise<Run> {
  const quoted = args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const command = `${opts.ulimitBlocks ? `ulimit -f ${opts.ulimitBlocks}; ` : ''}exec node bin/perfcast.mjs ${quoted}`;
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', command], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => {
      stderr += d;
      opts.onStderr?.(stderr, () => child.kill('SIGINT'));
    });
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
}

const results: { item: string; input: string; sees: string; exit: string; check: string; ok: boolean }[] = [];
function record(item: string, input: string, run: Run, check: string, ok: boolean, sees?: string): void {
  const line = sees ?? run.stderr.split('\n').find((l) => /^perfcast /.test(l)) ?? run.stderr.split('\n')[0] ?? '';
  results.push({ item, input, sees: line.replaceAll(dir, '$DIR').replace(/\|/g, '\\|'), exit: String(run.code), check, ok });
}

/** Text that does not compress, so the Parquet output is as large as the CSV. */
function noise(width: number): string {
  let text = '';
  while (text.length < width) text += Math.random().toString(36).slice(2);
  return text.slice(0, width);
}

function csvFile(name: string, lines: number, width = 0): string {
  const path = join(dir, name);
  const out = ['model,hardware,batch_size,precision,latency_ms,note'];
  for (let i = 0; i < lines; i++) out.push(i % 2 === 1 && lines < 20 ? `m${i},h,${i + 1},fp32,oops,n` : `m${i},h,${(i % 512) + 1},fp32,${i + 0.5},${noise(width)}${i}`);
  writeFileSync(path, `${out.join('\n')}\n`);
  return path;
}

const benchArgs = ['bench', '--model', 'bert-tiny', '--seq', '16', '--min-runs', '2', '--min-seconds', '0', '--warmup', '0', '--no-check'];

async function main(): Promise<void> {
  // Item 1: --out equal to an input, directly, through a symlink and through a hard link.
  const x = csvFile('x.csv', 8);
  symlinkSync(x, join(dir, 'x-link.csv'));
  linkSync(x, join(dir, 'x-hard.csv'));
  for (const [label, out] of [['same path', x], ['symlink to it', join(dir, 'x-link.csv')], ['hard link to it', join(dir, 'x-hard.csv')]] as const) {
    const before = sha(x);
    const run = await perfcast(['import', x, '--out', out, '--skip-invalid']);
    record('1', `import x.csv --out ${label} --skip-invalid`, run, `x.csv ${before} -> ${sha(x)}`, run.code === 1 && sha(x) === before);
  }

  // Item 2: a write cut short by a file-size limit, a missing directory.
  const prev = join(dir, 'prev.parquet');
  await perfcast(['import', csvFile('small.csv', 40), '--out', prev]);
  const big = csvFile('big.csv', 60_000, 60);
  {
    const before = sha(prev);
    const run = await perfcast(['import', big, '--out', prev], { ulimitBlocks: 4000 });
    const readable = await rows(prev).then((n) => n === 40, () => false);
    const leftovers = readdirSync(dir).filter((f) => f.startsWith('.prev.parquet.'));
    record('2', `ulimit -f 4000 (2 MB); import big.csv (${(readFileSync(big).length / 1e6).toFixed(1)} MB) --out prev.parquet`, run,
      `prev.parquet ${before} -> ${sha(prev)}, still 40 rows: ${readable}, temp files left: ${leftovers.length}`, run.code === 1 && sha(prev) === before && readable && leftovers.length === 0);
  }
  {
    const run = await perfcast(['import', big, '--out', join(dir, 'no-such-dir', 'o.parquet')]);
    record('2', 'import big.csv --out no-such-dir/o.parquet', run, 'one line, no stack', run.code === 1 && !/\n\s+at /.test(run.stderr));
  }

  // Item 3: two benches appending to one file at once.
  const shared = join(dir, 'r.parquet');
  const seedRows: BenchmarkRecord[] = Array.from({ length: 20_000 }, (_, i) => ({
    source: 'imported', origin: 'fault-check', model: `seed${i}`, hardware: 'h', batch_size: 1, precision: 'fp32', latency_ms: i + 1,
  }) as BenchmarkRecord);
  await appendRecordsToParquet(shared, seedRows);
  {
    const [a, b] = await Promise.all([perfcast([...benchArgs, '--batch', '1', '--out', shared]), perfcast([...benchArgs, '--batch', '2', '--out', shared])]);
    const n = await rows(shared);
    record('3', 'two `perfcast bench --out r.parquet` at once (r.parquet holds 20000 rows)', a,
      `rows 20000 -> ${n} (want 20002); exits ${a.code}, ${b.code}`, n === 20_002 && a.code === 0 && b.code === 0,
      [a, b].map((r) => r.stderr.split('\n').find((l) => l.startsWith('appended')) ?? '').join(' / '));
  }

  // Item 4: a target that cannot take the records is refused before the first run.
  const zstd = join(dir, 'zstd.parquet');
  const db = await createNodeConnector();
  await db.exec(`COPY (SELECT 'm' AS model, 1.5 AS latency_ms) TO '${zstd}' (FORMAT parquet, COMPRESSION zstd)`);
  await db.close();
  const cut = join(dir, 'cut.parquet');
  writeFileSync(cut, readFileSync(prev).subarray(0, 300));
  for (const [label, target] of [['a ZSTD Parquet', zstd], ['a truncated Parquet', cut], ['a missing directory', join(dir, 'missing', 'r.parquet')]] as const) {
    const before = sha(target);
    const run = await perfcast([...benchArgs, '--out', target]);
    record('4', `bench --out ${label}`, run, `measured nothing: ${!run.stderr.includes('measuring')}; target ${before} -> ${sha(target)}`,
      run.code === 1 && !run.stderr.includes('measuring') && sha(target) === before);
  }
  // Item 4: Ctrl-C after 4 of 6 configurations.
  {
    const target = join(dir, 'int.parquet');
    let sent = false;
    const run = await perfcast([...benchArgs, '--batch', '1,2,3,4,5,6', '--min-seconds', '1', '--out', target], {
      onStderr: (text, kill) => { if (!sent && (text.match(/^ {2}p50/gm) ?? []).length === 4) { sent = true; kill(); } },
    });
    const n = existsSync(target) ? await rows(target) : 0;
    record('4', 'SIGINT to bench after 4 of 6 configurations', run, `${n} records in int.parquet (want 4), exit ${run.code} (want 130)`, n === 4 && run.code === 130,
      run.stderr.split('\n').find((l) => l.includes('are kept in')));
  }
  // Item 4: the target becomes unusable while measuring: the records go to a rescue file.
  {
    const target = join(dir, 'swap.parquet');
    let swapped = false;
    const run = await perfcast([...benchArgs, '--batch', '1,2', '--out', target], {
      onStderr: (text) => { if (!swapped && /^ {2}p50/m.test(text)) { swapped = true; writeFileSync(target, 'now a text file'); } },
    });
    const rescue = readdirSync(dir).find((f) => f.startsWith('swap.rescue-'));
    const n = rescue ? await rows(join(dir, rescue)) : 0;
    record('4', 'bench --out r.parquet, r.parquet replaced by a text file while measuring', run,
      `${n} records in the rescue file (want 2), target untouched: ${readFileSync(target, 'utf8') === 'now a text file'}`, n === 2 && run.code === 1,
      run.stderr.split('\n').find((l) => l.includes('rescue file')));
  }

  console.log('| item | input | what the user sees (stderr) | exit | check | holds |');
  console.log('|---|---|---|---|---|---|');
  for (const r of results) console.log(`| ${r.item} | ${r.input} | ${r.sees} | ${r.exit} | ${r.check} | ${r.ok ? 'yes' : '**NO**'} |`);
  const failed = results.filter((r) => !r.ok).length;
  console.log(`\n${results.length - failed} of ${results.length} checks hold (node ${process.version}, ${new Date().toISOString()}).`);
  rmSync(dir, { recursive: true, force: true });
  process.exitCode = failed > 0 ? 1 : 0;
}

await main();
