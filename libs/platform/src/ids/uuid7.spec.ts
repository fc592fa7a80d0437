import { uuid7 } from './uuid7';

describe('uuid7', () => {
  it('is a version 7, RFC 9562 variant UUID', () => {
    expect(uuid7()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('sorts in the order ids were made, also many within one millisecond', () => {
    const ids = Array.from({ length: 10_000 }, () => uuid7(1_700_000_000_000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('sorts by time across milliseconds', () => {
    const earlier = uuid7(1_700_000_000_001);
    const later = uuid7(1_700_000_000_500);
    expect(earlier < later).toBe(true);
  });
});
