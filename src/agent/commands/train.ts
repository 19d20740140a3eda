import { UsageError, type Command, type Io } from '../command.ts';
import { PRESETS } from '../../core/presets/index.ts';
import { serializeModel, trainModel } from '../../services/model.ts';
import { checkTarget, levelOf, parseArgs, required, seedOf } from '../args.ts';
import { readInput } from '../read-input.ts';
import { checkOutputTarget, refuseOutputEqualToInput, writeFileAtomic } from '../io/output-file.ts';

const USAGE = `Usage: perfcast train --data FILE --target COL --out MODEL.json [options]

Fits the predictor of COL on FILE (CSV, JSON or Parquet benchmark rows, read like 'perfcast
import' reads them; only measured and imported rows are learned from) and saves it as one JSON
file: format version, feature columns, trees, few-shot and interval calibration, the training
data's hash and row count, creation time, code version and the model's own held-out figures.
'perfcast predict --model MODEL.json --query Q --out O' then predicts without refitting, and
writes what 'perfcast predict --train FILE --query Q --target COL --out O' writes.

Options:
  --level 0.8       interval coverage
  --seed 1          random seed (the same data and seed give the same model)
  --include-simulated  learn from rows whose source is 'simulated' too (testing the predictor on a
                    known law); predictions made this way say so on stderr
  --preset NAME     read FILE through an import preset (${PRESETS.map((p) => p.id).join(', ')})`;

function pct(v: number): string {
  return `${(v * 100).toFixed(1)} %`;
}

async function run(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, ['data', 'target', 'out', 'level', 'seed', 'preset'], ['include-simulated']);
  const dataPath = required(args, 'data');
  const target = required(args, 'target');
  const outPath = required(args, 'out');
  await refuseOutputEqualToInput(outPath, [dataPath]);
  await checkOutputTarget(outPath);
  const data = await readInput(dataPath, 'train', io, args.values.get('preset'));
  checkTarget(data.rows, data.columns, target, dataPath);
  const start = Date.now();
  const model = trainModel(data.rows, { target, level: levelOf(args), seed: seedOf(args), includeSimulated: args.flags.has('include-simulated') });
  const ms = Date.now() - start;
  await writeFileAtomic(outPath, serializeModel(model.saved));
  const s = model.saved;
  io.out(`model ${s.id}: ${target} from ${s.trainRows} rows (data ${s.dataHash}) in ${(ms / 1000).toFixed(1)} s -> ${outPath}`);
  if (s.simulatedTrainRows) io.out(`  learned from ${s.simulatedTrainRows} SIMULATED rows (--include-simulated): its predictions rest on a simulation, not on measurements`);
  if (s.excluded.predictedOrSimulated) io.out(`  left out ${s.excluded.predictedOrSimulated} predicted or simulated rows`);
  io.out(`  features: ${s.requiredColumns.join(', ')}`);
  for (const e of s.evaluation) io.out(`  held out (${e.novelty}): ${e.rows} rows, median error ${pct(e.medianApe)}, ${pct(e.within25)} within 25 %`);
  return 0;
}

const train: Command = { name: 'train', summary: 'fit the predictor once and save it as a model file', usage: USAGE, run };
export default train;
