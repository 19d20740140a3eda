import { open, readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { UsageError, type Command } from '../command.ts';
import { quoteIdent, quoteLiteral } from '../../core/sql.ts';
import type { ColumnInfo, Connector, QueryResult, Row } from '../../data/connector.ts';
import { createNodeConnector } from '../../data/node-connector.ts';
import { detectFormat, parseTable, TableParseError } from '../../data/parse/parse-table.ts';

const usage = `Usage: perfcast query FILE "SQL" [--json]

Loads FILE (.parquet, .csv, .tsv, .json or .jsonl) as the table 'records' in an in-memory DuckDB
and runs SQL on it. Parquet is read by DuckDB; CSV and JSON (an array of objects, {"records": [...]},
or JSON Lines) by Perfcast's own reader, which refuses a ragged CSV (a row with more or fewer
fields than the header) with its line instead of guessing. A column is DOUBLE where every
non-empty value is a number, VARCHAR otherwise.

Options:
  --json      print the result as a JSON array of objects instead of a text table

Example:
  perfcast query results.parquet "SELECT hardware, median(latency_ms) FROM records GROUP BY ALL"`;

const MAX_CELL = 60;

async function readHead(file: string): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const head = new Uint8Array(64);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

function isEmpty(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

function isNumeric(v: unknown): boolean {
  return (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && DECIMAL.test(v.trim()));
}

/**
 * CSV and JSON rows into a table through Perfcast's reader (DuckDB's read_csv guesses the
 * header and the dialect, and on a ragged file silently takes the wrong row as the header):
 * a column is DOUBLE where every non-empty value is a number, VARCHAR otherwise.
 */
async function loadParsed(db: Connector, file: string): Promise<void> {
  const table = await parseTable(file, await readFile(file));
  const columns: ColumnInfo[] = table.columns.map((name) => {
    const numeric = table.rows.every((r) => isEmpty(r[name]) || isNumeric(r[name])) && table.rows.some((r) => !isEmpty(r[name]));
    return { name, type: numeric ? 'DOUBLE' : 'VARCHAR' };
  });
  if (columns.length === 0) throw new UsageError(`${file}: has no columns`);
  await db.exec(`CREATE TABLE records (${columns.map((c) => `${quoteIdent(c.name)} ${c.type}`).join(', ')})`);
  const rows: Row[] = table.rows.map((r) => {
    const row: Row = {};
    for (const c of columns) {
      const v = r[c.name];
      if (c.type === 'DOUBLE') row[c.name] = isEmpty(v) ? null : Number(typeof v === 'string' ? v.trim() : v);
      // An empty CSV cell is a missing value (as DuckDB's reader has it); a JSON "" is a string.
      else if (v === null || v === undefined || (table.format === 'csv' && isEmpty(v))) row[c.name] = null;
      else row[c.name] = typeof v === 'object' ? JSON.stringify(v) : String(v);
    }
    return row;
  });
  await db.insertRows('records', columns, rows);
}

async function loadFile(db: Connector, file: string): Promise<void> {
  let head: Uint8Array;
  try {
    head = await readHead(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read: ${(error as Error).message}`);
  }
  if (head.length === 0) throw new UsageError(`${file}: is empty`);
  const format = detectFormat(file, head);
  const path = quoteLiteral(file);
  if (format === 'parquet') await db.exec(`CREATE VIEW records AS SELECT * FROM read_parquet(${path})`);
  else await loadParsed(db, file);
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  const text = typeof value === 'string' ? value : String(value);
  const oneLine = text.replace(/\r?\n/g, '\\n');
  return oneLine.length > MAX_CELL ? `${oneLine.slice(0, MAX_CELL - 3)}...` : oneLine;
}

/** Columns padded to their widest cell; numbers right-aligned as a reader compares them. */
export function formatTable(result: QueryResult): string {
  const names = result.columns.map((c) => c.name);
  const cells = result.rows.map((row) => names.map((n) => cellText(row[n])));
  const numeric = names.map((n) => result.rows.some((r) => typeof r[n] === 'number') && result.rows.every((r) => r[n] === null || typeof r[n] === 'number'));
  const widths = names.map((n, i) => Math.max(n.length, ...cells.map((row) => row[i].length)));
  const line = (values: string[]) => values.map((v, i) => (numeric[i] ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join('  ').trimEnd();
  const out = [line(names), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)];
  out.push(`(${result.rows.length} row${result.rows.length === 1 ? '' : 's'})`);
  return out.join('\n');
}

const command: Command = {
  name: 'query',
  summary: 'run SQL on a Parquet, CSV or JSON file loaded as the table records',
  usage,
  async run(argv, io) {
    let parsed;
    try {
      parsed = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
    } catch (error) {
      throw new UsageError(`${(error as Error).message}\n\n${usage}`);
    }
    const { values, positionals } = parsed;
    if (positionals.length !== 2) throw new UsageError(`expected FILE and SQL, got ${positionals.length} arguments\n\n${usage}`);
    const [file, sql] = positionals;
    const db = await createNodeConnector();
    try {
      try {
        await loadFile(db, file);
      } catch (error) {
        if (error instanceof UsageError) throw error;
        if (error instanceof TableParseError) throw new UsageError(error.message);
        throw new UsageError(`${file}: cannot load: ${(error as Error).message}`);
      }
      let result: QueryResult;
      try {
        result = await db.query(sql);
      } catch (error) {
        io.err(`perfcast query: ${(error as Error).message}`);
        return 1;
      }
      io.out(values.json ? JSON.stringify(result.rows, null, 2) : formatTable(result));
      return 0;
    } finally {
      await db.close();
    }
  },
};

export default command;
