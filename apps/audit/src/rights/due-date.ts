/**
 * The calendar arithmetic of the rights register (P21), on plain `YYYY-MM-DD` dates (UTC,
 * no times, no zones). The ICO's rule: the day a request is received counts as day one and
 * the reply is due on the corresponding calendar date of the next month; when that date
 * does not exist (received 31 January), it is due on the last day of the next month. An
 * extension adds one or two further months to the original due date by the same rule.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** True for a real calendar date written `YYYY-MM-DD` (no 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** The same day `months` calendar months later, or the last day of that month when it has no such day. */
export function addCalendarMonths(date: string, months: number): string {
  const match = DATE.exec(date);
  if (!match || !isCalendarDate(date)) throw new Error(`not a calendar date: ${date}`);
  const index = Number(match[1]) * 12 + (Number(match[2]) - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const day = Math.min(Number(match[3]), daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
}

/** When a request received on `receivedOn` must be answered: one calendar month later. */
export function dueDateFor(receivedOn: string): string {
  return addCalendarMonths(receivedOn, 1);
}

/** The due date after an extension of one or two further months from the original due date. */
export function extendedDueDate(originalDueOn: string, months: 1 | 2): string {
  return addCalendarMonths(originalDueOn, months);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Today's date in UTC. */
export function utcToday(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * The latest calendar date it is anywhere that matters to the register: UTC or the UK's
 * local date (a request received just after midnight in British Summer Time is still
 * "yesterday" in UTC). A received date after this is in the future.
 */
export function latestLocalToday(now: Date = new Date()): string {
  const london = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
  const utc = utcToday(now);
  return london > utc ? london : utc;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
