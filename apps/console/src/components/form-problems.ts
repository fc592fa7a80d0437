import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { ApiError, fieldErrorsFor, fieldMessage } from '../api/problem';

/**
 * Puts a problem+json's field errors next to the form's fields (labels give the words) and
 * returns what no field owns, as sentences for the form's summary.
 */
export function applyProblem<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  labels: Partial<Record<Path<T>, string>>,
): string[] {
  if (!(error instanceof ApiError) || error.fieldErrors.length === 0) return [];
  const names = Object.keys(labels) as Path<T>[];
  const { byField, other } = fieldErrorsFor(error.fieldErrors, names);
  let first = true;
  for (const name of names) {
    const message = byField[name];
    if (message === undefined) continue;
    setError(name, { type: 'server', message: fieldMessage(labels[name] ?? name, message) }, { shouldFocus: first });
    first = false;
  }
  return other.map((e) => fieldMessage(e.field, e.message));
}

/** The error for the form's summary: none when every message already sits by its field. */
export function summaryError(error: unknown, other: string[]): unknown {
  if (error instanceof ApiError && error.fieldErrors.length > 0 && other.length === 0) return undefined;
  return error;
}
