import type { ZxcvbnFactory, ZxcvbnResult } from '@zxcvbn-ts/core';

/**
 * What NIST SP 800-63B (5.1.1.2) asks a verifier to compare a new password against besides
 * breached and common values: context-specific words such as the service's name, the
 * username and derivatives of it. Here: the person's names, username and email, their
 * school's name, and the service's own name.
 */
export interface PasswordContext {
  username?: string | null;
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  schoolName?: string | null;
}

/** The service's names as people write them (mail says "Pupil Tracking"; hosts say pupil-tracking). */
export const SERVICE_NAMES: readonly string[] = ['Pupil Tracking', 'pupil-tracking', 'Pupil Tracking Platform'];

/**
 * zxcvbn's score 3: about 10^8 guesses or more, "safely unguessable" against an online
 * attack and slowed offline by argon2id. Score 2 still admits `Summer-2026!`-like values.
 */
export const MIN_STRENGTH_SCORE = 3;

// Levenshtein matching costs 100+ ms a check on these machines and adds little beside
// the l33t and reversed-word matching that stays on; left off. The estimate's cost grows
// steeply with length (a 128-character password took about 0.4 s of identity's event
// loop), so only the first ESTIMATED_LENGTH characters are estimated: a password longer
// than that is as strong as its first 64 characters or stronger.
const ESTIMATED_LENGTH = 64;
let estimator: ZxcvbnFactory | undefined;
function strengthEstimator(): ZxcvbnFactory {
  if (estimator) return estimator;
  // Loaded at the first check, not when identity starts: the dictionaries are about 0.23 s of
  // CPU to read and decompress, paid by every start, while passwords are set only now and then.
  const { ZxcvbnFactory } = require('@zxcvbn-ts/core') as typeof import('@zxcvbn-ts/core');
  const common = require('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common');
  const english = require('@zxcvbn-ts/language-en') as typeof import('@zxcvbn-ts/language-en');
  estimator = new ZxcvbnFactory({
    translations: english.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...english.dictionary },
    useLevenshteinDistance: false,
    maxLength: ESTIMATED_LENGTH,
  });
  return estimator;
}

/**
 * The words a guesser who knows the person would try first: each value whole, its words
 * (three letters or more) and every run of adjacent words written together, so that
 * `OakfieldPrimary1` is matched for "Oakfield Primary School" as `Oakfield1` is.
 */
export function contextWords(context: PasswordContext): string[] {
  const email = context.email?.trim() ?? '';
  const phrases = [
    context.username,
    email,
    email.split('@')[0],
    context.firstName,
    context.lastName,
    context.firstName && context.lastName ? `${context.firstName} ${context.lastName}` : null,
    context.schoolName,
    ...SERVICE_NAMES,
  ];
  const words = new Set<string>();
  for (const phrase of phrases) {
    const value = phrase?.trim().toLowerCase();
    if (!value) continue;
    words.add(value);
    const parts = value.split(/[^\p{L}\p{N}]+/u).filter((part) => part.length >= 3);
    for (let start = 0; start < parts.length; start++) {
      for (let end = start + 1; end <= parts.length; end++) words.add(parts.slice(start, end).join(''));
    }
  }
  return [...words];
}

const BUILT_FROM_CONTEXT =
  "It is built from the account's names, username or email, the school's name or the service's name. Add words that are not about the account.";

/**
 * zxcvbn scores `Jane-Smith-1990` as several separate tokens and so as strong; a guesser
 * who knows Jane Smith tries it early. A password whose letters are nothing but context
 * words (in any order, with any digits and separators between) is refused outright.
 */
function builtFromContext(password: string, words: readonly string[]): boolean {
  const letters = password.toLowerCase().replace(/[^\p{L}]/gu, '');
  if (!letters) return false;
  const pieces = words.map((word) => word.replace(/[^\p{L}]/gu, '')).filter((word) => word.length >= 3);
  // covered[i]: letters[0..i) is a sequence of context words.
  const covered = [true, ...Array<boolean>(letters.length).fill(false)];
  for (let end = 1; end <= letters.length; end++) {
    covered[end] = pieces.some(
      (piece) => piece.length <= end && covered[end - piece.length] && letters.endsWith(piece, end),
    );
  }
  return covered[letters.length];
}

export interface StrengthVerdict {
  acceptable: boolean;
  /** zxcvbn's feedback in words (never the password or a context value). */
  reason: string;
}

/**
 * zxcvbn's estimate with the context words as its user-input dictionary. The reason joins
 * zxcvbn's warning and suggestions, which describe patterns ("a commonly used password",
 * "personal or page related data") and never quote what was typed.
 */
export function passwordStrength(password: string, context: PasswordContext): StrengthVerdict {
  const words = contextWords(context);
  if (builtFromContext(password, words)) return { acceptable: false, reason: BUILT_FROM_CONTEXT };
  const result: ZxcvbnResult = strengthEstimator().check(password, words);
  const acceptable = result.score >= MIN_STRENGTH_SCORE;
  const advice = [result.feedback.warning, ...result.feedback.suggestions].filter((text): text is string => !!text);
  return { acceptable, reason: advice.length ? advice.join(' ') : 'Add more words that are less common.' };
}
