import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  CreateSchoolAdminRequest,
  FIND_CLASS_GROUPS,
  FindIdsRequest,
  FoundIds,
  InviteUserRequest,
  ListUsersRequest,
  MessageContext,
  SessionEndReason,
  UpdateUserRequest,
  USER_DEACTIVATED,
  USER_INVITED,
  USER_REMOVED,
  USER_UPDATED,
  UserChanges,
  UserIdRequest,
  UserPage,
  UserView,
} from '@pt/contracts';
import { pageOf, UnitOfWork } from '@pt/persistence';
import {
  BusClient,
  BusException,
  checkVersion,
  idsToFind,
  missingIds,
  SchoolContext,
  stageEvent,
  uuid7,
} from '@pt/platform';
import { CredentialLockoutRepository } from '../credentials/credential-lockout.repository';
import { Mailer } from '../mail/mailer';
import { missingPermissions, SchoolRoleCatalog } from '../roles/role-catalog';
import { SchoolRepository } from '../schools/school.repository';
import { SessionRevocation } from '../sessions/session-revocation';
import { AccountLinks, InvitationResender } from './invitations';
import { UserAccount } from './user.entity';
import { UserRepository } from './user.repository';
import { UserTokenRepository } from './user-token.repository';
import { normaliseProfile, toUserView } from './user-view';
import { cursorAfter, translateLoginClash, userNotFound } from './user-rules';

const SCHOOL_ADMIN_ROLE = 'school-admin';

/** The fields a school admin may change (P1's profile, roles and class groups), in a stable order. */
const CHANGEABLE: (keyof UserChanges)[] = [
  'title',
  'firstName',
  'lastName',
  'username',
  'email',
  'jobTitle',
  'telephone',
  'teacherReferenceNumber',
  'roles',
  'classGroupIds',
];

/**
 * A school's staff accounts (P1, P8): invited by email, listed, read, changed, deactivated
 * and removed by the school's admins (users:manage), always inside their own school:
 * every query runs under the school's tenant filter and row-level security, so another
 * school's user id is simply not found (404). Changes are staged as events with ids only.
 */
