import { NEW_PUPIL_COLUMNS, newPupilCopyLine } from './imported-columns';

/** The line's values by column, read back as COPY's text format reads them. */
function columnsOf(line: string): Record<string, string | null> {
  const values = line
    .split('\t')
    .map((value) =>
      value === '\\N'
        ? null
        : value.replace(/\\(.)/g, (_, c: string) => ({ t: '\t', n: '\n', r: '\r', '\\': '\\' })[c] ?? c),
    );
  expect(values).toHaveLength(NEW_PUPIL_COLUMNS.length);
  return Object.fromEntries(NEW_PUPIL_COLUMNS.map((c, i) => [c.column, values[i]]));
}

describe("a new pupil's COPY line (the import's insert, P15)", () => {
  it('puts each field the file carried under its column, in the order of the staging table', () => {
    const line = newPupilCopyLine('A123456789012', {
      legalForename: 'Amy',
      legalSurname: "O'Brien",
      dateOfBirth: '2016-03-04',
      gender: 'F',
      yearGroup: '5',
      fsm: true,
      eal: false,
      entryDate: '2021-09-01',
      attendance: { possibleSessions: 300, attendedSessions: 281 },
    });
    expect(columnsOf(line)).toMatchObject({
      upn: 'A123456789012',
      legal_forename: 'Amy',
      legal_surname: "O'Brien",
      date_of_birth: '2016-03-04',
      gender: 'F',
      year_group: '5',
      fsm: 't',
      eal: 'f',
      entry_date: '2021-09-01',
      attendance_possible: '300',
      attendance_attended: '281',
    });
  });

  it('sends a field the file did not carry, or carried empty, as null (the insert gives the column its default)', () => {
    const columns = columnsOf(newPupilCopyLine('A123456789012', { legalForename: 'Amy', middleNames: null }));
    expect(columns).toMatchObject({
      middle_names: null,
      gender: null,
      sen_status: null,
      fsm: null,
      attendance_possible: null,
    });
  });

  it('escapes a backslash, tab, newline or carriage return, so a value can never start another column or row', () => {
    const name = 'A\\b\tc\nd\re';
    const line = newPupilCopyLine('A123456789012', { legalForename: name, legalSurname: '\\N' });
    expect(line).not.toMatch(/[\n\r]/);
    expect(columnsOf(line)).toMatchObject({ legal_forename: name, legal_surname: '\\N' });
  });

  it('has no column for SEN needs: a new pupil has no special-category consent (P16)', () => {
    expect(NEW_PUPIL_COLUMNS.map((c) => c.column)).not.toContain('sen_needs');
  });
});
