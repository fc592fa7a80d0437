import { acceptedAgeRange, ageOn, ageReferenceDate, yearGroupAgeProblem } from './year-group-age';

describe('P14: date of birth against year group', () => {
  const today = '2026-11-25';

  it('takes ages on 31 August before the academic year that today falls in', () => {
    expect(ageReferenceDate('2026-11-25')).toBe('2026-08-31');
    expect(ageReferenceDate('2026-09-01')).toBe('2026-08-31');
    expect(ageReferenceDate('2026-08-31')).toBe('2025-08-31');
    expect(ageReferenceDate('2027-07-20')).toBe('2026-08-31');
  });

  it('counts whole years, a birthday on the reference day included', () => {
    expect(ageOn('2015-08-31', '2026-08-31')).toBe(11);
    expect(ageOn('2015-09-01', '2026-08-31')).toBe(10);
    expect(ageOn('2016-02-29', '2026-08-31')).toBe(10);
  });

  it('P14: accepts a pupil of the typical age for the year group (year 7: 11 on 31 August)', () => {
    expect(yearGroupAgeProblem('2015-03-10', '7', today)).toBeNull();
    expect(yearGroupAgeProblem('2014-09-01', '7', today)).toBeNull();
    expect(yearGroupAgeProblem('2021-06-01', 'R', today)).toBeNull();
    expect(yearGroupAgeProblem('2023-01-15', 'N', today)).toBeNull();
    expect(yearGroupAgeProblem('2008-10-01', '13', today)).toBeNull();
  });

  it('P14: accepts two years either side of the typical ages (held back, accelerated)', () => {
    expect(acceptedAgeRange('7', today)).toEqual({ minAge: 9, maxAge: 14, onDate: '2026-08-31' });
    expect(acceptedAgeRange('N', today)).toEqual({ minAge: 0, maxAge: 6, onDate: '2026-08-31' });
    expect(acceptedAgeRange('R', today)).toEqual({ minAge: 2, maxAge: 7, onDate: '2026-08-31' });
    expect(acceptedAgeRange('14', today)).toEqual({ minAge: 16, maxAge: 21, onDate: '2026-08-31' });
    expect(yearGroupAgeProblem('2017-08-31', '7', today)).toBeNull(); // 9 on the reference day
    expect(yearGroupAgeProblem('2011-09-01', '7', today)).toBeNull(); // 14
  });

  it('P14: rejects a date of birth far outside the range, naming the accepted ages and not the date', () => {
    const problem = yearGroupAgeProblem('2005-03-10', '7', today);
    expect(problem).toBe(
      'does not fit year 7: pupils in year 7 are aged 9 to 14 on 2026-08-31 (the start of the academic year); ' +
        'check the date of birth and the year group',
    );
    expect(problem).not.toContain('2005');
    expect(yearGroupAgeProblem('2017-09-01', '7', today)).toMatch(/year 7/); // 8: one day too young
    expect(yearGroupAgeProblem('2011-08-31', '7', today)).toMatch(/year 7/); // 15
    expect(yearGroupAgeProblem('2010-01-01', 'R', today)).toMatch(/^does not fit reception/);
    expect(yearGroupAgeProblem('2015-01-01', 'N', today)).toMatch(/^does not fit nursery/);
  });
});

describe('ageOn and ageReferenceDate read the dates as text as they read them split into numbers', () => {
  it('gives the same ages over birthdays either side of the date, month ends and leap days', () => {
    const split = (dob: string, on: string) => {
      const [by, bm, bd] = dob.split('-').map(Number);
      const [y, m, d] = on.split('-').map(Number);
      return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
    };
    const days = ['01-01', '02-28', '02-29', '03-01', '08-30', '08-31', '09-01', '12-31'];
    for (const dob of ['2012', '2016', '2019'].flatMap((y) => days.map((d) => `${y}-${d}`))) {
      for (const on of ['2025', '2026'].flatMap((y) => days.map((d) => `${y}-${d}`))) {
        expect([dob, on, ageOn(dob, on)]).toEqual([dob, on, split(dob, on)]);
      }
    }
    expect(ageReferenceDate('2026-08-31')).toBe('2025-08-31');
    expect(ageReferenceDate('2026-09-01')).toBe('2026-08-31');
    expect(ageReferenceDate('2027-01-15')).toBe('2026-08-31');
  });
});
