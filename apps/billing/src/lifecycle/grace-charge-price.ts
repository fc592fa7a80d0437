import { vatOn } from '../plans/pricing';

/**
 * P26: the price of one grace-period access to pupil data is one day of the school's own
 * plan at its roll (the year's net price / 365, to the nearest penny, half up), with VAT at
 * the plan's rate: it scales with what the school paid to hold the data, so a large school
 * pays more than a small one, and a year of daily look-ups costs about a year's subscription.
 */
export function graceAccessPrice(
  yearNetPence: number,
  vatRateBasisPoints: number,
): {
  netPence: number;
  vatPence: number;
  grossPence: number;
} {
  const netPence = Math.floor((yearNetPence * 2 + 365) / 730);
  const vatPence = vatOn(netPence, vatRateBasisPoints);
  return { netPence, vatPence, grossPence: netPence + vatPence };
}