@Injectable()
export class UsersService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly links: AccountLinks,
    private readonly mailer: Mailer,
    private readonly sessions: SessionRevocation,
    private readonly invitations: InvitationResender,
    private readonly bus: BusClient,
  ) {}

  async invite(ctx: SchoolContext, request: InviteUserRequest): Promise<UserView> {
    const { tenantId } = ctx;
    await this.checkClassGroups(ctx, tenantId, request.classGroupIds);
    const { view, mail } = await this.unitOfWork
      .forContext(ctx, async (em) => {
        const roles = unique(request.roles);
        await this.checkAssignable(em, ctx, tenantId, roles, []);
        const user = newStaffUser(tenantId, request, roles);
        new UserRepository(em).add(user);
        const mail = await this.links.invitation(em, user);
        stageEvent(em, USER_INVITED, ctx, { userId: user.id, kind: 'staff' });
        await em.flush();
        return { view: toUserView(user), mail };
      })
      .catch(rethrowTranslated);
    void this.mailer.send(mail);
    return view;
  }

  /** P1: a new school's first admin, created by a platform admin; the school manages everyone else. */
  async createSchoolAdmin(ctx: MessageContext, request: CreateSchoolAdminRequest): Promise<UserView> {
    const { schoolId, ...profile } = request;
    const { view, mail } = await this.unitOfWork
      .forContext(ctx, async (em) => {
        if (!(await new SchoolRepository(em).findById(schoolId))) {
          throw BusException.notFound('school.not_found', 'The school does not exist');
        }
        await lockUserAdministration(em, schoolId);
        const users = new UserRepository(em);
        // Once the school has an active admin it manages its own users; until then (an
        // invitation not taken up) the platform may invite another.
        if ((await users.countActiveStaffWithAnyRole(schoolId, [SCHOOL_ADMIN_ROLE])) > 0) {
          throw BusException.conflict('school.admin_exists', 'The school already has an active admin');
        }
        const user = newStaffUser(schoolId, profile, [SCHOOL_ADMIN_ROLE]);
        users.add(user);
        const mail = await this.links.invitation(em, user);
        stageEvent(em, USER_INVITED, { ...ctx, tenantId: schoolId }, { userId: user.id, kind: 'staff' });
        await em.flush();
        return { view: toUserView(user), mail };
      })
      .catch(rethrowTranslated);
    void this.mailer.send(mail);
    return view;
  }

  /** Which of these staff accounts the school in ctx has (one query; another school's are not found, as unknown ones). */
  async find(ctx: MessageContext, request: FindIdsRequest): Promise<FoundIds> {
    const ids = idsToFind(request);
    if (!ctx.tenantId || !ids.length) return { found: [] };
    return { found: await this.unitOfWork.forContext(ctx, (em) => new UserRepository(em).existingIds(ids, 'staff')) };
  }

  /**
   * P19: a user is limited only to class groups of their own school. The groups are
   * pupil-records'; it is asked once for all of them, and a group it does not have there
   * (another school's, or none) answers 404 naming the entry, rather than being stored.
   */
  private async checkClassGroups(
    ctx: MessageContext,
    tenantId: string,
    classGroupIds: readonly string[] | null | undefined,
  ): Promise<void> {
    if (!classGroupIds?.length) return;
    const missing = new Set(await missingIds(this.bus, FIND_CLASS_GROUPS, ctx, tenantId, classGroupIds));
    if (!missing.size) return;
    throw new BusException({
      kind: 'not_found',
      code: 'class_group.not_found',
      message: 'The class group does not exist',
      errors: classGroupIds
        .map((id, index) => ({ id, field: `classGroupIds[${index}]` }))
        .filter(({ id }) => missing.has(id))
        .map(({ field }) => ({ field, message: 'is not a class group of this school' })),
    });
  }

  async list(ctx: SchoolContext, request: ListUsersRequest): Promise<UserPage> {
    const { tenantId } = ctx;
    const after = cursorAfter(request.cursor, 'id');
    const rows = await this.unitOfWork.forContext(ctx, (em) =>
      new UserRepository(em).page(
        { kind: 'staff', tenantId, role: request.role, status: request.status },
        request.limit,
        after,
      ),
    );
    const page = pageOf(rows, request.limit, (user) => ({ key: user.id, id: user.id }));
    return { items: page.items.map(toUserView), nextCursor: page.nextCursor };
  }

  async get(ctx: SchoolContext, request: UserIdRequest): Promise<UserView> {
    const user = await this.unitOfWork.forContext(ctx, (em) =>
      new UserRepository(em).findOfKind(request.userId, 'staff'),
    );
    if (!user) throw userNotFound();
    return toUserView(user);
  }

  /**
   * A change of roles or class groups does not end the user's sessions: it applies at
   * their next token refresh, within one access-token lifetime (see AccessResolver).
   */
  async update(ctx: SchoolContext, request: UpdateUserRequest): Promise<UserView> {
    const { tenantId } = ctx;
    await this.checkClassGroups(ctx, tenantId, request.changes?.classGroupIds);
    return this.unitOfWork
      .forContext(ctx, async (em) => {
        if (request.changes.roles) await lockUserAdministration(em, tenantId);
        const users = new UserRepository(em);
        const user = await users.findOfKindForUpdate(request.userId, 'staff');
        if (!user) throw userNotFound();
        checkVersion(user.version, request.expectedVersion);
        const changes: UserChanges = { ...normaliseProfile(request.changes) };
        if (request.changes.roles) changes.roles = unique(request.changes.roles);
        if (request.changes.classGroupIds !== undefined) {
          changes.classGroupIds = request.changes.classGroupIds ? unique(request.changes.classGroupIds) : null;
        }
        const fields = CHANGEABLE.filter(
          (field) => changes[field] !== undefined && !sameValue(user[field as keyof UserAccount], changes[field]),
        );
        if (!fields.length) return toUserView(user);
        if (fields.includes('roles')) await this.checkAssignable(em, ctx, tenantId, changes.roles!, user.roles);
        const apply = () => Object.assign(user, pick(changes, fields));
        // Taking roles away may take away the school's last user manager.
        if (fields.includes('roles')) await this.managerGuard(em, tenantId, user, apply);
        else apply();
        stageEvent(em, USER_UPDATED, ctx, { userId: user.id, fields });
        await em.flush();
        return toUserView(user);
      })
      .catch(rethrowTranslated);
  }

  /** Deactivated at once: every session ends now, and every gateway drops their tokens. */
  async deactivate(ctx: SchoolContext, request: UserIdRequest): Promise<UserView> {
    const { tenantId } = ctx;
    const { view, ended } = await this.unitOfWork.forContext(ctx, async (em) => {
      await lockUserAdministration(em, tenantId);
      const user = await new UserRepository(em).findOfKindForUpdate(request.userId, 'staff');
      if (!user) throw userNotFound();
      checkVersion(user.version, request.expectedVersion);
      if (user.status === 'deactivated') return { view: toUserView(user), ended: [] as string[] };
      await this.managerGuard(em, tenantId, user, () => {
        user.status = 'deactivated';
      });
      const ended = await this.endAccess(em, ctx, user, 'user_deactivated');
      stageEvent(em, USER_DEACTIVATED, ctx, { userId: user.id, sessionsEnded: ended.length });
      await em.flush();
      return { view: toUserView(user), ended };
    });
    this.sessions.broadcast(ended, 'user_deactivated');
    return view;
  }

  /**
   * A deactivated account back: active when it had set its password, else invited (the old
   * link died with the deactivation; resendInvitation sends a new one). Its roles count as
   * given again, so nobody brings back an account with permissions they do not hold (P19).
   * Its new tokens come from a sign-in, so its access starts from a fresh resolution.
   */
  async reactivate(ctx: SchoolContext, request: UserIdRequest): Promise<UserView> {
    const { tenantId } = ctx;
    return this.unitOfWork.forContext(ctx, async (em) => {
      await lockUserAdministration(em, tenantId);
      const user = await new UserRepository(em).findOfKindForUpdate(request.userId, 'staff');
      if (!user) throw userNotFound();
      checkVersion(user.version, request.expectedVersion);
      if (user.status !== 'deactivated') return toUserView(user);
      await this.checkAssignable(em, ctx, tenantId, user.roles, []);
      user.status = user.passwordHash ? 'active' : 'invited';
      stageEvent(em, USER_UPDATED, ctx, { userId: user.id, fields: ['status'] });
      await em.flush();
      return toUserView(user);
    });
  }

  async remove(ctx: SchoolContext, request: UserIdRequest): Promise<{ removed: true }> {
    const { tenantId } = ctx;
    const ended = await this.unitOfWork.forContext(ctx, async (em) => {
      await lockUserAdministration(em, tenantId);
      const users = new UserRepository(em);
      const user = await users.findOfKindForUpdate(request.userId, 'staff');
      if (!user) throw userNotFound();
      checkVersion(user.version, request.expectedVersion);
      await this.managerGuard(em, tenantId, user, () => {
        // Counted as gone before it is deleted.
        user.status = 'deactivated';
      });
      const ended = await this.endAccess(em, ctx, user, 'user_removed');
      users.remove(user);
      stageEvent(em, USER_REMOVED, ctx, { userId: user.id });
      return ended;
    });
    this.sessions.broadcast(ended, 'user_removed');
    return { removed: true };
  }

  /** A fresh set-password link for someone whose invitation was lost or expired; older links stop working. */
  async resendInvitation(ctx: SchoolContext, request: UserIdRequest): Promise<UserView> {
    return this.invitations.resend(ctx, request.userId, 'staff', userNotFound);
  }

  /** Links die and sessions end with the account's access. Returns the ended session ids. */
  private async endAccess(
    em: EntityManager,
    ctx: MessageContext,
    user: UserAccount,
    reason: SessionEndReason,
  ): Promise<string[]> {
    await new UserTokenRepository(em).deleteAllOf(user.id);
    // A removed account leaves no sign-in failure counts behind (data minimisation).
    if (reason === 'user_removed') await new CredentialLockoutRepository(em).clear(user.id);
    return this.sessions.endAllForUser(em, user.id, reason, { ctx });
  }

  /**
   * Roles given must exist in the school (built-in or its custom roles), and nobody may
   * hand out a permission they do not hold themselves (P19: no escalation through roles).
   */
  private async checkAssignable(
    em: EntityManager,
    ctx: MessageContext,
    tenantId: string,
    roles: string[],
    previous: string[],
  ): Promise<void> {
    const catalog = await SchoolRoleCatalog.load(em, tenantId);
    const unknown = roles.filter((role) => !catalog.has(role));
    if (unknown.length) {
      throw BusException.validation([{ field: 'roles', message: `unknown role: ${unknown.join(', ')}` }]);
    }
    const added = roles.filter((role) => !previous.includes(role));
    const missing = missingPermissions(catalog.permissionsOf(added), ctx.actor.permissions ?? []);
    if (missing.length) {
      throw BusException.forbidden('role.escalation', 'You cannot give a role with permissions you do not hold', {
        missing,
      });
    }
  }

  /**
   * P8: a school must keep at least one active user who can manage users, or nobody
   * could manage its accounts again. Applies `change`, then refuses (409) if it took away
   * the last one. Runs under the school's user-administration lock.
   */
  private async managerGuard(
    em: EntityManager,
    tenantId: string,
    user: UserAccount,
    change: () => void,
  ): Promise<void> {
    const catalog = await SchoolRoleCatalog.load(em, tenantId);
    const managerRoles = catalog.rolesGranting('users:manage');
    const users = new UserRepository(em);
    const before = await users.countActiveStaffWithAnyRole(tenantId, managerRoles);
    change();
    await em.flush();
    const after = await users.countActiveStaffWithAnyRole(tenantId, managerRoles);
    if (before > 0 && after === 0) {
      throw BusException.conflict(
        'user.last_admin',
        'The school must keep at least one active user who can manage users',
        {
          userId: user.id,
        },
      );
    }
  }
}

