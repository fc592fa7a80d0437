import { isAcademicYear } from '@pt/contracts';
import { isCalendarDate } from './calendar-date';

describe('the dates and years a framework is given', () => {
  it('a point date is a real calendar date', () => {
    expect(isCalendarDate('2026-11-30')).toBe(true);
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2027-02-29')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(isCalendarDate('30/11/2026')).toBe(false);
  });

  it('an academic year is YYYY/YY with the second year following the first', () => {
    expect(isAcademicYear('2026/27')).toBe(true);
    expect(isAcademicYear('2099/00')).toBe(true);
    expect(isAcademicYear('2026/28')).toBe(false);
    expect(isAcademicYear('2026-27')).toBe(false);
    expect(isAcademicYear(2026)).toBe(false);
  });
});
