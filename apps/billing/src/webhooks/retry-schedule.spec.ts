import { ATTEMPTS_PER_ROUND, nextAttemptAt, RETRY_DELAYS_MS, retryAfterMs } from './retry-schedule';

describe('webhook retry schedule', () => {
  const failedAt = new Date('2026-12-01T00:00:00Z');

  it('P28: retries after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h and 24 h: about 3 days, then gives up', () => {
    const minutes = RETRY_DELAYS_MS.map((ms) => ms / 60_000);
    expect(minutes).toEqual([5 / 60, 5, 30, 120, 300, 600, 840, 1200, 1440]);
    const totalHours = RETRY_DELAYS_MS.reduce((a, b) => a + b, 0) / 3_600_000;
    expect(totalHours).toBeGreaterThan(72);
    expect(totalHours).toBeLessThan(80);
    expect(nextAttemptAt(1, failedAt)).toEqual(new Date('2026-12-01T00:00:05Z'));
    expect(nextAttemptAt(9, failedAt)).toEqual(new Date('2026-12-02T00:00:00Z'));
    expect(nextAttemptAt(ATTEMPTS_PER_ROUND, failedAt)).toBeNull();
  });

  it("honours a receiver's longer Retry-After (seconds or date), never a shorter one", () => {
    expect(nextAttemptAt(1, failedAt, 120_000)).toEqual(new Date('2026-12-01T00:02:00Z'));
    expect(nextAttemptAt(2, failedAt, 1_000)).toEqual(new Date('2026-12-01T00:05:00Z'));
    expect(retryAfterMs('120', failedAt)).toBe(120_000);
    expect(retryAfterMs('Tue, 01 Dec 2026 00:10:00 GMT', failedAt)).toBe(600_000);
    expect(retryAfterMs('soon', failedAt)).toBeUndefined();
  });
});
