import { numericValue, type Row } from '../core/features/columns.ts';
import { UsageError } from './command.ts';

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

export function checkTarget(rows: readonly Row[], columns: readonly string[], target: string, path: string): void {
  if (rows.length === 0) throw new UsageError(`'${path}' has no rows`);
  if (!columns.includes(target)) throw new UsageError(`'${path}' has no column '${target}' (columns: ${columns.join(', ')})`);
  if (!rows.some((r) => numericValue(r[target]) > 0)) throw new UsageError(`column '${target}' of '${path}' has no positive numeric value to learn from`);
}

export function levelOf(args: ParsedArgs): number {
  const raw = args.values.get('level');
  const level = Number(raw ?? 0.8);
  if (!(level > 0 && level < 1)) throw new UsageError(`--level must be between 0 and 1, got '${raw}'`);
  return level;
}

export function seedOf(args: ParsedArgs): number {
  const raw = args.values.get('seed');
  const seed = Number(raw ?? 1);
  if (!Number.isInteger(seed)) throw new UsageError(`--seed must be a whole number, got '${raw}'`);
  return seed;
}
