import { financeApiRateOf } from './finance-api-rate';

const rule = { limit: 60, windowSeconds: 60 };

describe('P28: a finance API key’s RateLimit fields', () => {
  it('leaves limit - 1 after the first request, the quota back one step later', () => {
    expect(financeApiRateOf(1, rule, null)).toEqual({
      limit: 60,
      windowSeconds: 60,
      remaining: 59,
      resetSeconds: 1,
      retryAfterSeconds: null,
    });
  });

  it('leaves nothing once the lead fills the window', () => {
    expect(financeApiRateOf(60, rule, null)).toMatchObject({ remaining: 0, resetSeconds: 60 });
  });

  it('a refused request has nothing left and says when to come back', () => {
    expect(financeApiRateOf(60, rule, 1)).toMatchObject({ remaining: 0, resetSeconds: 60, retryAfterSeconds: 1 });
  });

  it('counts whole steps left, rounding down', () => {
    expect(financeApiRateOf(30.5, rule, null).remaining).toBe(29);
  });
});
