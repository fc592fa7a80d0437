import { MessageContext } from '@pt/contracts';
import { BusException } from '@pt/platform';

/**
 * P19: a teacher limited to class groups (their token's classGroupIds) sees and changes
 * only the pupils of those groups. Null: not limited. Pupils outside the scope answer 404,
 * exactly as if they did not exist.
 */
export type ClassGroupScope = readonly string[] | null;

export function classGroupScopeOf(ctx: MessageContext): ClassGroupScope {
  const ids = ctx.actor.classGroupIds;
  return Array.isArray(ids) ? ids.map((id) => id.toLowerCase()) : null;
}

export function inScope(scope: ClassGroupScope, classGroupId: string | null): boolean {
  return scope === null || (classGroupId !== null && scope.includes(classGroupId));
}

/** A limited user may put a pupil only into one of their own groups. */
export function assertClassGroupInScope(scope: ClassGroupScope, classGroupId: string | null): void {
  if (!inScope(scope, classGroupId)) {
    throw BusException.forbidden(
      'pupil.outside_class_groups',
      'You may only place pupils in the class groups you are limited to',
      { field: 'classGroupId' },
    );
  }
}
