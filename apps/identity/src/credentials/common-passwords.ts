let commonPasswords: ReadonlySet<string> | undefined;

/**
 * P2's deny list: zxcvbn-ts' list of common passwords (about 49,000 entries, most common
 * first, taken from leaked-password frequency lists; all lower case). The package is read on
 * first use, not when identity starts (password-strength.ts loads it the same way), so that
 * processes which never check a password neither hold the list nor pay for reading it.
 */
function denyList(): ReadonlySet<string> {
  if (commonPasswords) return commonPasswords;
  const { dictionary } = require('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common');
  commonPasswords = new Set(dictionary['passwords-common']);
  return commonPasswords;
}

/** Case-insensitive: `Qwerty123456` is as guessable as `qwerty123456`. */
export function isCommonPassword(password: string): boolean {
  return denyList().has(password.toLowerCase());
}

export function commonPasswordCount(): number {
  return denyList().size;
}