/**
 * Changes that can take away a school's user managers are serialised per school, so two
 * admins removing each other at once cannot both pass the last-admin check.
 */
export async function lockUserAdministration(em: EntityManager, tenantId: string): Promise<void> {
  await em.execute(`select pg_advisory_xact_lock(hashtext('user-administration:' || ?))`, [tenantId]);
}

function newStaffUser(
  tenantId: string,
  profile: InviteUserRequest | Omit<CreateSchoolAdminRequest, 'schoolId'>,
  roles: string[],
): UserAccount {
  const user = new UserAccount();
  Object.assign(user, {
    title: null,
    jobTitle: null,
    telephone: null,
    teacherReferenceNumber: null,
    ...normaliseProfile(profile),
    id: uuid7(),
    tenantId,
    kind: 'staff',
    roles,
    classGroupIds: 'classGroupIds' in profile && profile.classGroupIds ? unique(profile.classGroupIds) : null,
    status: 'invited',
  });
  return user;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((value, i) => value === b[i]);
  return a === b;
}

function pick(changes: UserChanges, fields: (keyof UserChanges)[]): Partial<UserAccount> {
  return Object.fromEntries(fields.map((field) => [field, changes[field]])) as Partial<UserAccount>;
}

function rethrowTranslated(error: unknown): never {
  throw translateLoginClash(error);
}
