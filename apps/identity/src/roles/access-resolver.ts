import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { permissionsOfBuiltInRoles } from '@pt/contracts';
import { UserAccount } from '../users/user.entity';

export interface ResolvedAccess {
  permissions: string[];
  /** Class groups a limited user may see; null when not limited. */
  classGroupIds: string[] | null;
}

/**
 * What a user may do, resolved when a token is issued (sign-in and every refresh), so
 * that a change of role takes effect within one access-token lifetime at most.
 */
@Injectable()
export class AccessResolver {
  async resolve(_em: EntityManager, user: UserAccount): Promise<ResolvedAccess> {
    return { permissions: permissionsOfBuiltInRoles(user.roles), classGroupIds: null };
  }
}
