import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { tenantScope, UnitOfWork } from '@pt/persistence';
import { UserAccount } from '../users/user.entity';
import { isBuiltInSchoolRole, platformPermissionsOf, SchoolRoleCatalog } from './role-catalog';

export interface ResolvedAccess {
  permissions: string[];
  /** Class groups a limited user may see; null when not limited. */
  classGroupIds: string[] | null;
}

/** What resolving needs of an account. */
export type AccessHolder = Pick<UserAccount, 'kind' | 'tenantId' | 'roles' | 'classGroupIds'>;

/**
 * What a user may do (P19), resolved when a token is issued (sign-in and every refresh):
 * built-in and the school's custom roles, and the class groups a teacher is limited to.
 * A change of roles, of a custom role's permissions or of class groups therefore applies
 * at the user's next refresh, within one access-token lifetime (ACCESS_TOKEN_TTL_SECONDS)
 * at most, without ending their sessions; deactivation ends them at once instead.
 */
@Injectable()
export class AccessResolver {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async resolve(em: EntityManager, user: AccessHolder): Promise<ResolvedAccess> {
    if (user.kind === 'platform' || !user.tenantId) {
      return { permissions: platformPermissionsOf(user.roles), classGroupIds: null };
    }
    const catalog = await SchoolRoleCatalog.load(em, user.tenantId, user.roles);
    return { permissions: catalog.permissionsOf(user.roles), classGroupIds: user.classGroupIds ?? null };
  }

  /**
   * Outside a unit of work (sign-in): most accounts hold only built-in roles and need no
   * database at all; a custom role is read in a unit of work of the user's school.
   */
  resolveFor(user: AccessHolder): Promise<ResolvedAccess> {
    const tenantId = user.tenantId;
    if (user.kind === 'platform' || !tenantId) {
      return Promise.resolve({ permissions: platformPermissionsOf(user.roles), classGroupIds: null });
    }
    if (user.roles.every(isBuiltInSchoolRole)) {
      const permissions = SchoolRoleCatalog.builtIn().permissionsOf(user.roles);
      return Promise.resolve({ permissions, classGroupIds: user.classGroupIds ?? null });
    }
    return this.unitOfWork.run(tenantScope(tenantId), (em) => this.resolve(em, user));
  }
}
