/**
 * Cells of a file a spreadsheet may open (CSV exports), written once for every export.
 *
 * A spreadsheet runs a cell that begins with `=`, `+`, `-` or `@` as a formula, and some
 * treat a leading tab or carriage return the same way (CSV injection: `=HYPERLINK(…)`
 * sending data away, `=cmd|' /C calc'!A0` through DDE). OWASP's advice: begin such a cell
 * with a single quote, so the spreadsheet shows it as text, and quote the cell as RFC 4180
 * requires. The fullwidth forms (＝ ＋ － ＠) are included because some spreadsheets fold
 * them to their ASCII forms before deciding.
 *
 * A cell that is exactly a number (`-12`, `+3.5`, `1e3`) is left alone: a spreadsheet reads
 * it as that number and runs nothing, and prefixing it would turn a balance of -12 into
 * text that no longer sums.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const NEEDS_QUOTES = /[",\r\n]/;

/** The text of a cell as a spreadsheet will show it, never a formula. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** One CSV cell: null and undefined are empty; text is neutralised, then quoted when it must be. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  const text = neutraliseFormula(String(value));
  return NEEDS_QUOTES.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV document (CRLF line ends, as RFC 4180 writes them): a header line, then one line per row. */
export function csvDocument<T>(
  columns: ReadonlyArray<readonly [header: string, value: (row: T) => unknown]>,
  rows: Iterable<T>,
): string {
  const lines = [columns.map(([header]) => csvCell(header)).join(',')];
  for (const row of rows) lines.push(columns.map(([, value]) => csvCell(value(row))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
