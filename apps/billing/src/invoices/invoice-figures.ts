import { InvoiceLine, InvoiceVatAtRate } from '@pt/contracts';
import { vatOn } from '../plans/pricing';
import { addYears, dateOfDay, dayNumber } from '../subscriptions/pro-rata';

/** One term year of a subscription: both days included, and the length of the whole year (365 or 366). */
export interface TermYear {
  from: string;
  to: string;
  days: number;
  yearDays: number;
}

/**
 * The term year of `term` holding `on`: the term is cut into years at each anniversary of its
 * first day (29 February's is 28 February), the last cut short at the term's end. Null when
 * `on` is outside the term.
 */
export function termYearOf(term: { startsOn: string; endsOn: string }, on: string): TermYear | null {
  if (on < term.startsOn || on > term.endsOn) return null;
  for (let k = 0; ; k++) {
    const from = addYears(term.startsOn, k);
    const nextStart = addYears(term.startsOn, k + 1);
    if (on >= nextStart) continue;
    const yearEnd = dateOfDay(dayNumber(nextStart) - 1);
    const to = yearEnd < term.endsOn ? yearEnd : term.endsOn;
    return {
      from,
      to,
      days: dayNumber(to) - dayNumber(from) + 1,
      yearDays: dayNumber(nextStart) - dayNumber(from),
    };
  }
}

/** A yearly amount's share for `days` of a `yearDays`-day year, rounded to the nearest penny, half up. */
export function shareOfYearly(yearlyPence: number, days: number, yearDays: number): number {
  if (days === yearDays) return yearlyPence;
  return Math.floor((yearlyPence * days * 2 + yearDays) / (2 * yearDays));
}

export interface PricedRoll {
  planName: string;
  baseFeePence: number;
  perPupilPence: number;
  pupils: number;
  vatRateBasisPoints: number;
}

/**
 * The lines of a term year's invoice: the base fee (quantity 1) and the per-pupil price
 * (quantity = pupils on roll, left out for an empty roll), each at its yearly unit price,
 * the amount pro rata by day when the period is short of a whole year.
 */
export function invoiceLines(price: PricedRoll, period: TermYear): InvoiceLine[] {
  const span = `${period.from} to ${period.to}`;
  const share = (yearly: number) => shareOfYearly(yearly, period.days, period.yearDays);
  const line = (description: string, quantity: number, unitPricePence: number): InvoiceLine => ({
    description,
    quantity,
    unitPricePence,
    vatRateBasisPoints: price.vatRateBasisPoints,
    netPence: share(quantity * unitPricePence),
    days: period.days,
    yearDays: period.yearDays,
  });
  const lines = [line(`${price.planName}: annual base fee, ${span}`, 1, price.baseFeePence)];
  if (price.pupils > 0) {
    lines.push(line(`${price.planName}: per pupil on roll, ${span}`, price.pupils, price.perPupilPence));
  }
  return lines;
}

/**
 * The totals: net per VAT rate, VAT on each rate's net total (rounded once, to the nearest
 * penny, half up: HMRC allows VAT worked out on the invoice total, VAT Notice 700 para 17.5,
 * and the customer reclaims exactly the figure shown), then their sums.
 */
export function invoiceTotals(lines: readonly InvoiceLine[]): {
  vat: InvoiceVatAtRate[];
  netPence: number;
  vatPence: number;
  grossPence: number;
} {
  const byRate = new Map<number, number>();
  for (const line of lines)
    byRate.set(line.vatRateBasisPoints, (byRate.get(line.vatRateBasisPoints) ?? 0) + line.netPence);
  const vat = [...byRate.entries()]
    .sort(([a], [b]) => b - a)
    .map(([vatRateBasisPoints, netPence]) => ({
      vatRateBasisPoints,
      netPence,
      vatPence: vatOn(netPence, vatRateBasisPoints),
    }));
  const netPence = vat.reduce((sum, rate) => sum + rate.netPence, 0);
  const vatPence = vat.reduce((sum, rate) => sum + rate.vatPence, 0);
  return { vat, netPence, vatPence, grossPence: netPence + vatPence };
}

/** How an invoice number is printed: `INV-<account, 5 digits>-<number in the school's series, 6 digits>`. */
export function documentNumber(prefix: 'INV' | 'CN', accountNumber: number, sequenceNumber: number): string {
  return `${prefix}-${String(accountNumber).padStart(5, '0')}-${String(sequenceNumber).padStart(6, '0')}`;
}
