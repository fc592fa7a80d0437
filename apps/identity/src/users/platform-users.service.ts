import { Injectable } from '@nestjs/common';
import {
  CreatePlatformUserRequest,
  ListPlatformUsersRequest,
  MessageContext,
  RecordSecurityTrainingRequest,
  SECURITY_TRAINING_RECORDED,
  USER_DEACTIVATED,
  USER_INVITED,
  UserIdRequest,
  UserPage,
  UserView,
} from '@pt/contracts';
import { pageOf, UnitOfWork } from '@pt/persistence';
import { BusException, checkVersion, stageEvent, uuid7 } from '@pt/platform';
import { Mailer } from '../mail/mailer';
import { isPlatformRole } from '../roles/role-catalog';
import { SessionRevocation } from '../sessions/session-revocation';
import { AccountLinks, InvitationResender } from './invitations';
import { UserAccount } from './user.entity';
import { UserRepository } from './user.repository';
import { UserTokenRepository } from './user-token.repository';
import { normaliseProfile, toUserView } from './user-view';
import { cursorAfter, translateLoginClash, userNotFound } from './user-rules';

const PLATFORM_ADMIN_ROLE = 'platform-admin';

/** Training completed more than this far in the future is a typo, not a fact. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Platform staff (platform admins, ops, support, finance): no school, created by a
 * platform admin (platform:users). P10: such an account is invited like staff, but its
 * set-password link (and so any sign-in) is refused until its security training has
 * been recorded by another platform admin.
 */
@Injectable()
export class PlatformUsersService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly links: AccountLinks,
    private readonly mailer: Mailer,
    private readonly sessions: SessionRevocation,
    private readonly invitations: InvitationResender,
  ) {}

  async create(ctx: MessageContext, request: CreatePlatformUserRequest): Promise<UserView> {
    const roles = [...new Set(request.roles)];
    const unknown = roles.filter((role) => !isPlatformRole(role));
    if (unknown.length) {
      throw BusException.validation([{ field: 'roles', message: `unknown platform role: ${unknown.join(', ')}` }]);
    }
    const { view, mail } = await this.unitOfWork
      .forContext(ctx, async (em) => {
        const user = new UserAccount();
        Object.assign(user, {
          title: null,
          jobTitle: null,
          telephone: null,
          ...normaliseProfile(request),
          teacherReferenceNumber: null,
          id: uuid7(),
          tenantId: null,
          kind: 'platform',
          roles,
          status: 'invited',
        });
        new UserRepository(em).add(user);
        const mail = await this.links.invitation(em, user);
        stageEvent(em, USER_INVITED, ctx, { userId: user.id, kind: 'platform' });
        await em.flush();
        return { view: toUserView(user), mail };
      })
      .catch((error: unknown) => {
        throw translateLoginClash(error);
      });
    void this.mailer.send(mail);
    return view;
  }

  async list(ctx: MessageContext, request: ListPlatformUsersRequest): Promise<UserPage> {
    const after = cursorAfter(request.cursor, 'id');
    const rows = await this.unitOfWork.forContext(ctx, (em) =>
      new UserRepository(em).page({ kind: 'platform', tenantId: null, status: request.status }, request.limit, after),
    );
    const page = pageOf(rows, request.limit, (user) => ({ key: user.id, id: user.id }));
    return { items: page.items.map(toUserView), nextCursor: page.nextCursor };
  }

  async get(ctx: MessageContext, request: UserIdRequest): Promise<UserView> {
    const user = await this.unitOfWork.forContext(ctx, (em) =>
      new UserRepository(em).findOfKind(request.userId, 'platform'),
    );
    if (!user) throw userNotFound();
    return toUserView(user);
  }

  /** P10: records the training that lets the account be activated. */
  async recordTraining(ctx: MessageContext, request: RecordSecurityTrainingRequest): Promise<UserView> {
    const completedAt = new Date(request.completedAt);
    if (Number.isNaN(completedAt.getTime()) || completedAt.getTime() > Date.now() + CLOCK_SKEW_MS) {
      throw BusException.validation([{ field: 'completedAt', message: 'must be a date that is not in the future' }]);
    }
    // Four eyes: nobody vouches for their own training.
    if (request.userId === ctx.actor.id) {
      throw BusException.forbidden('training.self_record', 'Another platform admin must record your training');
    }
    return this.unitOfWork.forContext(ctx, async (em) => {
      const user = await new UserRepository(em).findOfKindForUpdate(request.userId, 'platform');
      if (!user) throw userNotFound();
      user.securityTrainingCompletedAt = completedAt;
      user.securityTrainingCourse = request.course.trim();
      user.securityTrainingRecordedBy = ctx.actor.id;
      stageEvent(em, SECURITY_TRAINING_RECORDED, ctx, { userId: user.id });
      await em.flush();
      return toUserView(user);
    });
  }

  async deactivate(ctx: MessageContext, request: UserIdRequest): Promise<UserView> {
    const { view, ended } = await this.unitOfWork.forContext(ctx, async (em) => {
      await em.execute(`select pg_advisory_xact_lock(hashtext('user-administration:platform'))`);
      const users = new UserRepository(em);
      const user = await users.findOfKindForUpdate(request.userId, 'platform');
      if (!user) throw userNotFound();
      checkVersion(user.version, request.expectedVersion);
      if (user.status === 'deactivated') return { view: toUserView(user), ended: [] as string[] };
      user.status = 'deactivated';
      await em.flush();
      if (user.roles.includes(PLATFORM_ADMIN_ROLE) && (await users.countActivePlatformAdmins()) === 0) {
        throw BusException.conflict('user.last_admin', 'The platform must keep at least one active platform admin');
      }
      await new UserTokenRepository(em).deleteAllOf(user.id);
      const ended = await this.sessions.endAllForUser(em, user.id, 'user_deactivated', { ctx });
      stageEvent(em, USER_DEACTIVATED, ctx, { userId: user.id, sessionsEnded: ended.length });
      return { view: toUserView(user), ended };
    });
    this.sessions.broadcast(ended, 'user_deactivated');
    return view;
  }

  async resendInvitation(ctx: MessageContext, request: UserIdRequest): Promise<UserView> {
    return this.invitations.resend(ctx, request.userId, 'platform', userNotFound);
  }
}
