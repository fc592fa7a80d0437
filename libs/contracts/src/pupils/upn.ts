/**
 * Unique Pupil Numbers (DfE UPN standard v2.0): a check letter, then LA (3 digits),
 * establishment (4), year of issue (2) and a serial: 3 digits for a permanent UPN, or
 * 2 digits and a letter for a temporary one. See ../shared/reference/ctf.md §3.
 */
const CHECK_ALPHABET = 'ABCDEFGHJKLMNPQRTUVWXYZ';
const UPN_SHAPE = /^[A-HJ-NP-RT-Z]\d{11}[0-9A-HJ-NP-RT-Z]$/;

export type UpnProblem = 'format' | 'check_letter';

/** The check letter for the 12 characters after it (weights 2…13, letters valued A=0, B=1, …, mod 23). */
export function upnCheckLetter(rest: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) {
    const char = rest[i];
    const value = /\d/.test(char) ? Number(char) : CHECK_ALPHABET.indexOf(char);
    sum += value * (i + 2);
  }
  return CHECK_ALPHABET[sum % 23];
}

/** Why a UPN is invalid, or null when it is valid. Expects upper case (see `normaliseUpn`). */
export function upnProblem(upn: string): UpnProblem | null {
  if (!UPN_SHAPE.test(upn)) return 'format';
  return upnCheckLetter(upn.slice(1)) === upn[0] ? null : 'check_letter';
}

export function isValidUpn(upn: string): boolean {
  return upnProblem(upn) === null;
}

/** Files and forms carry UPNs with stray spaces and lower case; the register keeps one form. */
export function normaliseUpn(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

/** Whether the last character is a letter: a temporary UPN, to be replaced by a permanent one. */
export function isTemporaryUpn(upn: string): boolean {
  return /[A-Z]$/.test(upn);
}
