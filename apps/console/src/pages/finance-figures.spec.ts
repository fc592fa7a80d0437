import { agedDebtBars, barShares, formatDay, formatPence, lifecycleWords } from './finance-figures';

describe('console: finance figures', () => {
  it('shows pence as pounds, with thousands and a minus for credit', () => {
    expect(formatPence(0)).toBe('£0.00');
    expect(formatPence(123450)).toBe('£1,234.50');
    expect(formatPence(5)).toBe('£0.05');
    expect(formatPence(-2500)).toBe('-£25.00');
  });

  it('shows a day as itself, whatever the time zone', () => {
    expect(formatDay('2026-03-01')).toBe('1 Mar 2026');
    expect(formatDay('2026-12-31T23:30:00.000Z')).toBe('31 Dec 2026');
    expect(formatDay(null)).toBe('—');
  });

  it('turns the aged-debt buckets into five bars, youngest first, without the total', () => {
    const bars = agedDebtBars({
      currentPence: 100,
      days1To30Pence: 200,
      days31To60Pence: 0,
      days61To90Pence: 50,
      over90DaysPence: 1000,
      totalPence: 1350,
    });
    expect(bars.map((bar) => bar.value)).toEqual([100, 200, 0, 50, 1000]);
    expect(bars[0]).toEqual({ key: 'currentPence', label: 'Not yet due', value: 100, text: '£1.00' });
    expect(bars[4].label).toBe('Over 90 days overdue');
  });

  it('sizes bars against the longest, drawing none for zero, credit, or an empty report', () => {
    expect(barShares([100, 200, 0, 50])).toEqual([0.5, 1, 0, 0.25]);
    expect(barShares([0, 0])).toEqual([0, 0]);
    expect(barShares([-100, 100])).toEqual([0, 1]);
    expect(barShares([])).toEqual([]);
  });

  it('names the lifecycle states active, grace and purged with their dates', () => {
    const dates = { endsOn: '2026-08-31', purgeDueOn: '2027-03-01' };
    const active = lifecycleWords({ status: 'active', ...dates });
    expect(active.state).toBe('active');
    expect(active.explanation).toContain('grace begins on 1 Sept 2026');
    const grace = lifecycleWords({ status: 'expired', ...dates });
    expect(grace).toMatchObject({ state: 'grace', label: 'Grace' });
    expect(grace.explanation).toContain('purged on 1 Mar 2027');
    expect(lifecycleWords({ status: 'purged', ...dates }).state).toBe('purged');
  });
});
