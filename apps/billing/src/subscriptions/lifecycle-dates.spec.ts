import { addMonths, expiresOn, financialRecordsKeptUntil, noticeDue, purgeDueOn } from './lifecycle-dates';

const EXPIRY = { thirty: 'expiry-30', seven: 'expiry-7' } as const;

describe('lifecycle dates (P25, P27)', () => {
  it('P25: grace begins the day after the last day of the term and the purge is due six months later', () => {
    expect(expiresOn('2027-08-31')).toBe('2027-09-01');
    expect(purgeDueOn('2027-08-31')).toBe('2028-03-01');
    expect(purgeDueOn('2027-12-31')).toBe('2028-07-01');
  });

  it('a month without the day ends on its last day', () => {
    expect(addMonths('2027-08-31', 6)).toBe('2028-02-29');
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2027-03-31', 1)).toBe('2027-04-30');
  });

  it('P27: financial records are kept six years after the end of the financial year (to 31 March) the school ceased in', () => {
    expect(financialRecordsKeptUntil('2027-08-31')).toBe('2034-03-31');
    expect(financialRecordsKeptUntil('2028-03-31')).toBe('2034-03-31');
    expect(financialRecordsKeptUntil('2028-04-01')).toBe('2035-03-31');
    expect(financialRecordsKeptUntil('2028-01-15')).toBe('2034-03-31');
  });

  it('the 30-day notice is due from 30 days before until the 7-day one is, then the 7-day one until the day', () => {
    const day = '2027-09-01';
    expect(noticeDue('2027-08-01', day, EXPIRY)).toBeNull();
    expect(noticeDue('2027-08-02', day, EXPIRY)).toBe('expiry-30');
    expect(noticeDue('2027-08-24', day, EXPIRY)).toBe('expiry-30');
    expect(noticeDue('2027-08-25', day, EXPIRY)).toBe('expiry-7');
    expect(noticeDue('2027-08-31', day, EXPIRY)).toBe('expiry-7');
    expect(noticeDue('2027-09-01', day, EXPIRY)).toBeNull();
  });
});
