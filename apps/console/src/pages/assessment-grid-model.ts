// The assessment grid's rules without React or the DOM, so the unit project tests them: a
// spreadsheet paste turned into cell edits, the API's per-cell errors put back on the cells
// they name, the keyboard's moves between cells, and the value check the API makes (repeated
// here so a wrong grade shows before Save; the API stays the judge).
import type { FieldError } from '@pt/contracts/bus-error';
import type { GradeScaleView } from '@pt/contracts/assessment/frameworks';
import type { ResultCellInput } from '@pt/contracts/assessment/results';

export interface CellPosition {
  row: number;
  col: number;
}

export interface GridSize {
  rows: number;
  cols: number;
}

export interface CellEdit extends CellPosition {
  value: string;
}

/** A cell's key in the grid's maps: the pupil and the measure it holds. */
export const cellKey = (pupilId: string, measureId: string) => `${pupilId}/${measureId}`;

/**
 * Tab-separated text as a spreadsheet puts it on the clipboard: rows by line, cells by tab.
 * A cell in double quotes (how Excel and LibreOffice copy a cell holding a tab, a line break
 * or a quote) is read with its quotes undone; the line break that ends the last row is not a row.
 */
export function parseTsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let atCellStart = true;
  while (i < text.length) {
    const c = text[i];
    if (atCellStart && c === '"') {
      // A quoted cell: up to the quote not doubled.
      let j = i + 1;
      let quoted = '';
      let closed = false;
      while (j < text.length) {
        if (text[j] === '"') {
          if (text[j + 1] === '"') {
            quoted += '"';
            j += 2;
            continue;
          }
          closed = true;
          j += 1;
          break;
        }
        quoted += text[j];
        j += 1;
      }
      if (closed && (j === text.length || text[j] === '\t' || text[j] === '\n' || text[j] === '\r')) {
        cell = quoted;
        i = j;
        atCellStart = false;
        continue;
      }
      // Not a well-formed quoted cell: the quote is text.
    }
    atCellStart = false;
    if (c === '\t') {
      row.push(cell);
      cell = '';
      atCellStart = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      atCellStart = true;
    } else {
      cell += c;
    }
    i += 1;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/**
 * The edits a paste makes, its top left at the focused cell; what falls beyond the grid's
 * last row or column is counted, not written, so the page can say so. Values are trimmed
 * (spreadsheets pad numbers), and cells the `writable` test refuses are skipped and counted.
 */
export function pasteEdits(
  text: string,
  origin: CellPosition,
  size: GridSize,
  writable: (position: CellPosition) => boolean = () => true,
): { edits: CellEdit[]; outside: number; skipped: number } {
  const edits: CellEdit[] = [];
  let outside = 0;
  let skipped = 0;
  parseTsv(text).forEach((values, r) => {
    values.forEach((value, c) => {
      const row = origin.row + r;
      const col = origin.col + c;
      if (row >= size.rows || col >= size.cols) outside += 1;
      else if (!writable({ row, col })) skipped += 1;
      else edits.push({ row, col, value: value.trim() });
    });
  });
  return { edits, outside, skipped };
}

/** Whether a paste is more than one value (else the input takes it as typing). */
export const isGridPaste = (text: string) => /[\t\n\r]/.test(text.replace(/[\r\n]+$/, ''));

export interface NavigationState extends CellPosition {
  /** Typing has started in the cell: left and right move the caret, not the focus. */
  editing: boolean;
}

export interface NavigationKey {
  key: string;
  shiftKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

/**
 * What a key does in the grid. `handled` false leaves the key to the browser: typing, the
 * caret while editing, and Tab out of the grid's first or last cell (so the grid is never a
 * keyboard trap). Up, down and Enter move by row, Tab by cell along the rows, Home and End to
 * the row's ends (with Ctrl, the grid's); left and right move by cell unless editing. Any
 * move ends editing; a printable key starts it.
 */
export function navigate(
  state: NavigationState,
  event: NavigationKey,
  size: GridSize,
): { state: NavigationState; handled: boolean } {
  const at = (row: number, col: number) => ({
    state: {
      row: Math.max(0, Math.min(size.rows - 1, row)),
      col: Math.max(0, Math.min(size.cols - 1, col)),
      editing: false,
    },
    handled: true,
  });
  const { row, col } = state;
  switch (event.key) {
    case 'ArrowUp':
      return at(row - 1, col);
    case 'ArrowDown':
      return at(row + 1, col);
    case 'Enter':
      return at(row + (event.shiftKey ? -1 : 1), col);
    case 'ArrowLeft':
      return state.editing ? { state, handled: false } : at(row, col - 1);
    case 'ArrowRight':
      return state.editing ? { state, handled: false } : at(row, col + 1);
    case 'Home':
      if (state.editing && !event.ctrlKey) return { state, handled: false };
      return event.ctrlKey ? at(0, 0) : at(row, 0);
    case 'End':
      if (state.editing && !event.ctrlKey) return { state, handled: false };
      return event.ctrlKey ? at(size.rows - 1, size.cols - 1) : at(row, size.cols - 1);
    case 'Tab': {
      const index = row * size.cols + col + (event.shiftKey ? -1 : 1);
      if (index < 0 || index >= size.rows * size.cols) return { state: { ...state, editing: false }, handled: false };
      return at(Math.floor(index / size.cols), index % size.cols);
    }
    case 'F2':
      return { state: { ...state, editing: true }, handled: true };
  }
  const printable = event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey;
  if (printable && !state.editing) return { state: { ...state, editing: true }, handled: false };
  return { state, handled: false };
}

export interface GridCellError extends CellPosition {
  message: string;
}

/**
 * Puts a grid save's field errors on the cells they name. The API names a cell by its place
 * in the request (`cells[3].value`, or `cells.3.value` from the gateway's own checks), so
 * `sent` is the request's cells in order and `position` finds each one in the grid. Errors
 * naming no cell (the whole list, or a cell no longer shown) are returned apart.
 */
export function cellErrorsFrom(
  errors: readonly FieldError[],
  sent: readonly ResultCellInput[],
  position: (cell: ResultCellInput) => CellPosition | null,
): { cells: GridCellError[]; other: FieldError[] } {
  const cells: GridCellError[] = [];
  const other: FieldError[] = [];
  const taken = new Set<string>();
  for (const error of errors) {
    const match = /^cells(?:\[(\d+)\]|\.(\d+))(?:\.(\w+))?$/.exec(error.field);
    const cell = match ? sent[Number(match[1] ?? match[2])] : undefined;
    const at = cell ? position(cell) : null;
    if (!at) {
      other.push(error);
      continue;
    }
    // One message a cell: the first the API gave (the value's, usually).
    const key = `${at.row}/${at.col}`;
    if (taken.has(key)) continue;
    taken.add(key);
    cells.push({ ...at, message: cellMessage(error.message, match?.[3] === 'pupilId' ? 'This pupil' : 'The result') });
  }
  return { cells, other };
}

/** The API's phrase ("must be a grade code…") as a sentence of its own beside the cell. */
export function cellMessage(message: string, subject = 'The result'): string {
  const text = message.trim() || 'is not valid';
  const sentence = /^(must|is|repeats)\b/.test(text)
    ? `${subject} ${text}`
    : text.replace(/^./, (c) => c.toUpperCase());
  return sentence.endsWith('.') ? sentence : `${sentence}.`;
}

/**
 * The API's check of a value against a measure's scale (apps/assessment results/result-value.ts),
 * in words that also say what would do: null when the value passes. Blank passes here (a
 * blank cell is not sent); the page says when a blank would remove a saved result.
 */
export function checkValue(scale: GradeScaleView | undefined, raw: string): string | null {
  const value = raw.trim();
  if (!value || !scale) return null;
  if (scale.kind === 'range' && scale.range) {
    const { min, max } = scale.range;
    if (!/^-?\d{1,9}(\.\d{1,4})?$/.test(value)) return `The result must be a number from ${min} to ${max}.`;
    const n = Number(value);
    if (n < min || n > max) return `The result must be a number from ${min} to ${max}.`;
    return null;
  }
  if (scale.grades.some((grade) => grade.code === value)) return null;
  const codes = scale.grades.map((grade) => grade.code);
  const near = scale.grades.find((grade) => grade.code.toLowerCase() === value.toLowerCase());
  if (near) return `The result must be written "${near.code}" (grade codes are exact).`;
  return `The result must be one of the scale's grade codes: ${codes.join(', ')}.`;
}
