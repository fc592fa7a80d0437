// Turns the API's problem+json answers into what the console shows: errors in words, next to
// the field they name, and the reasons a session ended. Pure functions (no fetch, no DOM) so
// the unit project can test them.
import type { FieldError } from '@pt/contracts/bus-error';

export interface ProblemBody {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly fieldErrors: FieldError[],
    /** Seconds until the API expects to answer again (Retry-After), when it said. */
    readonly retryAfterSeconds: number | null,
    readonly body: ProblemBody,
  ) {
    super(detail || code);
    this.name = 'ApiError';
  }
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterSeconds(header: string | null, now: number = Date.now()): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.round((at - now) / 1000));
}

export function problemFrom(status: number, body: unknown, retryAfter: string | null, now?: number): ApiError {
  const problem: ProblemBody = body && typeof body === 'object' ? (body as ProblemBody) : {};
  const errors = Array.isArray(problem.errors)
    ? problem.errors.filter(
        (error): error is FieldError => !!error && typeof error.field === 'string' && typeof error.message === 'string',
      )
    : [];
  return new ApiError(
    status,
    typeof problem.code === 'string' ? problem.code : `http.${status}`,
    typeof problem.detail === 'string' ? problem.detail : '',
    errors,
    retryAfterSeconds(retryAfter, now),
    problem,
  );
}

/** Why a 401 ended the session, in words; null when the code is not about a session ending. */
export function sessionEndedReason(code: string): string | null {
  switch (code) {
    case 'session.replaced':
      return 'You signed in somewhere else (another browser or device), so this session was ended. Sign in again to carry on here.';
    case 'session.idle':
      return 'You were signed out because the session was not used for a while. Sign in again to carry on.';
    case 'session.ended_for_maintenance':
      return 'You were signed out for planned maintenance. Sign in again once it is over.';
    case 'session.ended':
      return 'This session was ended (signed out here, from another device, or by an administrator). Sign in again to carry on.';
    case 'session.invalid_refresh_token':
    case 'access_token.invalid':
    case 'unauthenticated':
      return 'Your session has expired. Sign in again to carry on.';
    default:
      return null;
  }
}

function untilInWords(seconds: number | null, now: number): string {
  if (seconds === null) return '';
  if (seconds < 90) return ' Try again in a minute or so.';
  const at = new Date(now + seconds * 1000);
  const time = at.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  return ` Try again after ${time} (in about ${Math.round(seconds / 60)} minutes).`;
}

/** The message for an error that no field owns: what happened and what to do, in words. */
export function describeProblem(error: unknown, now: number = Date.now()): string {
  if (!(error instanceof ApiError)) {
    return 'The console could not reach the platform. Check your connection and try again.';
  }
  switch (error.code) {
    case 'maintenance.in_progress':
      return `The platform is closed for planned maintenance.${untilInWords(error.retryAfterSeconds, now)}`;
    case 'maintenance.read_only':
      return `The platform is read-only during planned maintenance: nothing can be changed until it ends.${untilInWords(error.retryAfterSeconds, now)}`;
    case 'sign_in.invalid_credentials':
      return 'The username or password is not right (or the account is locked). Check them and try again, or reset your password.';
    case 'session.already_active':
      return 'Your school allows one session at a time and you are signed in elsewhere. Sign out there first, or ask your school administrator.';
    case 'session.csrf_failed':
      return 'The page lost track of your session. Reload the page and try again.';
    case 'policy.acceptance_required':
      return 'Read and accept the current policy documents first.';
    case 'precondition_failed':
      return 'Someone else changed this while you were editing it. Reload to see their change, then make yours again.';
  }
  const ended = sessionEndedReason(error.code);
  if (ended) return ended;
  if (error.status === 429)
    return `Too many attempts.${untilInWords(error.retryAfterSeconds, now) || ' Wait a little and try again.'}`;
  if (error.status === 403) return 'You do not have permission to do this.';
  if (error.status === 404) return 'This was not found. It may have been removed, or you may not have access to it.';
  if (error.status === 503) return `The platform is unavailable just now.${untilInWords(error.retryAfterSeconds, now)}`;
  if (error.status >= 500)
    return 'Something went wrong on the platform. Try again; if it keeps happening, tell support.';
  if (error.fieldErrors.length > 0) return 'Some of the details need correcting: see the messages next to the fields.';
  return error.detail || 'The request was refused.';
}

/**
 * A field error's message as a sentence next to its field: the API's messages are phrases
 * ("must be at least 12 characters"), so the field's label leads them.
 */
export function fieldMessage(label: string, message: string): string {
  const text = message.trim();
  if (!text) return `${label} is not valid.`;
  if (/^[A-Z]/.test(text)) return text.endsWith('.') ? text : `${text}.`;
  return `${label} ${text}${text.endsWith('.') ? '' : '.'}`;
}

/**
 * Splits field errors into those a form shows next to one of its fields (by the form's
 * field name; `address.postcode` falls to `address` when only that is a field) and the rest,
 * which the form shows above itself.
 */
export function fieldErrorsFor(
  errors: readonly FieldError[],
  fields: readonly string[],
): { byField: Record<string, string>; other: FieldError[] } {
  const byField: Record<string, string> = {};
  const other: FieldError[] = [];
  for (const error of errors) {
    const name = fields.includes(error.field)
      ? error.field
      : fields.find((field) => error.field.startsWith(`${field}.`) || error.field.startsWith(`${field}[`));
    if (name && !(name in byField)) byField[name] = error.message;
    else if (!name) other.push(error);
  }
  return { byField, other };
}
