import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import Papa from 'papaparse';
import { UsageError, type Command, type Io } from '../command.ts';
import { parseTable } from '../../data/parse/index.ts';
import { PRESETS, findPreset } from '../../core/presets/index.ts';
import { numericValue, type Row } from '../../core/features/columns.ts';
import { predictTargets } from '../../core/predict/predictor.ts';
import { predictionColumns, predictionTable } from '../../core/predict/output.ts';

const USAGE = `Usage: perfcast predict --train TRAIN --query QUERY --target latency_ms --out OUT.csv [options]

Learns from TRAIN (CSV, JSON or Parquet benchmark records) and predicts TARGET for every row of
QUERY. OUT.csv holds every query row, in order, plus pred_<target>, pred_<target>_lo,
pred_<target>_hi (the 80% interval) and confidence (0..1). Columns present in both files are
features; hardware missing from TRAIN is described by its hw_* columns or the hardware catalog.

Options:
  --target T[,T2]   numeric target column(s); latency and throughput together stay consistent
  --level 0.8       interval coverage
  --seed 1          random seed (results are deterministic for a seed)
  --preset NAME     map both files through an import preset first (${PRESETS.map((p) => p.id).join(', ')})
  --explain         also write novelty, hardware_seen and confidence_parts columns`;

export interface ParsedArgs {
  readonly values: Map<string, string>;
  readonly flags: Set<string>;
}

export function parseArgs(argv: readonly string[], valued: readonly string[], flags: readonly string[]): ParsedArgs {
  const values = new Map<string, string>();
  const set = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [name, inline] = arg.startsWith('--') ? arg.slice(2).split(/=(.*)/s, 2) : [null, undefined];
    if (name === null) throw new UsageError(`unexpected argument '${arg}'`);
    if (flags.includes(name)) { set.add(name); continue; }
    if (!valued.includes(name)) throw new UsageError(`unknown option '--${name}'`);
    const value = inline ?? argv[++i];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`option '--${name}' needs a value`);
    values.set(name, value);
  }
  return { values, flags: set };
}

export function required(args: ParsedArgs, name: string): string {
  const v = args.values.get(name);
  if (!v) throw new UsageError(`missing --${name}`);
  return v;
}

/** Reads a table file into rows, through a preset when one is named (or the file's layout matches one). */
export async function readRecords(path: string, presetId?: string): Promise<{ rows: Row[]; columns: string[]; preset: string | null }> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new UsageError(`cannot read '${path}': ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let table;
  try {
    table = await parseTable(basename(path), bytes);
  } catch (error) {
    throw new UsageError(`cannot parse '${path}': ${error instanceof Error ? error.message : String(error)}`);
  }
  const preset = presetId ? findPreset(presetId) : undefined;
  if (presetId && !preset) throw new UsageError(`unknown preset '${presetId}'; known: ${PRESETS.map((p) => p.id).join(', ')}`);
  const isRecords = table.columns.includes('model') && table.columns.includes('hardware');
  const chosen = preset ?? (isRecords ? undefined : PRESETS.find((p) => p.matches(basename(path), table.columns)));
  if (!chosen) return { rows: table.rows as Row[], columns: table.columns, preset: null };
  let rows: Row[];
  try {
    rows = chosen.toRecords(table.rows, basename(path)) as Row[];
  } catch (error) {
    throw new UsageError(`preset '${chosen.id}' cannot read '${path}': ${error instanceof Error ? error.message : String(error)}`);
  }
  const columns = [...new Set(rows.flatMap((r, i) => (i < 2000 || i === rows.length - 1 ? Object.keys(r) : [])))];
  return { rows, columns, preset: chosen.id };
}

export function checkTarget(rows: readonly Row[], columns: readonly string[], target: string, path: string): void {
  if (rows.length === 0) throw new UsageError(`'${path}' has no rows`);
  if (!columns.includes(target)) throw new UsageError(`'${path}' has no column '${target}' (columns: ${columns.join(', ')})`);
  if (!rows.some((r) => numericValue(r[target]) > 0)) throw new UsageError(`column '${target}' of '${path}' has no positive numeric value to learn from`);
}

function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return '';
  return Math.abs(v) >= 1e-3 && Math.abs(v) < 1e9 ? String(Number(v.toPrecision(6))) : v.toExponential(5);
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

async function run(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, ['train', 'query', 'target', 'out', 'level', 'seed', 'preset'], ['explain']);
  const trainPath = required(args, 'train');
  const queryPath = required(args, 'query');
  const outPath = required(args, 'out');
  const targets = required(args, 'target').split(',').map((t) => t.trim()).filter(Boolean);
  const level = Number(args.values.get('level') ?? 0.8);
  if (!(level > 0 && level < 1)) throw new UsageError(`--level must be between 0 and 1, got '${args.values.get('level')}'`);
  const seed = Number(args.values.get('seed') ?? 1);
  const presetId = args.values.get('preset');

  const train = await readRecords(trainPath, presetId);
  for (const t of targets) checkTarget(train.rows, train.columns, t, trainPath);
  const query = await readRecords(queryPath, presetId);
  if (query.rows.length === 0) throw new UsageError(`'${queryPath}' has no rows`);

  const start = Date.now();
  const predictions = predictTargets(train.rows, query.rows, targets, { level, seed, queryColumns: query.columns });
  const fitMs = Date.now() - start;

  const explain = args.flags.has('explain');
  const table = predictionTable(query.columns, query.rows, predictions, targets, explain);
  const added = new Set(predictionColumns(targets, explain));
  const columns = table.columns;
  const data = table.rows.map((row) => columns.map((c) => {
    const value = row[c];
    if (!added.has(c) || typeof value !== 'number') return cell(value);
    return c === 'confidence' ? value.toFixed(3) : formatNumber(value);
  }));
  try {
    await writeFile(outPath, Papa.unparse({ fields: columns, data }, { newline: '\n' }) + '\n');
  } catch (error) {
    throw new UsageError(`cannot write '${outPath}': ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  io.err(`perfcast predict: ${query.rows.length} predictions of ${targets.join(', ')} from ${train.rows.length} training rows in ${(fitMs / 1000).toFixed(1)} s -> ${outPath}` +
    (train.preset ? ` (preset ${train.preset})` : ''));
  return 0;
}

const predict: Command = { name: 'predict', summary: 'predict a metric with 80% intervals and confidence for unmeasured configurations', usage: USAGE, run };
export default predict;
