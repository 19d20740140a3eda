import { UsageError, type Command, type Io } from '../command.ts';
import { DEFAULT_COST, OBJECTIVES, metricOf, type Objective } from '../../core/recommend/recommend.ts';
import { PRESETS } from '../../core/presets/index.ts';
import { recommendationJson, recommendWorkloads } from '../../services/recommend.ts';
import { levelOf, parseArgs, required, seedOf } from '../args.ts';
import { readInput } from '../read-input.ts';

const USAGE = `Usage: perfcast recommend --data FILE --query WORKLOADS.csv --objective OBJECTIVE [options] [--json]

Ranks hardware for every workload row of WORKLOADS (benchmark-record columns without hardware
and metrics: model, batch_size, seq_len, precision, ...) from predictions learned from the
measured and imported rows of FILE. Constraints are met with a probability taken from the
predicted interval, not the point value; a device the workload does not fit in memory is never
recommended. Candidates: --hardware, or every hardware of FILE and the catalog.

Objectives: ${OBJECTIVES.join(' | ')}
  cost_usd_per_million: dollars per million items, from a cloud price per hour where the data
    have one (hw_price_usd_per_hour), else on-prem: purchase price over --years plus energy at TDP
  energy_j: joules per item at TDP (an upper bound)

Options:
  --max-latency-ms X      the latency (ms per batch) must stay at or below X
  --min-throughput X      the throughput (items/s) must reach X
  --hardware ID,ID,...    the candidates (default: every hardware of FILE and the catalog)
  --min-probability 0.8   how likely the constraints must be met to rank by the objective
  --years ${DEFAULT_COST.years}               write-off period of a purchase (on-prem cost)
  --usd-per-kwh ${DEFAULT_COST.usdPerKwh}        electricity price (on-prem cost)
  --level 0.8 --seed 1    the predictor's interval level and seed
  --include-simulated     learn from simulated rows too (testing on a known law)
  --preset NAME           map the files through an import preset first (${PRESETS.map((p) => p.id).join(', ')})
  --json                  print one JSON array: per workload row, in order,
                          {"workload", "ranking": [{"hardware", "pred_<metric>", "pred_<metric>_lo",
                          "pred_<metric>_hi", "p_meets_constraints", "fits_memory", "confidence", ...}],
                          "excluded": [{"hardware", "reason"}]}, best first`;

function positive(args: ReturnType<typeof parseArgs>, name: string): number | undefined {
  const text = args.values.get(name);
  if (text === undefined) return undefined;
  const v = Number(text);
  if (!(v > 0) || !Number.isFinite(v)) throw new UsageError(`--${name} wants a positive number, got '${text}'`);
  return v;
}

async function run(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, ['data', 'query', 'objective', 'max-latency-ms', 'min-throughput', 'hardware', 'min-probability', 'years', 'usd-per-kwh', 'level', 'seed', 'preset'], ['json', 'include-simulated']);
  const dataPath = required(args, 'data');
  const queryPath = required(args, 'query');
  const objective = required(args, 'objective') as Objective;
  if (!(OBJECTIVES as readonly string[]).includes(objective)) throw new UsageError(`--objective must be one of ${OBJECTIVES.join(', ')}; got '${objective}'`);
  const minProbability = positive(args, 'min-probability') ?? 0.8;
  if (minProbability > 1) throw new UsageError(`--min-probability is a probability (0-1], got ${minProbability}`);
  const hardware = args.values.get('hardware')?.split(',').map((h) => h.trim()).filter(Boolean);
  if (hardware && hardware.length === 0) throw new UsageError('--hardware wants at least one hardware id');
  const presetId = args.values.get('preset');
  const train = await readInput(dataPath, 'train', io, presetId);
  const query = await readInput(queryPath, 'query', io, presetId);
  const recs = recommendWorkloads(train.rows, query.rows, {
    objective, minProbability, hardware, level: levelOf(args), seed: seedOf(args), includeSimulated: args.flags.has('include-simulated'),
    constraints: { maxLatencyMs: positive(args, 'max-latency-ms'), minThroughput: positive(args, 'min-throughput') },
    cost: { years: positive(args, 'years') ?? DEFAULT_COST.years, usdPerKwh: positive(args, 'usd-per-kwh') ?? DEFAULT_COST.usdPerKwh },
  });
  if (args.flags.has('json')) {
    io.out(JSON.stringify(recommendationJson(recs, objective)));
    return 0;
  }
  const metric = metricOf(objective);
  for (const [i, r] of recs.entries()) {
    const w = Object.entries(r.workload).filter(([, v]) => v !== null && v !== undefined && v !== '').map(([k, v]) => `${k}=${String(v)}`).join(' ');
    io.out(`workload ${i + 1}: ${w}  (PREDICTED; ${r.basis})`);
    for (const [rank, k] of r.ranking.ranked.slice(0, 10).entries()) {
      const c = k.candidate;
      const v = metric === 'latency_ms' ? c.latency : metric === 'throughput_items_s' ? c.throughput : metric === 'cost_usd_per_million' ? c.costUsdPerMillion! : c.energyJ!;
      io.out(`  ${String(rank + 1).padStart(2)}. ${c.hardware.padEnd(24)} ${metric} ${v.value.toPrecision(3)} (${v.lo.toPrecision(3)}-${v.hi.toPrecision(3)})  P(meets) ${(k.pMeets * 100).toFixed(0)} %  confidence ${c.confidence.toFixed(2)}${k.pareto ? '  pareto' : ''}`);
    }
    if (r.ranking.ranked.length > 10) io.out(`  ... ${r.ranking.ranked.length - 10} more (--json lists all)`);
    for (const e of r.ranking.excluded.slice(0, 5)) io.out(`  excluded ${e.hardware}: ${e.reason}`);
    if (r.ranking.excluded.length > 5) io.out(`  ... ${r.ranking.excluded.length - 5} more excluded`);
  }
  return 0;
}

const recommend: Command = { name: 'recommend', summary: 'rank hardware for workloads under latency/throughput limits by latency, throughput, cost or energy (predicted)', usage: USAGE, run };
export default recommend;
