import { FieldError } from '@pt/contracts';
import { isCommonPassword } from './common-passwords';
import { PasswordContext, passwordStrength } from './password-strength';

export interface PasswordPolicy {
  minLength: number;
  /** Length from which a passphrase needs no particular character classes. */
  passphraseLength: number;
  maxLength: number;
}

/** P2's default: 12+ with capitals, lower case and digits, or a 16+ passphrase; at most 128. */
export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = { minLength: 12, passphraseLength: 16, maxLength: 128 };

/** What a school may ask for on top of the default (School.passwordPolicy). */
export interface PasswordPolicyOverride {
  minLength?: number;
  passphraseLength?: number;
}

/**
 * A school's policy: it can only be stricter than the default, never weaker, whatever is
 * stored (a value below the default, or not a number, is ignored). Both lengths stay
 * within the maximum, so a policy can never refuse every password.
 */
export function schoolPasswordPolicy(override: PasswordPolicyOverride | null | undefined): PasswordPolicy {
  const base = DEFAULT_PASSWORD_POLICY;
  const stricter = (value: unknown, floor: number) =>
    typeof value === 'number' && Number.isInteger(value) ? Math.min(Math.max(value, floor), base.maxLength) : floor;
  const minLength = stricter(override?.minLength, base.minLength);
  const passphraseLength = Math.max(stricter(override?.passphraseLength, base.passphraseLength), minLength);
  return { minLength, passphraseLength, maxLength: base.maxLength };
}

/**
 * What is wrong with a password under a policy (empty when it is acceptable). Length is
 * counted in characters, not bytes; the password is never truncated or case-folded (the
 * deny list alone compares case-insensitively). A password that passes the rules must
 * also be hard to guess for someone who knows its owner (zxcvbn with the context's words,
 * NIST SP 800-63B): `P@ssw0rd2026` and the username plus digits meet the character rules
 * and are still refused. Messages never quote the password or the context.
 */
export function passwordProblems(
  password: string,
  policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY,
  field = 'password',
  context: PasswordContext = {},
): FieldError[] {
  const length = [...password].length;
  if (length > policy.maxLength) return [{ field, message: `must be at most ${policy.maxLength} characters` }];
  if (length < policy.minLength) return [{ field, message: `must be at least ${policy.minLength} characters` }];
  if (isCommonPassword(password)) {
    return [{ field, message: 'is one of the most commonly used passwords; choose another' }];
  }
  const classes = /\p{Lu}/u.test(password) && /\p{Ll}/u.test(password) && /\p{Nd}/u.test(password);
  if (length < policy.passphraseLength && !classes) {
    return [
      {
        field,
        message: `must mix capitals, lower case and digits, or be a passphrase of at least ${policy.passphraseLength} characters`,
      },
    ];
  }
  const strength = passwordStrength(password, context);
  return strength.acceptable ? [] : [{ field, message: `is too easy to guess: ${strength.reason}` }];
}
