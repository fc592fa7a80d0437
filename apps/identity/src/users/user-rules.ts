import { isUuid } from '@pt/contracts';
import { CursorPosition, decodeCursor } from '@pt/persistence';
import { BusException } from '@pt/platform';

/** Another school's user answers exactly like one that does not exist. */
export const userNotFound = () => BusException.notFound('user.not_found', 'The user does not exist');

/**
 * Usernames and emails are unique across all schools (sign-in finds an account by either
 * without knowing its school). Which one clashed is told by the index, not by reading the
 * other row, which row-level security hides from a school anyway.
 */
export function translateLoginClash(error: unknown): unknown {
  if ((error as Error)?.name !== 'UniqueConstraintViolationException') return error;
  const constraint = (error as { constraint?: string }).constraint ?? '';
  const field = constraint.includes('username') ? 'username' : constraint.includes('email') ? 'email' : null;
  if (!field) return error;
  return BusException.conflict(`user.${field}_taken`, `This ${field} is already in use`, { field });
}

/**
 * A page's cursor, checked before it reaches SQL: a forged one whose id is no UUID or
 * whose time is no time is a 400 naming the field, not a database error.
 */
export function cursorAfter(cursor: string | undefined, key: 'id' | 'time'): CursorPosition | null {
  if (!cursor) return null;
  const after = decodeCursor(cursor);
  const keyOk =
    after &&
    (key === 'id' ? after.key === after.id : typeof after.key === 'string' && !Number.isNaN(Date.parse(after.key)));
  if (!after || !isUuid(after.id) || !keyOk) {
    throw BusException.validation([{ field: 'cursor', message: 'is not a valid cursor' }]);
  }
  return after;
}
