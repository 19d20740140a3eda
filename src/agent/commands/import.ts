import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError, type Command, type Io } from '../command.ts';
import { describeMapping, MappingError, parseMapSpec } from '../../core/schema/mapping.ts';
import { formatProblem, summarizeProblems, type ValidationResult } from '../../core/schema/validate.ts';
import { findPreset, PRESETS } from '../../core/presets/index.ts';
import { PresetError } from '../../core/presets/common.ts';
import { TableParseError } from '../../data/parse/parse-table.ts';
import { readRecords, type ReadRecordsResult } from '../../data/parse/read-records.ts';
import { columnsForRecords } from '../../data/export/columns.ts';
import { toCsv } from '../../data/export/csv.ts';
import { toParquet } from '../../data/export/parquet.ts';
import { checkOutputTarget, refuseOutputEqualToInput, writeFileAtomic } from '../io/output-file.ts';

const MAX_LISTED = 50;
const MAX_INPUT_BYTES = 1024 ** 3;

const usage = `Usage: perfcast import FILE --out OUT.parquet [options]

Reads FILE (.csv, .tsv, .json, .jsonl or .parquet), maps its columns to benchmark record fields,
validates every row and writes the records to OUT (.parquet or .csv). Every row is written with
source = imported (a row the file calls predicted or simulated stays so); the file's own claim is
kept in claimed_source.

Options:
  --out FILE          where to write the records (.parquet or .csv); required
  --origin NAME       provenance written to every row's origin (default: file:<FILE's name>)
  --map SPEC          column mapping overrides: "src=dest,src2=dest2*1000,unwanted="
                      (dest empty drops the column; *N multiplies numbers, for units)
  --preset NAME       read FILE with an import preset for a public data set
  --skip-invalid      write the valid rows and report the rest, instead of writing nothing

Problems are printed as FILE:ROW: column COL: message. ROW is the line in a CSV or JSON Lines
file (the header is line 1), the position in a JSON array, or the row number in a Parquet file.
OUT is written atomically (a temporary file beside it, then a rename): a failed write leaves an
existing OUT as it was. OUT may not be FILE itself (or a link to it). In a CSV OUT, text cells
starting with = + - @ tab or CR get a leading ' (see docs/reliability.md); import strips it again.
Exit status: 0 written, 1 invalid input or usage error.`;

function printProblems(io: Io, result: ValidationResult): void {
  const listed = result.problems.slice(0, MAX_LISTED).map(formatProblem);
  if (result.problems.length > MAX_LISTED) listed.push(`... and ${result.problems.length - MAX_LISTED} more problems`);
  io.err(listed.join('\n'));
}

const command: Command = {
  name: 'import',
  summary: 'validate and normalize a CSV, JSON or Parquet file of benchmark results into records',
  usage,
  async run(argv, io) {
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        allowPositionals: true,
        options: {
          out: { type: 'string' },
          origin: { type: 'string' },
          map: { type: 'string' },
          preset: { type: 'string' },
          'skip-invalid': { type: 'boolean', default: false },
        },
      });
    } catch (error) {
      throw new UsageError(`${(error as Error).message}\n\n${usage}`);
    }
    const { values, positionals } = parsed;
    if (positionals.length !== 1) throw new UsageError(`expected one input FILE, got ${positionals.length}\n\n${usage}`);
    const file = positionals[0];
    const out = values.out;
    if (!out) throw new UsageError(`--out is required\n\n${usage}`);
    const outFormat = /^\.(parquet|pq)$/i.test(extname(out)) ? 'parquet' : /^\.csv$/i.test(extname(out)) ? 'csv' : undefined;
    if (!outFormat) throw new UsageError(`--out must end in .parquet or .csv, got '${out}'`);

    const preset = values.preset === undefined ? undefined : findPreset(values.preset);
    if (values.preset !== undefined && !preset) {
      const known = PRESETS.map((p) => `  ${p.id.padEnd(16)} ${p.title}`).join('\n');
      throw new UsageError(`unknown preset '${values.preset}'. Known presets:\n${known || '  (none registered)'}`);
    }
    if (preset && values.map) throw new UsageError('--map cannot be combined with --preset: the preset does the mapping');
    await refuseOutputEqualToInput(out, [file]);
    await checkOutputTarget(out);

    let bytes: Uint8Array;
    try {
      const { size } = await stat(file);
      // Refuse before reading: a file over the limit would otherwise be read whole first.
      if (size > MAX_INPUT_BYTES) throw new UsageError(`${file}: is ${(size / 1024 ** 2).toFixed(1)} MiB, over the ${MAX_INPUT_BYTES / 1024 ** 3} GiB limit`);
      bytes = await readFile(file);
    } catch (error) {
      if (error instanceof UsageError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read: ${(error as Error).message}`);
    }
    let read: ReadRecordsResult;
    try {
      read = await readRecords(file, bytes, {
        origin: values.origin,
        preset,
        overrides: values.map ? parseMapSpec(values.map) : undefined,
        maxBytes: MAX_INPUT_BYTES,
      });
    } catch (error) {
      if (error instanceof TableParseError || error instanceof MappingError || error instanceof PresetError) {
        throw new UsageError(error.message);
      }
      throw error;
    }
    if (read.table.rows.length === 0) throw new UsageError(`${file}: has no data rows`);
    if (preset) io.out(`Preset ${preset.id}: ${preset.title}\n  ${preset.citation}`);
    if (read.mapping) io.out(`Columns of ${file}:\n  ${describeMapping(read.mapping).join('\n  ')}`);
    const result = read.validation;

    const total = result.records.length + result.invalidRows;
    if (result.problems.length > 0) {
      printProblems(io, result);
      io.err(read.rowNote);
      if (!values['skip-invalid']) {
        io.err(
          `${file}: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'} (${summarizeProblems(result.problems)}) ` +
            `in ${result.invalidRows} of ${total} rows; nothing written. Fix them, or pass --skip-invalid to write the ${result.records.length} valid rows.`,
        );
        return 1;
      }
    }
    if (result.records.length === 0) {
      io.err(`${file}: no valid rows; nothing written.`);
      return 1;
    }

    const columns = columnsForRecords(result.records);
    const output = outFormat === 'parquet'
      ? toParquet(columns, result.records)
      : new TextEncoder().encode(toCsv(columns.map((c) => c.name), result.records));
    await writeFileAtomic(out, output);
    const bySource = new Map<string, number>();
    for (const r of result.records) bySource.set(r.source, (bySource.get(r.source) ?? 0) + 1);
    const sources = [...bySource].map(([s, n]) => `${n} ${s}`).join(', ');
    io.out(`Wrote ${result.records.length} records (${sources}) with ${columns.length} columns to ${out}`);
    if (result.invalidRows > 0) {
      io.out(`Skipped ${result.invalidRows} of ${total} rows: ${summarizeProblems(result.problems)}`);
    }
    return 0;
  },
};

export default command;
