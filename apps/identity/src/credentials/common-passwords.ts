import { dictionary } from '@zxcvbn-ts/language-common';

let commonPasswords: ReadonlySet<string> | undefined;

/**
 * P2's deny list: zxcvbn-ts' list of common passwords (about 49,000 entries, most common
 * first, taken from leaked-password frequency lists; all lower case). Loaded on first use
 * so that processes which never check a password do not hold it.
 */
function denyList(): ReadonlySet<string> {
  commonPasswords ??= new Set(dictionary['passwords-common']);
  return commonPasswords;
}

/** Case-insensitive: `Qwerty123456` is as guessable as `qwerty123456`. */
export function isCommonPassword(password: string): boolean {
  return denyList().has(password.toLowerCase());
}

export function commonPasswordCount(): number {
  return denyList().size;
}
