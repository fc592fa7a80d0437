// The rights register's statutory clock in words (P21): one calendar month from receipt
// (the API works out the due date by the ICO's month-end rule), perhaps extended once, by
// one or two months, on or before the original due date. Dates are calendar days in UTC,
// as the audit service counts them, so the console and the API agree on "overdue". Pure,
// so the unit project tests the wording.
import type { RightsRequestView } from '@pt/contracts/audit/rights';

const DAY_MS = 86_400_000;
/** Open requests due within this many days are shown as due soon. */
export const DUE_SOON_DAYS = 7;

export type RightsClockTone = 'running' | 'due-soon' | 'overdue' | 'completed';

export interface RightsClock {
  tone: RightsClockTone;
  /** "12 days left", "Due today", "Overdue by 3 days", "Completed". */
  words: string;
  /** Days to the current due date (negative once past); null once completed. */
  daysLeft: number | null;
  /** The date the request is due now: the extended one when there is one. */
  dueOn: string;
}

type ClockFields = Pick<RightsRequestView, 'status' | 'dueOn' | 'extendedTo'>;

/** Today's calendar date in UTC (YYYY-MM-DD), the day the audit service counts from. */
export function utcDate(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

/** Whole days from one YYYY-MM-DD date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

function days(count: number): string {
  return `${count} day${count === 1 ? '' : 's'}`;
}

/** Where a request stands against its due date on `today` (YYYY-MM-DD, UTC). */
export function rightsClock(request: ClockFields, today: string): RightsClock {
  const dueOn = request.extendedTo ?? request.dueOn;
  if (request.status === 'completed') return { tone: 'completed', words: 'Completed', daysLeft: null, dueOn };
  const daysLeft = daysBetween(today, dueOn);
  if (daysLeft < 0) return { tone: 'overdue', words: `Overdue by ${days(-daysLeft)}`, daysLeft, dueOn };
  if (daysLeft === 0) return { tone: 'due-soon', words: 'Due today', daysLeft, dueOn };
  return { tone: daysLeft <= DUE_SOON_DAYS ? 'due-soon' : 'running', words: `${days(daysLeft)} left`, daysLeft, dueOn };
}

/** An extension is allowed once, while open, on or before the original due date. */
export function canExtend(request: ClockFields, today: string): boolean {
  return request.status === 'open' && request.extendedTo === null && today <= request.dueOn;
}

/** A YYYY-MM-DD date as staff read it ("31 Jan 2027"), the same in every time zone. */
export function dateInWords(date: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}
