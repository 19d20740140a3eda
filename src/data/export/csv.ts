/**
 * CSV writing, RFC 4180: fields holding a comma, a double quote, a line break or edge spaces are
 * quoted, quotes doubled; null and undefined are empty fields; lines end in CRLF.
 * A dozen lines, so written here rather than pulled through papaparse's unparse options.
 */
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

function cell(value: unknown): string {
  // typeof 'function': an inherited member read through a column named like 'constructor'.
  if (value === null || value === undefined || typeof value === 'function') return '';
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number') text = Number.isFinite(value) ? String(value) : '';
  else if (value instanceof Date) text = value.toISOString();
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
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
