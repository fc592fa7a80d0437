import { FieldError } from '@pt/contracts';

export interface PasswordPolicy {
  minLength: number;
  /** Length from which a passphrase needs no particular character classes. */
  passphraseLength: number;
  maxLength: number;
}

/** P2's default: 12+ with capitals, lower case and digits, or a 16+ passphrase; at most 128. */
export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = { minLength: 12, passphraseLength: 16, maxLength: 128 };

/**
 * What is wrong with a password under a policy (empty when it is acceptable). Length is
 * counted in characters, not bytes; the password is never truncated or case-folded.
 */
export function passwordProblems(
  password: string,
  policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY,
  field = 'password',
): FieldError[] {
  const length = [...password].length;
  if (length > policy.maxLength) return [{ field, message: `must be at most ${policy.maxLength} characters` }];
  if (length < policy.minLength) return [{ field, message: `must be at least ${policy.minLength} characters` }];
  if (length >= policy.passphraseLength) return [];
  const classes = /\p{Lu}/u.test(password) && /\p{Ll}/u.test(password) && /\p{Nd}/u.test(password);
  return classes
    ? []
    : [
        {
          field,
          message: `must mix capitals, lower case and digits, or be a passphrase of at least ${policy.passphraseLength} characters`,
        },
      ];
}
