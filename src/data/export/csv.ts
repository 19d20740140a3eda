/**
 * CSV writing, RFC 4180: fields holding a comma, a double quote, a line break or edge spaces are
 * quoted, quotes doubled; null and undefined are empty fields; lines end in CRLF.
 * A dozen lines, so written here rather than pulled through papaparse's unparse options (whose
 * escapeFormulae does not let a re-import give back the original text).
 */
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/**
 * Formula-injection guard (OWASP "CSV Injection"): a text cell a spreadsheet would run as a
 * formula (starting with = + - @ tab or CR) gets a leading single quote and is quoted. A text
 * that already starts with quotes before such a character gets one more, so that
 * unguardCsvCell, which Perfcast's CSV reader applies, gives back exactly the original text.
 * Numbers, and text that is just a decimal number such as "-5", are left alone.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;
const GUARDED = /^'+[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

export function needsFormulaGuard(text: string): boolean {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text);
}

/** The cell text as written: guarded (see needsFormulaGuard) and RFC 4180 quoted where needed. */
export function csvCellText(text: string): string {
  if (needsFormulaGuard(text)) return `"'${text.replace(/"/g, '""')}"`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Undoes csvCellText's guard: one leading quote off a cell that starts with quotes and then = + - @ tab or CR. */
export function unguardCsvCell(text: string): string {
  return text.charCodeAt(0) === 39 && GUARDED.test(text) ? text.slice(1) : text;
}

function cell(value: unknown): string {
  // typeof 'function': an inherited member read through a column named like 'constructor'.
  if (value === null || value === undefined || typeof value === 'function') return '';
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number') text = Number.isFinite(value) ? String(value) : '';
  else if (value instanceof Date) text = value.toISOString();
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value);
  return csvCellText(text);
}

export function toCsv(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  const lines = new Array<string>(rows.length + 1);
  lines[0] = columns.map(cell).join(',');
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    let line = '';
    for (let c = 0; c < columns.length; c++) line += (c === 0 ? '' : ',') + cell(row[columns[c]]);
    // A one-column row whose value is empty would be a blank line, which readers skip.
    lines[r + 1] = line === '' && columns.length === 1 ? '""' : line;
  }
  return `${lines.join('\r\n')}\r\n`;
}
