import { addYears, planChange, renewal, shareOfYear } from './pro-rata';

const at = (net: number) => ({ net, vatRateBasisPoints: 2000 });

describe('pro-rata by day, 365 or 366 by the term year', () => {
  it('a whole term year costs exactly the yearly price, with or without a 29 February', () => {
    expect(shareOfYear('2026-09-01', '2026-09-01', '2027-08-31', at(120_000))).toMatchObject({
      net: 120_000,
      vat: 24_000,
      gross: 144_000,
      days: 365,
      yearDays: 365,
    });
    expect(shareOfYear('2027-09-01', '2027-09-01', '2028-08-31', at(120_000))).toMatchObject({
      net: 120_000,
      days: 366,
      yearDays: 366,
    });
  });

  it('counts the days of a leap term year against 366 and of a common one against 365', () => {
    // 2028-03-01..2028-08-31 is 184 days of a 366-day term year.
    expect(shareOfYear('2027-09-01', '2028-03-01', '2028-08-31', at(366_000))).toMatchObject({ net: 184_000 });
    // 2027-03-01..2027-08-31 is 184 days of a 365-day term year.
    expect(shareOfYear('2026-09-01', '2027-03-01', '2027-08-31', at(365_000))).toMatchObject({ net: 184_000 });
    // 29 February counts as a day.
    expect(shareOfYear('2027-09-01', '2028-02-29', '2028-02-29', at(366_000)).net).toBe(1000);
  });

  it('rounds once to the nearest penny, half up', () => {
    // 1 day of £1.00 a year: 100/365 = 0.27p → 0; 200 days: 54.79p → 55.
    expect(shareOfYear('2026-09-01', '2026-09-01', '2026-09-01', at(100)).net).toBe(0);
    expect(shareOfYear('2026-09-01', '2026-09-01', '2027-03-19', at(100)).net).toBe(55);
  });

  it('a same-day change (on the last day) credits and charges one day', () => {
    const change = planChange({ startsOn: '2026-09-01', endsOn: '2027-08-31' }, '2027-08-31', at(365_000), at(730_000));
    expect(change).toMatchObject({ from: '2027-08-31', to: '2027-08-31', days: 1, yearDays: 365 });
    expect(change.credit).toMatchObject({ net: 1000, vat: 200, gross: 1200 });
    expect(change.charge).toMatchObject({ net: 2000, vat: 400, gross: 2400 });
    expect(change.balanceGross).toBe(1200);
  });

  it('an upgrade on the first day credits the whole old year and charges the whole new one', () => {
    const change = planChange({ startsOn: '2026-09-01', endsOn: '2027-08-31' }, '2026-09-01', at(110_000), at(130_000));
    expect(change.credit.net).toBe(110_000);
    expect(change.charge.net).toBe(130_000);
    expect(change.balanceGross).toBe(24_000);
  });

  it('a downgrade mid-term leaves the school in credit for the unused days', () => {
    // From 2027-03-01: 184 unused days of 365.
    const change = planChange({ startsOn: '2026-09-01', endsOn: '2027-08-31' }, '2027-03-01', at(365_000), at(182_500));
    expect(change.days).toBe(184);
    expect(change.credit).toMatchObject({ net: 184_000, vat: 36_800, gross: 220_800 });
    expect(change.charge).toMatchObject({ net: 92_000, vat: 18_400, gross: 110_400 });
    expect(change.balanceGross).toBe(-110_400);
  });

  it('refuses a change outside the term', () => {
    expect(() => planChange({ startsOn: '2026-09-01', endsOn: '2027-08-31' }, '2027-09-01', at(1), at(2))).toThrow(
      RangeError,
    );
  });

  it('a renewal starts the day after the old end and charges the new term by day', () => {
    expect(renewal('2027-08-31', '2028-08-31', at(120_000))).toMatchObject({
      from: '2027-09-01',
      days: 366,
      yearDays: 366,
      credit: { gross: 0 },
      charge: { net: 120_000, gross: 144_000 },
      balanceGross: 144_000,
    });
    // A short renewal to the end of the calendar year: 122 of 365 days.
    expect(renewal('2026-08-31', '2026-12-31', at(365_000)).charge.net).toBe(122_000);
  });

  it('the anniversary of 29 February is 28 February', () => {
    expect(addYears('2028-02-29', 1)).toBe('2029-02-28');
    expect(addYears('2027-09-01', 1)).toBe('2028-09-01');
  });
});
