import { FinanceApiRate } from '@pt/contracts';
import { RateRule } from '../credentials/rate-limit.repository';

/**
 * The RateLimit fields (IETF draft-ietf-httpapi-ratelimit-headers) of a key limited by the
 * generic cell rate algorithm: `leadSeconds` is how far the key's theoretical arrival time
 * runs ahead of now after this request (each request moves it window / limit ahead). What
 * is left is how many more steps fit in the window; the quota is whole again once the lead
 * has passed.
 */
export function financeApiRateOf(
  leadSeconds: number,
  rule: RateRule,
  retryAfterSeconds: number | null,
): FinanceApiRate {
  const step = rule.windowSeconds / rule.limit;
  const lead = Math.max(0, leadSeconds);
  return {
    limit: rule.limit,
    windowSeconds: rule.windowSeconds,
    remaining: retryAfterSeconds === null ? Math.max(0, Math.floor((rule.windowSeconds - lead) / step + 1e-9)) : 0,
    resetSeconds: Math.ceil(lead - 1e-9),
    retryAfterSeconds,
  };
}
