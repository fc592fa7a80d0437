import type { GradeScaleView } from '@pt/contracts/assessment/frameworks';
import {
  cellErrorsFrom,
  cellMessage,
  checkValue,
  isGridPaste,
  navigate,
  parseTsv,
  pasteEdits,
  type NavigationState,
} from './assessment-grid-model';

const size = { rows: 3, cols: 4 };
const at = (row: number, col: number, editing = false): NavigationState => ({ row, col, editing });

describe('console: assessment grid', () => {
  describe('pasting from a spreadsheet', () => {
    it('reads rows by line and cells by tab, CRLF or LF, without a row for the last line break', () => {
      expect(parseTsv('EXS\tWTS\r\nGDS\t\r\n')).toEqual([
        ['EXS', 'WTS'],
        ['GDS', ''],
      ]);
      expect(parseTsv('104\n98')).toEqual([['104'], ['98']]);
    });

    it('undoes the quotes a spreadsheet puts round a cell holding a tab, a line break or a quote', () => {
      expect(parseTsv('"a\tb"\t"say ""hi"""\n"two\nlines"\tx\n')).toEqual([
        ['a\tb', 'say "hi"'],
        ['two\nlines', 'x'],
      ]);
      expect(parseTsv('5" tall\tx')).toEqual([['5" tall', 'x']]);
    });

    it('makes edits from the focused cell, trimmed, counting what falls outside the grid or on read-only cells', () => {
      const { edits, outside, skipped } = pasteEdits(
        ' EXS \tWTS\tGDS\nA\tB\tC\n',
        { row: 2, col: 2 },
        size,
        ({ col }) => col !== 3,
      );
      expect(edits).toEqual([{ row: 2, col: 2, value: 'EXS' }]);
      expect(skipped).toBe(1); // WTS on the read-only column 3
      expect(outside).toBe(4); // GDS beyond the last column, and the whole second row
    });

    it('treats one value as typing and tabs or lines as a grid', () => {
      expect(isGridPaste('EXS')).toBe(false);
      expect(isGridPaste('EXS\n')).toBe(false);
      expect(isGridPaste('EXS\tWTS')).toBe(true);
      expect(isGridPaste('EXS\nWTS')).toBe(true);
    });
  });

  describe('moving with the keyboard', () => {
    it('moves by arrows, Enter down and Shift+Enter up, staying inside the grid', () => {
      expect(navigate(at(1, 1), { key: 'ArrowDown' }, size)).toEqual({ state: at(2, 1), handled: true });
      expect(navigate(at(2, 1), { key: 'ArrowDown' }, size).state).toEqual(at(2, 1));
      expect(navigate(at(1, 1), { key: 'Enter' }, size).state).toEqual(at(2, 1));
      expect(navigate(at(1, 1), { key: 'Enter', shiftKey: true }, size).state).toEqual(at(0, 1));
      expect(navigate(at(0, 0), { key: 'ArrowLeft' }, size).state).toEqual(at(0, 0));
      expect(navigate(at(0, 0), { key: 'ArrowRight' }, size).state).toEqual(at(0, 1));
    });

    it('Tab goes along the row and on to the next, and leaves the grid from its last cell', () => {
      expect(navigate(at(0, 3), { key: 'Tab' }, size).state).toEqual(at(1, 0));
      expect(navigate(at(1, 0), { key: 'Tab', shiftKey: true }, size).state).toEqual(at(0, 3));
      expect(navigate(at(2, 3), { key: 'Tab' }, size).handled).toBe(false);
      expect(navigate(at(0, 0), { key: 'Tab', shiftKey: true }, size).handled).toBe(false);
    });

    it('typing starts editing, where left, right, Home and End move the caret; a move ends it', () => {
      const typed = navigate(at(1, 1), { key: 'E' }, size);
      expect(typed).toEqual({ state: at(1, 1, true), handled: false });
      expect(navigate(typed.state, { key: 'ArrowLeft' }, size).handled).toBe(false);
      expect(navigate(typed.state, { key: 'Home' }, size).handled).toBe(false);
      expect(navigate(typed.state, { key: 'ArrowDown' }, size).state).toEqual(at(2, 1));
      expect(navigate(at(1, 1), { key: 'c', ctrlKey: true }, size)).toEqual({ state: at(1, 1), handled: false });
      expect(navigate(at(1, 1), { key: 'F2' }, size).state.editing).toBe(true);
    });

    it('Home and End go to the row ends, with Ctrl to the grid corners', () => {
      expect(navigate(at(1, 2), { key: 'Home' }, size).state).toEqual(at(1, 0));
      expect(navigate(at(1, 2), { key: 'End' }, size).state).toEqual(at(1, 3));
      expect(navigate(at(1, 2), { key: 'End', ctrlKey: true }, size).state).toEqual(at(2, 3));
      expect(navigate(at(1, 2), { key: 'Home', ctrlKey: true }, size).state).toEqual(at(0, 0));
    });
  });

  describe("the API's per-cell errors", () => {
    const sent = [
      { pupilId: 'p1', measureId: 'm1', value: 'EXS' },
      { pupilId: 'p1', measureId: 'm2', value: 'XX' },
      { pupilId: 'p2', measureId: 'm1', value: '200' },
    ];
    const position = (cell: { pupilId: string; measureId: string }) =>
      cell.pupilId === 'p2' && cell.measureId === 'm2'
        ? null
        : { row: cell.pupilId === 'p1' ? 0 : 1, col: cell.measureId === 'm1' ? 0 : 1 };

    it('puts each error on the cell its index names, in either spelling, one message a cell', () => {
      const { cells, other } = cellErrorsFrom(
        [
          { field: 'cells[1].value', message: 'must be a grade code of the measure’s scale' },
          { field: 'cells.2.value', message: 'must be between 80 and 120' },
          { field: 'cells[2].comment', message: 'must be text' },
        ],
        sent,
        position,
      );
      expect(cells).toEqual([
        { row: 0, col: 1, message: 'The result must be a grade code of the measure’s scale.' },
        { row: 1, col: 0, message: 'The result must be between 80 and 120.' },
      ]);
      expect(other).toEqual([]);
    });

    it('keeps errors naming no shown cell apart', () => {
      const { cells, other } = cellErrorsFrom(
        [
          { field: 'cells', message: 'must be a non-empty list' },
          { field: 'cells[9].value', message: 'must not be empty' },
          { field: 'cells[0].pupilId', message: 'is not a pupil of yours' },
        ],
        sent,
        position,
      );
      expect(cells).toEqual([{ row: 0, col: 0, message: 'This pupil is not a pupil of yours.' }]);
      expect(other.map((e) => e.field)).toEqual(['cells', 'cells[9].value']);
    });

    it('turns phrases into sentences and keeps sentences', () => {
      expect(cellMessage('must not be empty')).toBe('The result must not be empty.');
      expect(cellMessage('Not allowed.')).toBe('Not allowed.');
    });
  });

  describe('checking a value against the scale before Save', () => {
    const grades: GradeScaleView = {
      id: 's1',
      name: 'KS1',
      kind: 'grades',
      range: null,
      templateKey: null,
      grades: [
        { code: 'WTS', label: 'Working towards', points: 1, band: 'towards' },
        { code: 'EXS', label: 'Expected', points: 2, band: 'expected' },
      ],
    };
    const range: GradeScaleView = {
      id: 's2',
      name: 'Scaled',
      kind: 'range',
      grades: [],
      templateKey: null,
      range: { min: 80, max: 120, expected: 100, high: 110 },
    };

    it('passes a code of the scale and a number in range, and blank', () => {
      expect(checkValue(grades, 'EXS')).toBeNull();
      expect(checkValue(grades, ' WTS ')).toBeNull();
      expect(checkValue(range, '104.5')).toBeNull();
      expect(checkValue(range, '')).toBeNull();
    });

    it('says what would do', () => {
      expect(checkValue(grades, 'GDS')).toBe("The result must be one of the scale's grade codes: WTS, EXS.");
      expect(checkValue(grades, 'exs')).toMatch(/written "EXS"/);
      expect(checkValue(range, '121')).toBe('The result must be a number from 80 to 120.');
      expect(checkValue(range, 'abc')).toBe('The result must be a number from 80 to 120.');
    });
  });
});
