import { canExtend, dateInWords, daysBetween, rightsClock, utcDate } from './rights-clock';

describe('console: the rights register clock in words (P21)', () => {
  const open = { status: 'open' as const, dueOn: '2027-02-28', extendedTo: null };

  it('counts whole calendar days to the due date, and says so', () => {
    expect(rightsClock(open, '2027-01-31')).toEqual({
      tone: 'running',
      words: '28 days left',
      daysLeft: 28,
      dueOn: '2027-02-28',
    });
    expect(rightsClock(open, '2027-02-27').words).toBe('1 day left');
  });

  it('marks the last week as due soon, and the day itself as due today', () => {
    expect(rightsClock(open, '2027-02-20').tone).toBe('running');
    expect(rightsClock(open, '2027-02-21')).toMatchObject({ tone: 'due-soon', words: '7 days left' });
    expect(rightsClock(open, '2027-02-28')).toMatchObject({ tone: 'due-soon', words: 'Due today', daysLeft: 0 });
  });

  it('says how many days overdue an open request is once its due date has passed', () => {
    expect(rightsClock(open, '2027-03-01')).toMatchObject({ tone: 'overdue', words: 'Overdue by 1 day', daysLeft: -1 });
    expect(rightsClock(open, '2027-03-10')).toMatchObject({ tone: 'overdue', words: 'Overdue by 10 days' });
  });

  it('counts to the extended date once extended', () => {
    const extended = { ...open, extendedTo: '2027-04-28' };
    expect(rightsClock(extended, '2027-03-10')).toMatchObject({
      tone: 'running',
      words: '49 days left',
      dueOn: '2027-04-28',
    });
  });

  it('stops the clock once completed, however late', () => {
    expect(rightsClock({ ...open, status: 'completed' }, '2027-05-01')).toEqual({
      tone: 'completed',
      words: 'Completed',
      daysLeft: null,
      dueOn: '2027-02-28',
    });
  });

  it('allows one extension while open, on or before the original due date', () => {
    expect(canExtend(open, '2027-02-28')).toBe(true);
    expect(canExtend(open, '2027-03-01')).toBe(false);
    expect(canExtend({ ...open, extendedTo: '2027-03-28' }, '2027-02-01')).toBe(false);
    expect(canExtend({ ...open, status: 'completed' }, '2027-02-01')).toBe(false);
  });

  it('counts across a change of clocks and years without drift, in UTC', () => {
    expect(daysBetween('2027-03-27', '2027-03-29')).toBe(2);
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1);
    expect(utcDate(Date.parse('2027-03-28T23:30:00.000Z'))).toBe('2027-03-28');
    expect(dateInWords('2027-02-28')).toBe('28 Feb 2027');
  });
});
