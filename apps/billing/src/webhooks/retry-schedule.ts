/**
 * When a failed delivery is tried again: the Standard Webhooks example schedule, about
 * three days in all (Stripe's window): at once, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h,
 * 14 h, 20 h and 24 h after the attempt before. `failures` is how many attempts of this
 * round have failed; null when there is no attempt left (the delivery has failed for good).
 */
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
export const RETRY_DELAYS_MS: readonly number[] = [
  5 * SECOND,
  5 * MINUTE,
  30 * MINUTE,
  2 * HOUR,
  5 * HOUR,
  10 * HOUR,
  14 * HOUR,
  20 * HOUR,
  24 * HOUR,
];

/** Attempts in one round: the first and one per delay. */
export const ATTEMPTS_PER_ROUND = RETRY_DELAYS_MS.length + 1;

export function nextAttemptAt(failures: number, failedAt: Date, retryAfterMs?: number | null): Date | null {
  const delay = RETRY_DELAYS_MS[failures - 1];
  if (delay === undefined) return null;
  // A receiver's Retry-After is honoured when it asks for longer, never to hurry us (spec: "honour Retry-After").
  return new Date(failedAt.getTime() + Math.max(delay, Math.min(retryAfterMs ?? 0, 24 * HOUR)));
}

/** Retry-After as delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | undefined, now: Date): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * SECOND;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}
