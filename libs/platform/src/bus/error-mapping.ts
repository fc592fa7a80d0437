import { BusErrorBody, isBusErrorBody } from '@pt/contracts';
import { BusException } from './bus-exception';
import { isDatabaseUnavailable } from './database-availability';

/** What a client is told to wait before trying again while the database is unreachable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * Turns anything a handler threw into the body that crosses the bus. Known failures of
 * the ORM keep their meaning (a stale version is 412, a duplicate key 409) rather than
 * becoming an opaque 500, a database that cannot be reached is `unavailable` (503 with
 * Retry-After: the request may be tried again); anything else is `internal` with no detail.
 */
export function toBusErrorBody(error: unknown): BusErrorBody {
  if (error instanceof BusException) return error.body;
  if (isBusErrorBody(error)) return error;
  if (isDatabaseUnavailable(error)) {
    return {
      kind: 'unavailable',
      code: 'database.unavailable',
      message: 'The service cannot reach its database just now; try again shortly',
      details: { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS },
    };
  }
  const name = error instanceof Error ? error.name : '';
  switch (name) {
    case 'NotFoundError':
      return { kind: 'not_found', code: 'not_found', message: 'The resource does not exist' };
    case 'OptimisticLockError':
      return {
        kind: 'precondition_failed',
        code: 'stale_version',
        message: 'The resource was changed by someone else; reload it and try again',
      };
    case 'UniqueConstraintViolationException':
      return { kind: 'conflict', code: 'duplicate', message: 'A resource with the same unique value already exists' };
    case 'ForeignKeyConstraintViolationException':
      return { kind: 'conflict', code: 'reference_conflict', message: 'The change conflicts with related resources' };
    default:
      return { kind: 'internal', code: 'internal_error', message: 'An unexpected error occurred' };
  }
}
