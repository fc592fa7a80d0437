import { addCalendarMonths, daysBetween, dueDateFor, extendedDueDate, isCalendarDate, utcToday } from './due-date';

describe('rights request due dates (ICO calendar-month rule)', () => {
  it('P21: received 31 January is due on the last day of February (28th in a common year)', () => {
    expect(dueDateFor('2027-01-31')).toBe('2027-02-28');
  });

  it('P21: received 31 January in a leap year is due 29 February', () => {
    expect(dueDateFor('2028-01-31')).toBe('2028-02-29');
  });

  it('P21: received 30 January is due on the last day of February when it has no 30th', () => {
    expect(dueDateFor('2027-01-30')).toBe('2027-02-28');
    expect(dueDateFor('2028-01-30')).toBe('2028-02-29');
    expect(dueDateFor('2028-01-29')).toBe('2028-02-29');
    expect(dueDateFor('2027-01-28')).toBe('2027-02-28');
  });

  it('P21: the received day counts as day one: due on the corresponding date of the next month', () => {
    expect(dueDateFor('2026-03-15')).toBe('2026-04-15');
    expect(dueDateFor('2026-03-31')).toBe('2026-04-30');
    expect(dueDateFor('2026-12-31')).toBe('2027-01-31');
    expect(dueDateFor('2026-02-28')).toBe('2026-03-28');
  });

  it('P21: an extension adds one or two further months to the original due date by the same rule', () => {
    expect(extendedDueDate('2026-04-30', 2)).toBe('2026-06-30');
    expect(extendedDueDate('2026-04-30', 1)).toBe('2026-05-30');
    expect(extendedDueDate('2027-02-28', 1)).toBe('2027-03-28');
    expect(extendedDueDate('2026-12-31', 2)).toBe('2027-02-28');
    expect(addCalendarMonths('2026-11-30', 3)).toBe('2027-02-28');
  });

  it('accepts only real calendar dates', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2027-02-29')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(isCalendarDate('2026-1-01')).toBe(false);
    expect(() => dueDateFor('2026-02-30')).toThrow();
  });

  it('counts whole days and takes today in UTC', () => {
    expect(daysBetween('2026-11-25', '2026-12-25')).toBe(30);
    expect(daysBetween('2026-03-01', '2026-02-27')).toBe(-2);
    expect(utcToday(new Date('2026-11-25T23:59:59Z'))).toBe('2026-11-25');
  });
});
