import { readFile } from 'node:fs/promises';
import { UsageError, type Command, type Io } from '../command.ts';
import { PRESETS } from '../../core/presets/index.ts';
import { predictionColumns, predictionTable } from '../../core/predict/output.ts';
import type { Prediction } from '../../core/predict/predictor.ts';
import { parseModel, type TrainedModel } from '../../services/model.ts';
import { CONFIGURATION_COLUMNS, isUnderspecified, predictTargetsWithModels, trainAndPredict, UNDERSPECIFIED_CONFIDENCE, type TargetPredictions } from '../../services/predict.ts';
import { checkTarget, levelOf, parseArgs, required, seedOf } from '../args.ts';
import { readInput } from '../read-input.ts';
import { checkOutputTarget, refuseOutputEqualToInput, writeFileAtomic } from '../io/output-file.ts';
import { csvCellText } from '../../data/export/csv.ts';

const USAGE = `Usage: perfcast predict --train TRAIN --query QUERY --target latency_ms --out OUT.csv [options]
       perfcast predict --model MODEL.json --query QUERY --out OUT.csv [options]

Predicts TARGET for every row of QUERY, either learning from TRAIN (CSV, JSON or Parquet
benchmark rows, read like 'perfcast import' reads them; only measured and imported rows are
learned from) or from a model saved by 'perfcast train'. Both forms write the same file for the
same data: every query row, in order, plus pred_<target>, pred_<target>_lo, pred_<target>_hi (the
80% interval) and confidence (0..1). With --train, columns present in both files are features;
hardware missing from TRAIN is described by its hw_* columns or the hardware catalog. A model
refuses a query that lacks a column it was trained on.

Options:
  --target T[,T2]   numeric target column(s) (--train form); latency and throughput together stay consistent
  --level 0.8       interval coverage (--train form)
  --seed 1          random seed (results are deterministic for a seed)
  --include-simulated  learn from rows whose source is 'simulated' too (testing the predictor on a
                    known law); predictions made this way say so on stderr
  --preset NAME     map the files through an import preset first (${PRESETS.map((p) => p.id).join(', ')})
  --explain         also write novelty, hardware_seen and confidence_parts columns`;

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

export async function loadModelFile(path: string): Promise<TrainedModel> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read '${path}': ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return parseModel(text, `'${path}'`);
}

async function run(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, ['train', 'model', 'query', 'target', 'out', 'level', 'seed', 'preset'], ['explain', 'include-simulated']);
  const queryPath = required(args, 'query');
  const outPath = required(args, 'out');
  const presetId = args.values.get('preset');
  const trainPath = args.values.get('train');
  const modelPath = args.values.get('model');
  if (trainPath && modelPath) throw new UsageError('give --train or --model, not both');
  if (!trainPath && !modelPath) throw new UsageError('missing --train (rows to learn from) or --model (a model saved by perfcast train)');
  await refuseOutputEqualToInput(outPath, [trainPath, modelPath, queryPath]);
  await checkOutputTarget(outPath);

  const start = Date.now();
  let predictions: Map<string, TargetPredictions>;
  let targets: string[];
  let source: string;
  let query;
  let simulatedRows = 0;
  if (modelPath) {
    const model = await loadModelFile(modelPath);
    const asked = args.values.get('target');
    targets = [model.saved.target];
    if (asked && asked !== model.saved.target) throw new UsageError(`model ${model.saved.id} in '${modelPath}' predicts '${model.saved.target}', not '${asked}'`);
    query = await readInput(queryPath, 'query', io, presetId);
    predictions = predictTargetsWithModels(new Map([[model.saved.target, model]]), query.rows, targets, new Map(), `'${queryPath}'`);
    source = `model ${model.saved.id} (${model.saved.trainRows} training rows)`;
    simulatedRows = model.saved.simulatedTrainRows;
  } else {
    targets = required(args, 'target').split(',').map((t) => t.trim()).filter(Boolean);
    const train = await readInput(trainPath!, 'train', io, presetId);
    for (const t of targets) checkTarget(train.rows, train.columns, t, trainPath!);
    query = await readInput(queryPath, 'query', io, presetId);
    const result = trainAndPredict(train.rows, query.rows, targets, { level: levelOf(args), seed: seedOf(args), includeSimulated: args.flags.has('include-simulated') });
    predictions = result.predictions;
    simulatedRows = Math.max(...[...result.models.values()].map((m) => m.saved.simulatedTrainRows));
    source = `${[...result.models.values()].map((m) => `model ${m.saved.id}`).join(', ')} from ${train.rows.length} training rows${train.preset ? ` (preset ${train.preset})` : ''}`;
  }
  const ms = Date.now() - start;
  const explain = args.flags.has('explain');
  const byTarget = new Map<string, readonly Prediction[]>([...predictions].map(([t, p]) => [t, p.predictions]));
  const table = predictionTable(query.original.columns, query.original.rows, byTarget, targets, explain);
  const added = new Set(predictionColumns(targets, explain));
  const data = table.rows.map((row) => table.columns.map((c) => {
    const value = row[c];
    if (!added.has(c) || typeof value !== 'number') return cell(value);
    return c === 'confidence' ? value.toFixed(3) : formatNumber(value);
  }));
  // Cells a spreadsheet would run as formulas are guarded (csvCellText); numbers never are.
  await writeFileAtomic(outPath, [table.columns, ...data].map((cells) => cells.map(csvCellText).join(',')).join('\n') + '\n');
  if (isUnderspecified(query.rows)) {
    io.err(`perfcast predict: warning: '${queryPath}' has none of the columns ${CONFIGURATION_COLUMNS.join(', ')}: its rows name no configuration, so rows that differ only in other columns get the same prediction; confidence is capped at ${UNDERSPECIFIED_CONFIDENCE}`);
  }
  const unpredicted = query.rows.filter((_, i) => [...byTarget.values()].some((p) => !Number.isFinite(p[i].value))).length;
  if (unpredicted > 0) io.err(`perfcast predict: ${unpredicted} of ${query.rows.length} rows have no prediction (empty cells): nothing in them matches what the model learned from`);
  if (simulatedRows > 0) io.err(`perfcast predict: learned from ${simulatedRows} SIMULATED rows: these predictions rest on a simulation, not on measurements`);
  io.err(`perfcast predict: ${query.rows.length - unpredicted} predictions of ${targets.join(', ')} by ${source} in ${(ms / 1000).toFixed(1)} s -> ${outPath}`);
  return 0;
}

const predict: Command = { name: 'predict', summary: 'predict a metric with 80% intervals and confidence for unmeasured configurations', usage: USAGE, run };
export default predict;
