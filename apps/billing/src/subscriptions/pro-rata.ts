import { PriceFigures } from '@pt/contracts';
import { vatOn } from '../plans/pricing';

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a YYYY-MM-DD date (UTC calendar days). */
export function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The same day `years` later; 29 February goes to 28 February in a year without one. */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const target = new Date(Date.UTC(y + years, m - 1, d));
  if (target.getUTCMonth() !== m - 1) return dateOfDay(dayNumber(`${y + years}-${String(m).padStart(2, '0')}-01`) + 27);
  return target.toISOString().slice(0, 10);
}

/** A yearly net price and its VAT rate: what a price version and a roll come to. */
export interface AnnualNet {
  net: number;
  vatRateBasisPoints: number;
}

/**
 * The share of a yearly net price for the days `from`..`to` (both included) of a term that
 * began on `termStart`: the days are split by the term's years (termStart to the day before
 * its anniversary, and so on), and each year's days count against that year's length, 365,
 * or 366 when it holds a 29 February. A whole term year therefore costs exactly the yearly
 * price. Rounded once, to the nearest penny (half up); VAT on the rounded net.
 */
export function shareOfYear(
  termStart: string,
  from: string,
  to: string,
  annual: AnnualNet,
): PriceFigures & { days: number; yearDays: number } {
  const first = dayNumber(from);
  const last = dayNumber(to);
  if (last < first) throw new RangeError('the period ends before it starts');
  if (first < dayNumber(termStart)) throw new RangeError('the period starts before the term');
  // Σ days_i / yearLength_i as an exact fraction over 365 × 366.
  const L = 365n * 366n;
  let share = 0n;
  let yearDays = 0;
  for (let k = 0; ; k++) {
    const yearStart = dayNumber(addYears(termStart, k));
    const yearEnd = dayNumber(addYears(termStart, k + 1)) - 1;
    if (yearStart > last) break;
    const length = yearEnd - yearStart + 1;
    const lo = Math.max(first, yearStart);
    const hi = Math.min(last, yearEnd);
    if (hi >= lo) {
      if (!yearDays) yearDays = length;
      share += BigInt(hi - lo + 1) * (L / BigInt(length));
    }
  }
  const numerator = BigInt(annual.net) * share;
  const net = Number((numerator * 2n + L) / (2n * L));
  const vat = vatOn(net, annual.vatRateBasisPoints);
  return { base: 0, perPupil: 0, net, vat, gross: net + vat, days: last - first + 1, yearDays };
}

function figures(share: PriceFigures): PriceFigures {
  return { base: share.base, perPupil: share.perPupil, net: share.net, vat: share.vat, gross: share.gross };
}

export interface ProRata {
  from: string;
  to: string;
  days: number;
  yearDays: number;
  credit: PriceFigures;
  charge: PriceFigures;
  balanceGross: number;
}

/**
 * An upgrade or downgrade on `on` within the term `termStart`..`termEnd`: the credit for the
 * unused days (from `on` to the term's end, both included) at the old price and the charge
 * for the same days at the new one. A change on the first day credits and charges whole years.
 */
export function planChange(
  term: { startsOn: string; endsOn: string },
  on: string,
  oldAnnual: AnnualNet,
  newAnnual: AnnualNet,
): ProRata {
  if (on < term.startsOn || on > term.endsOn) throw new RangeError('the change is outside the term');
  const credit = shareOfYear(term.startsOn, on, term.endsOn, oldAnnual);
  const charge = shareOfYear(term.startsOn, on, term.endsOn, newAnnual);
  return {
    from: on,
    to: term.endsOn,
    days: credit.days,
    yearDays: credit.yearDays,
    credit: figures(credit),
    charge: figures(charge),
    balanceGross: charge.gross - credit.gross,
  };
}

/**
 * A renewal: the new term starts the day after the old one ends and runs to `newEndsOn`;
 * nothing is credited, and the new term is charged by day (a whole year costs the yearly price).
 */
export function renewal(oldEndsOn: string, newEndsOn: string, newAnnual: AnnualNet): ProRata {
  const from = dateOfDay(dayNumber(oldEndsOn) + 1);
  const charge = shareOfYear(from, from, newEndsOn, newAnnual);
  const none: PriceFigures = { base: 0, perPupil: 0, net: 0, vat: 0, gross: 0 };
  return {
    from,
    to: newEndsOn,
    days: charge.days,
    yearDays: charge.yearDays,
    credit: none,
    charge: figures(charge),
    balanceGross: charge.gross,
  };
}
