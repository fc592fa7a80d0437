import { PerPupilPrice, PriceFigures, PriceTerms } from '@pt/contracts';

/** 100% in basis points. */
const WHOLE = 10_000;

/** The version in force on `on` (YYYY-MM-DD): the latest whose effective date is on or before it; null if none is yet. */
export function priceInForce<V extends Pick<PriceTerms, 'effectiveFrom'>>(
  versions: readonly V[],
  on: string,
): V | null {
  let found: V | null = null;
  for (const version of versions) {
    if (version.effectiveFrom <= on && (!found || version.effectiveFrom > found.effectiveFrom)) found = version;
  }
  return found;
}

/** The per-pupil price for a roll: linear, or the price of the last band the roll reaches. */
export function perPupilPenceFor(price: PerPupilPrice, pupils: number): number {
  if (price.kind === 'linear') return price.perPupilPence;
  let rate = 0;
  for (const band of [...price.bands].sort((a, b) => a.fromPupils - b.fromPupils)) {
    if (pupils >= band.fromPupils) rate = band.perPupilPence;
  }
  return rate;
}

/**
 * VAT on a net amount in pence at a rate in basis points, worked out once on the total (not
 * per line) and rounded to the nearest penny, half a penny up. HMRC allows invoice-level
 * VAT rounded to the nearest penny (VAT Notice 700 para 17.5; it also allows rounding the
 * total down as a concession, which we do not take): the customer reclaims the same figure.
 */
export function vatOn(netPence: number, rateBasisPoints: number): number {
  return Math.floor((netPence * rateBasisPoints + WHOLE / 2) / WHOLE);
}

/** A year's price of one version for a roll: base fee + pupils × per-pupil price, then VAT on the total. */
export function priceFor(
  terms: Omit<PriceTerms, 'effectiveFrom'>,
  pupils: number,
): PriceFigures & { perPupilPence: number } {
  if (!Number.isSafeInteger(pupils) || pupils < 0 || pupils > MAX_PUPILS) {
    throw new RangeError(`pupils must be a whole number from 0 to ${MAX_PUPILS}`);
  }
  const perPupilPence = perPupilPenceFor(terms.perPupil, pupils);
  const base = terms.baseFeePence;
  const perPupil = pupils * perPupilPence;
  const net = base + perPupil;
  const vat = vatOn(net, terms.vatRateBasisPoints);
  return { base, perPupil, net, vat, gross: net + vat, perPupilPence };
}

/** What is wrong with a version's figures, by field (empty when they are valid). */
export function priceTermProblems(terms: PriceTerms, prefix = ''): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const pence = (value: unknown, field: string, max = MAX_PER_PUPIL_PENCE) => {
    if (!Number.isSafeInteger(value) || (value as number) < 0 || (value as number) > max) {
      problems.push({ field: prefix + field, message: `must be a whole number of pence from 0 to ${max}` });
    }
  };
  pence(terms.baseFeePence, 'baseFeePence', MAX_BASE_FEE_PENCE);
  if (
    !Number.isSafeInteger(terms.vatRateBasisPoints) ||
    terms.vatRateBasisPoints < 0 ||
    terms.vatRateBasisPoints > WHOLE
  ) {
    problems.push({ field: prefix + 'vatRateBasisPoints', message: 'must be whole basis points from 0 to 10000' });
  }
  const perPupil = terms.perPupil;
  if (perPupil?.kind === 'linear') pence(perPupil.perPupilPence, 'perPupil.perPupilPence');
  else if (perPupil?.kind === 'banded') {
    const bands = perPupil.bands ?? [];
    if (!bands.length) problems.push({ field: prefix + 'perPupil.bands', message: 'must have at least one band' });
    bands.forEach((band, i) => {
      pence(band.perPupilPence, `perPupil.bands.${i}.perPupilPence`);
      const previous = i === 0 ? -1 : bands[i - 1].fromPupils;
      if (!Number.isSafeInteger(band.fromPupils) || band.fromPupils <= previous || (i === 0 && band.fromPupils !== 0)) {
        problems.push({
          field: `${prefix}perPupil.bands.${i}.fromPupils`,
          message: i === 0 ? 'the first band must start at 0' : 'must be a whole number above the previous band',
        });
      }
    });
  } else problems.push({ field: prefix + 'perPupil.kind', message: "must be 'linear' or 'banded'" });
  return problems;
}

/**
 * Limits far above any school's figures that keep every product a safe integer:
 * (£10m + 100,000 pupils × £10,000) × 10,000 basis points < 2^53.
 */
export const MAX_BASE_FEE_PENCE = 1_000_000_000;
export const MAX_PER_PUPIL_PENCE = 1_000_000;
export const MAX_PUPILS = 100_000;
