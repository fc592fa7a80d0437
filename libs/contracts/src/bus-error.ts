/**
 * The kinds of failure a service may answer with. The gateway maps each kind to one HTTP
 * status (see BUS_ERROR_STATUS); the `code` is the stable, machine-readable reason that
 * clients switch on (e.g. `pupil.restricted`).
 */
export type BusErrorKind =
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'precondition_failed'
  /** Well-formed but not to be done as asked (an Idempotency-Key reused with another request): 422. */
  | 'unprocessable'
  | 'too_many_requests'
  | 'unavailable'
  | 'timeout'
  | 'internal';

export interface FieldError {
  field: string;
  message: string;
}

/** The serialised form of an error on the bus. Never carries personal data. */
export interface BusErrorBody {
  kind: BusErrorKind;
  code: string;
  message: string;
  details?: Record<string, unknown>;
  errors?: FieldError[];
}

export const BUS_ERROR_STATUS: Record<BusErrorKind, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  unprocessable: 422,
  too_many_requests: 429,
  unavailable: 503,
  timeout: 504,
  internal: 500,
};

export function isBusErrorBody(value: unknown): value is BusErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as BusErrorBody).kind === 'string' &&
    (value as BusErrorBody).kind in BUS_ERROR_STATUS &&
    typeof (value as BusErrorBody).code === 'string'
  );
}
