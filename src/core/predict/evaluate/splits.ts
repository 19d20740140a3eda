/**
 * Evaluation splits for the protocols a user meets. A fold holds out a group of units (rows,
 * hardware or models); for hardware protocols every row of the held-out hardware leaves the
 * training set, including its other batch sizes, except the k shots of hardware-kshot.
 */
import { categoryValue, type Row } from '../../features/columns.ts';
import { rng, shuffled } from '../stats.ts';

/** The rows cannot be split as the protocol asks: a message for the user, not a bug. */
export class EvaluationInputError extends Error {}

export const PROTOCOLS = ['random', 'hardware', 'hardware-kshot', 'model'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export interface SplitOptions {
  readonly protocol: Protocol;
  /** Columns whose values form the held-out unit (default: hardware, or model for 'model'). */
  readonly unit?: readonly string[];
  /** Unit values to hold out, one fold each (default: every unit, grouped into at most maxFolds folds). */
  readonly holdout?: readonly string[];
  readonly shots?: number;
  /** Models whose rows are taken as the shots, in this order (e.g. HELP's reference architectures). */
  readonly shotModels?: readonly string[];
  readonly seed?: number;
  readonly maxFolds?: number;
  readonly randomFolds?: number;
}

export interface Fold {
  readonly name: string;
  /** Held-out unit values. */
  readonly heldOut: readonly string[];
  readonly train: readonly number[];
  readonly test: readonly number[];
  /** Training rows that come from held-out units (hardware-kshot only). */
  readonly shots: readonly number[];
}

export function unitKey(row: Row, unit: readonly string[]): string {
  return unit.map((c) => categoryValue(row[c]) ?? '').join('|');
}

export function defaultUnit(protocol: Protocol): string[] {
  return protocol === 'model' ? ['model'] : ['hardware'];
}

export function makeFolds(rows: readonly Row[], options: SplitOptions): Fold[] {
  const seed = options.seed ?? 1;
  const random = rng(seed);
  if (options.protocol === 'random') {
    const k = options.randomFolds ?? 5;
    const order = shuffled(rows.map((_, i) => i), random);
    return Array.from({ length: k }, (_, f) => {
      const test = order.filter((_, j) => j % k === f).sort((a, b) => a - b);
      const inTest = new Set(test);
      return { name: `random ${f + 1}/${k}`, heldOut: [], train: rows.map((_, i) => i).filter((i) => !inTest.has(i)), test, shots: [] };
    });
  }
  const unit = options.unit ?? defaultUnit(options.protocol);
  for (const c of unit) if (!rows.some((r) => categoryValue(r[c]) !== null)) throw new Error(`protocol '${options.protocol}' needs a '${c}' column`);
  // The column whose every value must leave training with the unit (the whole device or model).
  const exclusive = options.protocol === 'model' ? 'model' : 'hardware';
  const keys = rows.map((r) => unitKey(r, unit));
  const owner = rows.map((r) => categoryValue(r[exclusive]) ?? '');
  const units = [...new Set(keys)].sort();
  let groups: string[][];
  if (options.holdout?.length) {
    for (const h of options.holdout) if (!units.includes(h)) throw new EvaluationInputError(`held-out unit '${h}' not found; known: ${units.slice(0, 30).join(', ')}`);
    groups = options.holdout.map((h) => [h]);
  } else {
    const maxFolds = options.maxFolds ?? 30;
    if (units.length <= maxFolds) groups = units.map((u) => [u]);
    else {
      const order = shuffled(units, random);
      groups = Array.from({ length: maxFolds }, (_, f) => order.filter((_, j) => j % maxFolds === f).sort());
    }
  }
  const k = options.protocol === 'hardware-kshot' ? options.shots ?? 10 : 0;
  if (units.length < 2) throw new EvaluationInputError(`protocol '${options.protocol}' holds out one ${unit.join('+')} at a time and learns from the others, but the rows have only ${units.length === 1 ? `one (${units[0]})` : 'none'}`);
  const folds: Fold[] = [];
  for (const group of groups) {
    const held = new Set(group);
    const heldOwners = new Set<string>();
    keys.forEach((key, i) => { if (held.has(key)) heldOwners.add(owner[i]); });
    const shots: number[] = [];
    if (k > 0) {
      for (const u of group) {
        const members = keys.map((key, i) => (key === u ? i : -1)).filter((i) => i >= 0);
        if (members.length <= k) continue;
        let chosen: number[] = [];
        if (options.shotModels?.length) {
          for (const m of options.shotModels) {
            const i = members.find((j) => categoryValue(rows[j].model) === m && !chosen.includes(j));
            if (i !== undefined && chosen.length < k) chosen.push(i);
          }
        }
        const rest = shuffled(members.filter((i) => !chosen.includes(i)), rng(seed + members.length));
        chosen = chosen.concat(rest.slice(0, k - chosen.length));
        shots.push(...chosen);
      }
    }
    const shotSet = new Set(shots);
    const test: number[] = [];
    const train: number[] = [];
    rows.forEach((_, i) => {
      if (shotSet.has(i)) train.push(i);
      else if (held.has(keys[i])) test.push(i);
      else if (!heldOwners.has(owner[i])) train.push(i);
    });
    if (test.length === 0 || train.length === 0 || (k > 0 && shots.length === 0)) continue;
    folds.push({ name: group.length === 1 ? group[0] : `${group.length} ${unit.join('+')} units`, heldOut: group, train, test, shots });
  }
  return folds;
}
