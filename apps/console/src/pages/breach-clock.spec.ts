import { breachClock, spanInWords } from './breach-clock';

describe('console: the breach clock in words (P23)', () => {
  const deadline = '2026-03-04T12:00:00.000Z';
  const at = (iso: string) => Date.parse(iso);

  it('says the time left in its two largest units, rounded down', () => {
    expect(breachClock(deadline, at('2026-03-01T12:00:00.000Z'))).toEqual({
      overdue: false,
      words: '3 days left to notify',
    });
    expect(breachClock(deadline, at('2026-03-02T06:30:00.000Z')).words).toBe('2 days 5 hours left to notify');
    expect(breachClock(deadline, at('2026-03-04T10:59:00.000Z')).words).toBe('1 hour 1 minute left to notify');
    expect(breachClock(deadline, at('2026-03-04T11:58:30.000Z')).words).toBe('1 minute left to notify');
    expect(breachClock(deadline, at('2026-03-04T11:59:30.000Z')).words).toBe('under a minute left to notify');
  });

  it('says how long ago the deadline passed once it has', () => {
    expect(breachClock(deadline, at(deadline))).toEqual({ overdue: true, words: 'Overdue by under a minute' });
    expect(breachClock(deadline, at('2026-03-04T15:00:00.000Z'))).toEqual({
      overdue: true,
      words: 'Overdue by 3 hours',
    });
    expect(breachClock(deadline, at('2026-03-06T13:00:00.000Z')).words).toBe('Overdue by 2 days 1 hour');
  });

  it('never says a negative span', () => {
    expect(spanInWords(-5000)).toBe('under a minute');
  });
});
