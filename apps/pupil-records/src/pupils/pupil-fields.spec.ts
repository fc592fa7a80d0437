import { checkPupilFields, crossFieldProblems, isCalendarDate } from './pupil-fields';
import { upnCheckLetter } from '@pt/contracts';

const rest = '801200026001';
const UPN = upnCheckLetter(rest) + rest;
const valid = { upn: UPN, legalForename: 'Amira', legalSurname: 'Khan', dateOfBirth: '2015-03-15', yearGroup: '7' };

describe('P14: the fields of a pupil record', () => {
  it('P14: accepts a valid record and normalises the UPN and the spacing of names', () => {
    const { fields, errors } = checkPupilFields(
      {
        ...valid,
        upn: ` ${UPN.toLowerCase().slice(0, 5)} ${UPN.slice(5).toLowerCase()}`,
        legalSurname: "  O'Brien  Smith ",
      },
      true,
    );
    expect(errors).toEqual([]);
    expect(fields).toMatchObject({ upn: UPN, legalSurname: "O'Brien Smith" });
  });

  it('P14: names each required field that is missing, once', () => {
    const { errors } = checkPupilFields({ upn: null, legalForename: 'A' } as never, true);
    expect(errors).toEqual([
      { field: 'upn', message: 'is required' },
      { field: 'legalSurname', message: 'is required' },
      { field: 'dateOfBirth', message: 'is required' },
      { field: 'yearGroup', message: 'is required' },
    ]);
  });

  it('P14: tells a wrong check letter from a malformed UPN', () => {
    const wrong = (UPN[0] === 'A' ? 'B' : 'A') + rest;
    expect(checkPupilFields({ upn: wrong }, false).errors).toEqual([
      { field: 'upn', message: 'has a check letter that does not match the rest of the UPN' },
    ]);
    expect(checkPupilFields({ upn: 'I801200026001' }, false).errors[0]).toMatchObject({ field: 'upn' });
    expect(checkPupilFields({ upn: '123' }, false).errors[0].message).toMatch(/^must be a UPN/);
  });

  it('P14: validates enumerations, dates, flags and attendance, naming the field of each problem', () => {
    const { errors } = checkPupilFields(
      {
        gender: 'X',
        ethnicity: 'WBR',
        yearGroup: '15',
        senStatus: 'statement',
        senNeeds: ['ASD', 'FOO'],
        fsm: 'yes',
        dateOfBirth: '2015-02-30',
        entryDate: 'soon',
        attendance: { possibleSessions: 10, attendedSessions: 12 },
        classGroupId: 'group-1',
        preferredForename: 'R2-D2',
      } as never,
      false,
    );
    expect(errors.map((e) => e.field).sort()).toEqual(
      [
        'attendance.attendedSessions',
        'classGroupId',
        'dateOfBirth',
        'entryDate',
        'ethnicity',
        'fsm',
        'gender',
        'preferredForename',
        'senNeeds.1',
        'senStatus',
        'yearGroup',
      ].sort(),
    );
  });

  it('P14: refuses attendance counts that are not whole numbers from 0 to 1000', () => {
    const { errors } = checkPupilFields(
      { attendance: { possibleSessions: -1, attendedSessions: 1.5 } } as never,
      false,
    );
    expect(errors).toEqual([
      { field: 'attendance.possibleSessions', message: 'must be a whole number from 0 to 1000' },
      { field: 'attendance.attendedSessions', message: 'must be a whole number from 0 to 1000' },
    ]);
  });

  it('P14: absent fields stay absent, null clears an optional one, and an empty SEN need list is none', () => {
    const { fields, errors } = checkPupilFields({ middleNames: null, senNeeds: [], ethnicity: null }, false);
    expect(errors).toEqual([]);
    expect(fields).toEqual({ middleNames: null, senNeeds: null, ethnicity: null });
  });

  it('P14: checks the rules between fields only when one of their fields changes', () => {
    const facts = { dateOfBirth: '2005-03-15', yearGroup: '7', entryDate: '2004-09-01', leavingDate: '2003-01-01' };
    expect(crossFieldProblems(facts, new Set(['fsm']), '2026-11-25')).toEqual([]);
    expect(crossFieldProblems(facts, new Set(['yearGroup', 'entryDate']), '2026-11-25').map((e) => e.field)).toEqual([
      'dateOfBirth',
      'entryDate',
      'leavingDate',
    ]);
    expect(
      crossFieldProblems({ ...facts, dateOfBirth: '2027-01-01' }, new Set(['dateOfBirth']), '2026-11-25')[0],
    ).toEqual({ field: 'dateOfBirth', message: 'must not be in the future' });
  });
});

describe('P14: isCalendarDate counts the days of a month by arithmetic exactly as Date.UTC did', () => {
  it('accepts and refuses the same days, leap years and years 0-99 (read as 1900-1999) included', () => {
    const byDate = (y: number, m: number, d: number) =>
      m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
    const pad = (n: number, width: number) => String(n).padStart(width, '0');
    for (const y of [0, 4, 50, 99, 100, 400, 1900, 1999, 2000, 2023, 2024, 2100, 9999]) {
      for (let m = 0; m <= 13; m++) {
        for (let d = 0; d <= 32; d++) {
          const text = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
          expect([text, isCalendarDate(text)]).toEqual([text, byDate(y, m, d)]);
        }
      }
    }
  });
});
