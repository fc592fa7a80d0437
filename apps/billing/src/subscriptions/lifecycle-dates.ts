/** Months of grace between expiry and purge (P25). */
export const GRACE_MONTHS = 6;
/** Years the financial records are kept after the end of the financial year the school ceased in (P27). */
export const RETENTION_YEARS = 6;

/** `day` (YYYY-MM-DD) moved by whole days, in UTC so no clock change shifts it. */
export function addDays(day: string, days: number): string {
  const at = new Date(`${day}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

/** `day` moved by whole months; a day the month lacks becomes its last (31 Aug + 6 months = 28/29 Feb). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, lastDay));
  return first.toISOString().slice(0, 10);
}

/** The first day of grace: the day after the subscription's last day. */
export function expiresOn(endsOn: string): string {
  return addDays(endsOn, 1);
}

/** The purge day: six months after the first day of grace. */
export function purgeDueOn(endsOn: string): string {
  return addMonths(expiresOn(endsOn), GRACE_MONTHS);
}

/**
 * P27: the last day the financial records of a school whose subscription ended on `endedOn`
 * are kept: six years after the end of the UK financial year (1 April to 31 March) it ended in.
 */
export function financialRecordsKeptUntil(endedOn: string): string {
  const [year, month] = endedOn.split('-').map(Number);
  const financialYearEnds = month >= 4 ? year + 1 : year;
  return `${financialYearEnds + RETENTION_YEARS}-03-31`;
}

/**
 * The notice due on `on`, if any, before a day that is coming (expiry or purge): the 30-day
 * notice from 30 days before until the 7-day one is due, then the 7-day notice until the day.
 * The windows do not overlap, so a run that catches up late sends the notice that still
 * applies, never both at once; each is recorded so it goes once.
 */
export function noticeDue<K extends string>(on: string, day: string, kinds: { thirty: K; seven: K }): K | null {
  if (on >= day) return null;
  if (on >= addDays(day, -7)) return kinds.seven;
  if (on >= addDays(day, -30)) return kinds.thirty;
  return null;
}
