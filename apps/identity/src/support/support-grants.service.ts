import { Injectable } from '@nestjs/common';
import {
  CreateSupportGrantRequest,
  DEFAULT_SUPPORT_PERMISSIONS,
  isSchoolPermission,
  isUuid,
  MAX_SUPPORT_GRANT_HOURS,
  MessageContext,
  SUPPORT_GRANT_CREATED,
  SUPPORT_GRANT_REVOKED,
  SUPPORT_SESSION_STARTED,
  SupportAccess,
  SupportGrantView,
} from '@pt/contracts';
import { PLATFORM_SCOPE, UnitOfWork } from '@pt/persistence';
import { BusException, SchoolContext, stageEvent, uuid7 } from '@pt/platform';
import { randomBytes } from 'node:crypto';
import { Session } from '../sessions/session.entity';
import { SessionRepository } from '../sessions/session.repository';
import { SessionRevocation } from '../sessions/session-revocation';
import { hashSecret, TokenIssuer } from '../tokens/token-issuer';
import { SupportGrant } from './support-grant.entity';
import { SupportGrantRepository } from './support-grant.repository';
import { SupportSession } from './support-session.entity';

const notFound = () => BusException.notFound('support_grant.not_found', 'The support grant does not exist');

/**
 * P12: support staff enter a school only under that school's own, time-boxed consent,
 * with the permissions it chose; the school can end it at any moment, which ends every
 * support session under it at once.
 */
@Injectable()
export class SupportGrantsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly tokens: TokenIssuer,
    private readonly revocation: SessionRevocation,
  ) {}

  create(ctx: SchoolContext, request: CreateSupportGrantRequest): Promise<SupportGrantView> {
    const permissions = request.permissions ?? DEFAULT_SUPPORT_PERMISSIONS;
    const own = new Set(ctx.actor.permissions ?? []);
    const invalid = permissions.filter((p) => !isSchoolPermission(p) || !own.has(p));
    if (invalid.length) {
      throw BusException.validation([
        { field: 'permissions', message: `cannot grant ${invalid.join(', ')}: not a school permission you hold` },
      ]);
    }
    if (request.durationHours > MAX_SUPPORT_GRANT_HOURS) {
      throw BusException.validation([
        { field: 'durationHours', message: `must be at most ${MAX_SUPPORT_GRANT_HOURS}` },
      ]);
    }
    return this.unitOfWork.forContext(ctx, async (em) => {
      const now = new Date();
      const grant = Object.assign(new SupportGrant(), {
        id: uuid7(),
        tenantId: ctx.tenantId,
        grantedBy: ctx.actor.id,
        reason: request.reason,
        permissions: [...new Set(permissions)].sort(),
        startsAt: now,
        expiresAt: new Date(now.getTime() + request.durationHours * 3600_000),
      });
      new SupportGrantRepository(em).add(grant);
      stageEvent(em, SUPPORT_GRANT_CREATED, ctx, { grantId: grant.id, expiresAt: grant.expiresAt.toISOString() });
      return viewOf(grant);
    });
  }

  /** A school sees its own grants; platform support sees the active ones of every school. */
  async list(ctx: MessageContext, activeOnly: boolean): Promise<SupportGrantView[]> {
    const now = new Date();
    const grants = await this.unitOfWork.forContext(ctx, (em) =>
      new SupportGrantRepository(em).list(activeOnly || !ctx.tenantId ? now : undefined),
    );
    return grants.map(viewOf);
  }

  /** In the school's tenant scope, so another school's grant is not found, as one that does not exist. */
  async get(ctx: SchoolContext, grantId: string): Promise<SupportGrantView> {
    if (!isUuid(grantId)) throw notFound();
    const grant = await this.unitOfWork.forContext(ctx, (em) => new SupportGrantRepository(em).findById(grantId));
    if (!grant) throw notFound();
    return viewOf(grant);
  }

  async revoke(ctx: SchoolContext, grantId: string): Promise<SupportGrantView> {
    const { view, ended } = await this.unitOfWork.forContext(ctx, async (em) => {
      const grant = await new SupportGrantRepository(em).findById(grantId);
      if (!grant) throw notFound();
      if (grant.revokedAt) return { view: viewOf(grant), ended: [] as string[] };
      grant.revokedAt = new Date();
      grant.revokedBy = ctx.actor.id;
      stageEvent(em, SUPPORT_GRANT_REVOKED, ctx, { grantId });
      const sessions = await em.find(Session, {
        id: { $in: (await em.find(SupportSession, { grantId })).map((s) => s.sessionId) },
        endedAt: null,
      });
      for (const session of sessions) this.revocation.endOne(em, session, 'support_grant_revoked', ctx);
      return { view: viewOf(grant), ended: sessions.map((s) => s.id) };
    });
    this.revocation.broadcast(ended, 'support_grant_revoked');
    return view;
  }

  /** A support user enters the granting school: a short session within the grant's time box. */
  enter(ctx: MessageContext, grantId: string): Promise<SupportAccess> {
    // Platform staff outside any school: the handler's access rule admits nobody else.
    const supportUserId = ctx.actor.id!;
    return this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const grant = await new SupportGrantRepository(em).findById(grantId);
      if (!grant) throw notFound();
      if (!grant.isActive(new Date())) {
        throw BusException.conflict('support_grant.inactive', 'The grant has expired or was revoked by the school');
      }
      const session = Object.assign(new Session(), {
        id: uuid7(),
        tenantId: grant.tenantId,
        userId: supportUserId,
        // Support sessions are not refreshed: the hash of a secret nobody holds.
        refreshHash: hashSecret(randomBytes(32).toString('base64url')),
        expiresAt: grant.expiresAt,
        ip: ctx.ip,
      });
      new SessionRepository(em).add(session);
      em.persist(Object.assign(new SupportSession(), { sessionId: session.id, grantId, tenantId: grant.tenantId }));
      stageEvent(
        em,
        SUPPORT_SESSION_STARTED,
        { ...ctx, tenantId: grant.tenantId, actor: { ...ctx.actor, supportGrantId: grant.id } },
        { grantId, sessionId: session.id, supportUserId },
      );
      const token = this.tokens.issueSupportAccess(supportUserId, session, grant);
      return { ...token, grantId, schoolId: grant.tenantId };
    });
  }
}

function viewOf(grant: SupportGrant): SupportGrantView {
  return {
    id: grant.id,
    schoolId: grant.tenantId,
    grantedBy: grant.grantedBy,
    reason: grant.reason,
    permissions: grant.permissions,
    startsAt: grant.startsAt.toISOString(),
    expiresAt: grant.expiresAt.toISOString(),
    revokedAt: grant.revokedAt?.toISOString() ?? null,
    active: grant.isActive(new Date()),
  };
}
