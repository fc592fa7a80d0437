import { ISO_DATE, matchesFormat } from '@pt/contracts';

/** A `YYYY-MM-DD` date that exists on the calendar (2027-02-29 does not). */
export function isCalendarDate(value: unknown): value is string {
  if (!matchesFormat(value, ISO_DATE)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
