import { MessageContext } from '@pt/contracts';

/**
 * P19: a teacher limited to class groups (their token's classGroupIds) enters and sees
 * only the results of those groups' pupils, as in pupil-records; pupils outside answer 404,
 * exactly as if they did not exist. Null: not limited.
 */
export type ClassGroupScope = readonly string[] | null;

export function classGroupScopeOf(ctx: MessageContext): ClassGroupScope {
  const ids = ctx.actor.classGroupIds;
  return Array.isArray(ids) ? ids.map((id) => id.toLowerCase()) : null;
}

export function inScope(scope: ClassGroupScope, classGroupId: string | null): boolean {
  return scope === null || (classGroupId !== null && scope.includes(classGroupId.toLowerCase()));
}
