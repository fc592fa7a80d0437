import { MessageContext, Permission } from '@pt/contracts';
import { CursorPosition, decodeCursor } from '@pt/persistence';
import { BusException } from '@pt/platform';

/** Another school's user answers exactly like one that does not exist. */
export const userNotFound = () => BusException.notFound('user.not_found', 'The user does not exist');

/**
 * The school a staff route acts in, checked again here (the gateway checks first): the
 * actor must carry the permission and a school. Without a school a message would run in
 * platform scope and see every school's users, so it is refused rather than widened.
 */
export function schoolActing(ctx: MessageContext, permission: Permission): string {
  if (!ctx.tenantId) throw BusException.forbidden('school_required', 'This route works inside a school');
  requirePermission(ctx, permission);
  return ctx.tenantId;
}

export function platformActing(ctx: MessageContext, permission: Permission): void {
  if (ctx.actor.kind !== 'platform' || ctx.tenantId) {
    throw BusException.forbidden('platform_required', 'This route is for platform staff');
  }
  requirePermission(ctx, permission);
}

export function requirePermission(ctx: MessageContext, permission: Permission): void {
  if (!ctx.actor.permissions?.includes(permission)) {
    throw BusException.forbidden('permission_denied', 'You do not have permission to do this', {
      missing: [permission],
    });
  }
}

/** Optimistic concurrency: a change made against an older version is refused (412). */
export function checkVersion(current: number, expected: number | null | undefined): void {
  if (expected !== undefined && expected !== null && expected !== current) {
    throw BusException.preconditionFailed(
      'stale_version',
      'The resource was changed by someone else; reload it and try again',
    );
  }
}

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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
  if (!after || !UUID.test(after.id) || !keyOk) {
    throw BusException.validation([{ field: 'cursor', message: 'is not a valid cursor' }]);
  }
  return after;
}
