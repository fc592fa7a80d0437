import {
  ApiError,
  describeProblem,
  fieldErrorsFor,
  fieldMessage,
  problemFrom,
  retryAfterSeconds,
  sessionEndedReason,
} from './problem';

describe('console: problem+json in words', () => {
  it('reads code, detail and field errors, ignoring malformed entries', () => {
    const error = problemFrom(
      400,
      {
        code: 'validation',
        detail: 'Invalid',
        errors: [{ field: 'login', message: 'must not be empty' }, { field: 3 }],
      },
      null,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('validation');
    expect(error.fieldErrors).toEqual([{ field: 'login', message: 'must not be empty' }]);
  });

  it('falls back to the status when the body is not problem+json', () => {
    expect(problemFrom(502, 'Bad gateway', null).code).toBe('http.502');
  });

  it('puts each field error by the form field it names, nested ones by their parent, the rest aside', () => {
    const { byField, other } = fieldErrorsFor(
      [
        { field: 'password', message: 'is too short' },
        { field: 'address.postcode', message: 'is not a UK postcode' },
        { field: 'cells[3].value', message: 'is not a grade' },
      ],
      ['password', 'address'],
    );
    expect(byField).toEqual({ password: 'is too short', address: 'is not a UK postcode' });
    expect(other).toEqual([{ field: 'cells[3].value', message: 'is not a grade' }]);
  });

  it('leads a phrase with the field label, keeps a sentence as it is', () => {
    expect(fieldMessage('New password', 'must be at least 12 characters')).toBe(
      'New password must be at least 12 characters.',
    );
    expect(fieldMessage('Password', 'Too common.')).toBe('Too common.');
  });

  it('explains the ends of a session in words, "signed in elsewhere" among them', () => {
    expect(sessionEndedReason('session.replaced')).toMatch(/signed in somewhere else/);
    expect(sessionEndedReason('session.idle')).toMatch(/not used for a while/);
    expect(sessionEndedReason('access_token.invalid')).toMatch(/expired/);
    expect(sessionEndedReason('pupil.not_found')).toBeNull();
  });

  it('reads Retry-After as seconds or as a date, and says maintenance with when to come back', () => {
    const now = Date.parse('2026-12-07T10:00:00Z');
    expect(retryAfterSeconds('120', now)).toBe(120);
    expect(retryAfterSeconds('Mon, 07 Dec 2026 10:30:00 GMT', now)).toBe(1800);
    expect(retryAfterSeconds('soon', now)).toBeNull();
    const readOnly = problemFrom(503, { code: 'maintenance.read_only', detail: 'x' }, '1800', now);
    expect(describeProblem(readOnly, now)).toMatch(/read-only during planned maintenance.*in about 30 minutes/);
    const closed = problemFrom(503, { code: 'maintenance.in_progress', detail: 'x' }, '30', now);
    expect(describeProblem(closed, now)).toMatch(/closed for planned maintenance. Try again in a minute/);
  });

  it('says a network failure is one, and points field errors to the fields', () => {
    expect(describeProblem(new TypeError('Failed to fetch'))).toMatch(/could not reach the platform/);
    expect(
      describeProblem(problemFrom(400, { code: 'validation', errors: [{ field: 'x', message: 'y' }] }, null)),
    ).toMatch(/next to the fields/);
  });
});
