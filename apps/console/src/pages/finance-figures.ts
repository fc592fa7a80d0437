// The finance pages' pure parts (no fetch, no DOM) so the unit project can test them: money
// in pence as pounds, the aged-debt buckets as chart bars, a subscription's lifecycle in words.
import type { AgedDebtBuckets } from '@pt/contracts/billing/payments';
import type { SubscriptionStatus } from '@pt/contracts/billing/subscriptions';

const POUNDS = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });

/** Whole pence as pounds ("£1,234.50"); a negative amount (credit) keeps its minus sign. */
export function formatPence(pence: number): string {
  return POUNDS.format(pence / 100);
}

/** A YYYY-MM-DD day (or an ISO instant) as "7 Dec 2026"; the day itself, never shifted by time zone. */
export function formatDay(day: string | null | undefined): string {
  if (!day) return '—';
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  if (!match) return day;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

export interface ChartBar {
  key: string;
  label: string;
  value: number;
  /** The value as money, for the bar's text and the table alternative. */
  text: string;
}

const AGED_DEBT_BUCKETS: { key: keyof AgedDebtBuckets; label: string }[] = [
  { key: 'currentPence', label: 'Not yet due' },
  { key: 'days1To30Pence', label: '1–30 days overdue' },
  { key: 'days31To60Pence', label: '31–60 days overdue' },
  { key: 'days61To90Pence', label: '61–90 days overdue' },
  { key: 'over90DaysPence', label: 'Over 90 days overdue' },
];

/** The report's five age buckets as bars, youngest first (the total is not a bar: it is the sum). */
export function agedDebtBars(buckets: AgedDebtBuckets): ChartBar[] {
  return AGED_DEBT_BUCKETS.map(({ key, label }) => ({
    key,
    label,
    value: buckets[key],
    text: formatPence(buckets[key]),
  }));
}

/**
 * Each bar's length as a share of the longest (0..1). Negative values (credit) draw as no
 * bar: the chart shows what is owed, the table beside it shows every figure.
 */
export function barShares(values: readonly number[]): number[] {
  const longest = Math.max(0, ...values);
  return values.map((value) => (longest > 0 && value > 0 ? value / longest : 0));
}

function addDays(day: string, days: number): string {
  const [y, m, d] = day.slice(0, 10).split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export interface LifecycleWords {
  /** active, grace or purged: the words the console uses for the three states. */
  state: 'active' | 'grace' | 'purged';
  label: string;
  explanation: string;
}

/** A subscription's lifecycle (P25): active until its end date, grace (reads only, charged) until the purge, then purged. */
export function lifecycleWords(subscription: {
  status: SubscriptionStatus;
  endsOn: string;
  purgeDueOn: string;
}): LifecycleWords {
  switch (subscription.status) {
    case 'active':
      return {
        state: 'active',
        label: 'Active',
        explanation: `Active until ${formatDay(subscription.endsOn)}. Without renewal, grace begins on ${formatDay(addDays(subscription.endsOn, 1))}.`,
      };
    case 'expired':
      return {
        state: 'grace',
        label: 'Grace',
        explanation: `Ended on ${formatDay(subscription.endsOn)}: the school can only read, each access to pupil data is charged, and its data is purged on ${formatDay(subscription.purgeDueOn)} unless renewed.`,
      };
    case 'purged':
      return {
        state: 'purged',
        label: 'Purged',
        explanation: `Ended on ${formatDay(subscription.endsOn)}; the school's data was purged (due ${formatDay(subscription.purgeDueOn)}). Financial records are kept.`,
      };
  }
}
