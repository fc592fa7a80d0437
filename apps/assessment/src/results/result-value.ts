import { GradeView, MAX_RESULT_COMMENT, ScoreRangeView } from '@pt/contracts';

/** The part of a grade scale a value is checked against. */
export interface ScaleRule {
  kind: string;
  grades: GradeView[];
  range: ScoreRangeView | null;
}

export type ValueCheck = { ok: true; value: string; points: number | null } | { ok: false; message: string };

const NUMBER = /^-?\d{1,9}(\.\d{1,4})?$/;

/**
 * A value for a measure on its scale: a grade code of an ordered scale (exactly as the scale
 * spells it), or a number within a range scale's min and max (written canonically, `104.0`
 * is `104`). Returns the value to store and its points, or why it is refused.
 */
export function checkResultValue(scale: ScaleRule, raw: unknown): ValueCheck {
  const text = typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : raw;
  if (typeof text !== 'string' || !text.trim()) return { ok: false, message: 'must not be empty' };
  const value = text.trim();
  if (scale.kind === 'range' && scale.range) {
    if (!NUMBER.test(value)) return { ok: false, message: 'must be a number' };
    const n = Number(value);
    if (n < scale.range.min || n > scale.range.max) {
      return { ok: false, message: `must be between ${scale.range.min} and ${scale.range.max}` };
    }
    return { ok: true, value: String(n), points: n };
  }
  const grade = scale.grades.find((g) => g.code === value);
  if (!grade) return { ok: false, message: 'must be a grade code of the measure’s scale' };
  return { ok: true, value: grade.code, points: grade.points };
}

export type CommentCheck = { ok: true; comment: string | null } | { ok: false; message: string };

/** A short comment: absent, null or blank is none; longer than the limit is refused. */
export function checkResultComment(raw: unknown): CommentCheck {
  if (raw === undefined || raw === null) return { ok: true, comment: null };
  if (typeof raw !== 'string') return { ok: false, message: 'must be text' };
  const comment = raw.trim();
  if (comment.length > MAX_RESULT_COMMENT) {
    return { ok: false, message: `must be at most ${MAX_RESULT_COMMENT} characters` };
  }
  return { ok: true, comment: comment || null };
}
