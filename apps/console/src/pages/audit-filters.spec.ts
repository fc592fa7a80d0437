import { apiFilter, filtersFrom, paramsOf } from './audit-filters';

describe('console: the audit trail filters between the address and the API (P24)', () => {
  it('reads the set filters from the address, trimmed, and writes back only those', () => {
    const filters = filtersFrom(new URLSearchParams('action=%20identity.user%20&subjectId=abc&unknown=x'));
    expect(filters).toEqual({
      actorId: '',
      action: 'identity.user',
      subjectType: '',
      subjectId: 'abc',
      fromDate: '',
      toDate: '',
    });
    expect(paramsOf(filters).toString()).toBe('action=identity.user&subjectId=abc');
  });

  it('leaves out a date that is not one, rather than sending it or failing', () => {
    const filters = filtersFrom(new URLSearchParams('fromDate=2026-02-30&toDate=yesterday'));
    expect(filters.fromDate).toBe('');
    expect(filters.toDate).toBe('');
    expect(apiFilter(filters)).toMatchObject({ from: undefined, to: undefined });
  });

  it("takes both days of the range whole, in the browser's zone: to is the midnight after the last day", () => {
    // The unit project runs in UTC unless told; these are the instants of local midnights.
    const filters = filtersFrom(new URLSearchParams('fromDate=2026-12-07&toDate=2026-12-31'));
    const { from, to } = apiFilter(filters);
    expect(from).toBe(new Date(2026, 11, 7).toISOString());
    expect(to).toBe(new Date(2027, 0, 1).toISOString());
  });

  it('makes a one-day range of a single date', () => {
    const { from, to } = apiFilter(filtersFrom(new URLSearchParams('fromDate=2027-03-28&toDate=2027-03-28')));
    expect(Date.parse(to!) - Date.parse(from!)).toBeGreaterThanOrEqual(23 * 3_600_000);
    expect(Date.parse(to!) - Date.parse(from!)).toBeLessThanOrEqual(25 * 3_600_000);
  });
});
