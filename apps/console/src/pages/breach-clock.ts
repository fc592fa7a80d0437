// The breach register's 72-hour clock in words (P23): how long is left until the deadline to
// tell the ICO, or how long ago it passed. Pure, so the unit project tests the wording.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

/** A span in its two largest units (days and hours, or hours and minutes), rounded down. */
export function spanInWords(ms: number): string {
  const span = Math.max(0, ms);
  if (span < MINUTE) return 'under a minute';
  const days = Math.floor(span / DAY);
  const hours = Math.floor((span % DAY) / HOUR);
  const minutes = Math.floor((span % HOUR) / MINUTE);
  if (days > 0) return hours > 0 ? `${plural(days, 'day')} ${plural(hours, 'hour')}` : plural(days, 'day');
  if (hours > 0) return minutes > 0 ? `${plural(hours, 'hour')} ${plural(minutes, 'minute')}` : plural(hours, 'hour');
  return plural(minutes, 'minute');
}

export interface BreachClock {
  overdue: boolean;
  /** "2 days 5 hours left to notify", "Overdue by 3 hours". */
  words: string;
}

/** Where an incident stands against its notification deadline at `now`. */
export function breachClock(notificationDeadline: string, now: number): BreachClock {
  const left = Date.parse(notificationDeadline) - now;
  if (left <= 0) return { overdue: true, words: `Overdue by ${spanInWords(-left)}` };
  return { overdue: false, words: `${spanInWords(left)} left to notify` };
}
