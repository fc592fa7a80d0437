import { EntityManager } from '@mikro-orm/postgresql';
import { CursorPosition } from '@pt/persistence';
import { UserAccount, UserKind, UserStatus } from './user.entity';

export interface UserFilter {
  kind: UserKind;
  /** Platform users are listed with tenantId null; staff are already limited by the tenant filter. */
  tenantId?: string | null;
  role?: string;
  status?: UserStatus;
}

/** The only place that queries user accounts. */
export class UserRepository {
  constructor(private readonly em: EntityManager) {}

  /** By username or email, case-insensitively (both are unique that way). */
  findByLogin(login: string): Promise<UserAccount | null> {
    const value = login.trim().toLowerCase();
    return this.em
      .createQueryBuilder(UserAccount, 'u')
      .where('lower(u.username) = ? or lower(u.email) = ?', [value, value])
      .getSingleResult();
  }

  findById(id: string): Promise<UserAccount | null> {
    return this.em.findOne(UserAccount, { id });
  }

  /** A user of one kind only: a staff route never reaches a platform account, nor the reverse. */
  /** Which of these ids are accounts of this kind in scope (the tenant filter and RLS scope the read). */
  async existingIds(ids: readonly string[], kind: UserKind): Promise<string[]> {
    const rows = await this.em.find(UserAccount, { id: { $in: [...ids] }, kind }, { fields: ['id'] });
    return rows.map((user) => user.id);
  }

  findOfKind(id: string, kind: UserKind): Promise<UserAccount | null> {
    return this.em.findOne(UserAccount, { id, kind });
  }

  /** Locked for the rest of the transaction: two changes of one user are serialised. */
  findOfKindForUpdate(id: string, kind: UserKind): Promise<UserAccount | null> {
    return this.em.findOne(UserAccount, { id, kind }, { lockMode: 4 /* PESSIMISTIC_WRITE */ });
  }

  countActivePlatformAdmins(): Promise<number> {
    return this.em.count(UserAccount, {
      kind: 'platform',
      status: 'active',
      roles: { $contains: ['platform-admin'] },
    });
  }

  /** Active staff of a school with no sign-in since `before` (never signed in: since creation). */
  countInactiveStaff(tenantId: string, before: Date): Promise<number> {
    return this.em.count(UserAccount, {
      tenantId,
      kind: 'staff',
      status: 'active',
      $or: [{ lastSignInAt: { $lt: before } }, { lastSignInAt: null, createdAt: { $lt: before } }],
    });
  }

  countStaff(tenantId: string): Promise<number> {
    return this.em.count(UserAccount, { tenantId, kind: 'staff' });
  }

  async platformAdminExists(): Promise<boolean> {
    return (await this.em.count(UserAccount, { kind: 'platform', roles: { $contains: ['platform-admin'] } })) > 0;
  }

  /**
   * `limit + 1` rows after the cursor, in id order: ids are UUIDv7, so that is creation
   * order, and the id alone is an exact keyset (no timestamp precision to lose).
   */
  page(filter: UserFilter, limit: number, after: CursorPosition | null): Promise<UserAccount[]> {
    const where: Record<string, unknown> = { kind: filter.kind };
    if (filter.tenantId !== undefined) where.tenantId = filter.tenantId;
    if (filter.status) where.status = filter.status;
    if (filter.role) where.roles = { $contains: [filter.role] };
    if (after) where.id = { $gt: after.id };
    return this.em.find(UserAccount, where, { orderBy: { id: 'asc' }, limit: limit + 1 });
  }

  /** Staff of one school who are active and hold any of these roles (e.g. those who can manage users). */
  countActiveStaffWithAnyRole(tenantId: string, roles: string[]): Promise<number> {
    if (!roles.length) return Promise.resolve(0);
    return this.em.count(UserAccount, { tenantId, kind: 'staff', status: 'active', roles: { $overlap: roles } });
  }

  /** Active staff of one school holding any of these roles (e.g. those who can manage users). */
  activeStaffWithAnyRole(tenantId: string, roles: string[]): Promise<UserAccount[]> {
    if (!roles.length) return Promise.resolve([]);
    return this.em.find(
      UserAccount,
      { tenantId, kind: 'staff', status: 'active', roles: { $overlap: roles } },
      { orderBy: { id: 'asc' } },
    );
  }

  activePlatformUsersWithAnyRole(roles: string[]): Promise<UserAccount[]> {
    if (!roles.length) return Promise.resolve([]);
    return this.em.find(
      UserAccount,
      { tenantId: null, kind: 'platform', status: 'active', roles: { $overlap: roles } },
      { orderBy: { id: 'asc' } },
    );
  }

  countWithRole(tenantId: string, role: string): Promise<number> {
    return this.em.count(UserAccount, { tenantId, kind: 'staff', roles: { $contains: [role] } });
  }

  /** A renamed custom role keeps its holders: their role lists are rewritten in the same transaction. */
  async renameRole(tenantId: string, from: string, to: string): Promise<number> {
    const result = await this.em.execute<{ affectedRows: number }>(
      `update user_account set roles = array_replace(roles, ?, ?), version = version + 1
        where tenant_id = ? and kind = 'staff' and ? = any(roles)`,
      [from, to, tenantId, from],
      'run',
    );
    return result.affectedRows;
  }

  add(user: UserAccount): void {
    this.em.persist(user);
  }

  remove(user: UserAccount): void {
    this.em.remove(user);
  }
}
