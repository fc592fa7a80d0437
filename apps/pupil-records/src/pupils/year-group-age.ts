import { YearGroup } from '@pt/contracts';

/**
 * Whether a date of birth fits a year group, by the English rule: a pupil's year group
 * follows their age on 31 August before the academic year starts (Year 1: 5, Year 7: 11).
 * A typing error in a date of birth (a year off by ten) is caught, while pupils taught a
 * year or two out of their cohort (held back, accelerated, late arrivals) are accepted.
 */

/**
 * The ages on that 31 August taken as typical: strictly a year Y pupil is Y+4 then, but
 * the range is kept one year wider (Y+4 to Y+5, the ages seen during the year) so that a
 * date entered by someone thinking of the pupil's age now is not refused.
 */
function typicalAges(yearGroup: YearGroup): [number, number] {
  if (yearGroup === 'N') return [2, 4];
  if (yearGroup === 'R') return [4, 5];
  const year = Number(yearGroup);
  return [year + 4, year + 5];
}

/** Years either side of the typical ages still accepted. */
export const YEAR_GROUP_AGE_TOLERANCE = 2;

export interface AgeRange {
  minAge: number;
  maxAge: number;
  /** The 31 August the ages are taken on (YYYY-MM-DD). */
  onDate: string;
}

/** The 31 August before the academic year that `today` (YYYY-MM-DD) falls in; the year runs 1 September to 31 August. */
export function ageReferenceDate(today: string): string {
  const year = Number(today.slice(0, 4));
  return `${Number(today.slice(5, 7)) >= 9 ? year : year - 1}-08-31`;
}

/**
 * Whole years between a date of birth and a date, both YYYY-MM-DD: the years apart, less one
 * when the birthday (MM-DD, compared as text: both are two digits) comes after the date's.
 */
export function ageOn(dateOfBirth: string, onDate: string): number {
  const years = Number(onDate.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
  return onDate.slice(5) < dateOfBirth.slice(5) ? years - 1 : years;
}

export function acceptedAgeRange(yearGroup: YearGroup, today: string): AgeRange {
  const [min, max] = typicalAges(yearGroup);
  return {
    minAge: Math.max(0, min - YEAR_GROUP_AGE_TOLERANCE),
    maxAge: max + YEAR_GROUP_AGE_TOLERANCE,
    onDate: ageReferenceDate(today),
  };
}

/**
 * Null when the date of birth fits the year group; otherwise a message for the
 * `dateOfBirth` field that names the accepted range (never the date itself: no personal
 * data in messages).
 */
export function yearGroupAgeProblem(dateOfBirth: string, yearGroup: YearGroup, today: string): string | null {
  const range = acceptedAgeRange(yearGroup, today);
  const age = ageOn(dateOfBirth, range.onDate);
  if (age >= range.minAge && age <= range.maxAge) return null;
  const group = yearGroup === 'N' ? 'nursery' : yearGroup === 'R' ? 'reception' : `year ${yearGroup}`;
  return (
    `does not fit ${group}: pupils in ${group} are aged ${range.minAge} to ${range.maxAge} ` +
    `on ${range.onDate} (the start of the academic year); check the date of birth and the year group`
  );
}
