import { encodeCursor } from '@pt/persistence';
import { BusException } from '@pt/platform';
import { financePageOf, nextCursorOf } from './finance-page';

const fieldOf = (request: Parameters<typeof financePageOf>[0]) => {
  try {
    financePageOf(request);
  } catch (error) {
    return (error as BusException).body.errors?.[0]?.field;
  }
  return undefined;
};

describe('P28: a finance list page', () => {
  it('is 50 rows from the start when nothing is said', () => {
    expect(financePageOf({})).toEqual({ limit: 50, after: null, since: null });
  });

  it('continues after the row its cursor names, at microsecond precision', () => {
    const cursor = encodeCursor({ key: '2026-12-06T21:00:00.123456Z', id: '0193a8b2-0000-7000-8000-000000000001' });
    expect(financePageOf({ cursor, limit: 10 }).after).toEqual({
      changedAt: '2026-12-06T21:00:00.123456Z',
      id: '0193a8b2-0000-7000-8000-000000000001',
    });
  });

  it('reads updated_since as an instant', () => {
    expect(financePageOf({ updatedSince: '2026-12-06T22:00:00+01:00' }).since).toBe('2026-12-06T21:00:00.000Z');
  });

  it('names the field it refuses', () => {
    expect(fieldOf({ limit: 0 })).toBe('limit');
    expect(fieldOf({ limit: 201 })).toBe('limit');
    expect(fieldOf({ cursor: 'not-a-cursor' })).toBe('cursor');
    expect(fieldOf({ cursor: encodeCursor({ key: 'yesterday', id: 'x' }) })).toBe('cursor');
    expect(fieldOf({ updatedSince: '2026-13-45' })).toBe('updated_since');
  });

  it('has a next cursor only when a row beyond the page was fetched', () => {
    const rows = [
      { id: 'a', changed_at: '2026-01-01T00:00:00.000001Z' },
      { id: 'b', changed_at: '2026-01-01T00:00:00.000002Z' },
    ];
    expect(nextCursorOf(rows, 2)).toBeNull();
    expect(nextCursorOf(rows, 1)).toBe(encodeCursor({ key: rows[0].changed_at, id: 'a' }));
  });
});
