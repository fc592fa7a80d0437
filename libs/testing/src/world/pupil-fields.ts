/**
 * Valid pupil fields for the test world: UPNs with the DfE check letter (different on
 * every call), dates of birth that fit a year group this academic year.
 */
import { upnCheckLetter } from '@pt/contracts';

let upnSerial = 0;

/** A valid permanent UPN (LA `la`, establishment `establishment`, year 26), different on every call in a test file. */
export function nextUpn(la = '801', establishment = '2000'): string {
  const rest = `${la}${establishment}26${String(++upnSerial).padStart(3, '0')}`;
  return upnCheckLetter(rest) + rest;
}

/** The same UPN with a wrong check letter. */
export function withWrongCheckLetter(upn: string): string {
  const letters = 'ABCDEFGHJKLMNPQRTUVWXYZ';
  return letters[(letters.indexOf(upn[0]) + 1) % letters.length] + upn.slice(1);
}

/** A date of birth that fits the year group this academic year (age Y+4 on the last 31 August). */
export function birthDateFor(yearGroup: string, monthDay = '03-15'): string {
  const now = new Date();
  const startYear = now.getUTCMonth() >= 8 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
  const age = yearGroup === 'R' ? 4 : yearGroup === 'N' ? 3 : Number(yearGroup) + 4;
  // Born in the spring, so the age on 31 August is `age`.
  return `${startYear - age}-${monthDay}`;
}

/** The fields of a new pupil (Amira Khan, year 7 unless overridden), with a fresh UPN. */
export function newPupil(overrides: Record<string, unknown> = {}) {
  const yearGroup = (overrides.yearGroup as string | undefined) ?? '7';
  return {
    upn: nextUpn(),
    legalForename: 'Amira',
    legalSurname: 'Khan',
    dateOfBirth: birthDateFor(yearGroup),
    yearGroup,
    gender: 'F',
    ...overrides,
  };
}

/**
 * The pupil the guardian, consent and photograph suites add: Test Pupil, year 4, born
 * 15 January 2018, no gender given (pass to `world.pupil`, which adds a fresh UPN).
 */
export const CARE_PUPIL = {
  legalForename: 'Test',
  legalSurname: 'Pupil',
  dateOfBirth: '2018-01-15',
  yearGroup: '4',
  gender: undefined,
} as const;
