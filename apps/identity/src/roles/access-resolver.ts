import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { UserAccount } from '../users/user.entity';
import { platformPermissionsOf, SchoolRoleCatalog } from './role-catalog';

export interface ResolvedAccess {
  permissions: string[];
  /** Class groups a limited user may see; null when not limited. */
  classGroupIds: string[] | null;
}

/**
 * What a user may do (P19), resolved when a token is issued (sign-in and every refresh):
 * built-in and the school's custom roles, and the class groups a teacher is limited to.
 * A change of roles, of a custom role's permissions or of class groups therefore applies
 * at the user's next refresh, within one access-token lifetime (ACCESS_TOKEN_TTL_SECONDS)
 * at most, without ending their sessions; deactivation ends them at once instead.
 */
@Injectable()
export class AccessResolver {
  async resolve(em: EntityManager, user: UserAccount): Promise<ResolvedAccess> {
    if (user.kind === 'platform' || !user.tenantId) {
      return { permissions: platformPermissionsOf(user.roles), classGroupIds: null };
    }
    const catalog = await SchoolRoleCatalog.load(em, user.tenantId, user.roles);
    return { permissions: catalog.permissionsOf(user.roles), classGroupIds: user.classGroupIds ?? null };
  }
}
