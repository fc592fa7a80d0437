import { Injectable } from '@nestjs/common';
import {
  ActiveSessionPage,
  ActiveSessionSummary,
  EndedSessionView,
  EndSessionRequest,
  isUuid,
  MessageContext,
  SESSION_ENDED_BY_ADMIN,
  SessionActivityReport,
} from '@pt/contracts';
import { pageOf, PLATFORM_SCOPE, tenantScope, UnitOfWork } from '@pt/persistence';
import { Clock, BusException, stageEvent } from '@pt/platform';
import { IdentityConfig } from '../identity.config';
import { cursorAfter } from '../users/user-rules';
import { SessionRevocation } from './session-revocation';
import { Activeness, SessionRepository } from './session.repository';

/** A report larger than this is cut: a gateway sends at most this many per message. */
const MAX_REPORTED = 5000;

const sessionNotFound = () => BusException.notFound('session.not_found', 'The session does not exist');

/**
 * P13: who is logged in. Ops see every school's active sessions and a per-school count;
 * a school's admins see and end their own school's. Activity comes from the gateways in
 * batches, never one message per request.
 */
@Injectable()
export class ActiveSessionsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly config: IdentityConfig,
    private readonly clock: Clock,
    private readonly revocation: SessionRevocation,
  ) {}

  /** Sessions now count as active when seen after the returned `seenAfter`. */
  activeness(): Activeness {
    const now = this.clock.nowMs();
    return { now: new Date(now), seenAfter: new Date(now - this.config.SESSION_IDLE_MINUTES * 60_000) };
  }

  /** A gateway's batch; malformed entries are dropped (it is fire-and-forget: nobody reads a reply). */
  async recordActivity(report: SessionActivityReport): Promise<{ updated: number }> {
    const activity = (Array.isArray(report?.sessions) ? report.sessions : [])
      .slice(0, MAX_REPORTED)
      .flatMap((entry) => {
        const seenAt = new Date(entry?.lastSeenAt);
        if (!isUuid(entry?.sessionId) || Number.isNaN(seenAt.getTime())) {
          return [];
        }
        const ip = typeof entry.ip === 'string' ? entry.ip.slice(0, 64) : null;
        const userAgent = typeof entry.userAgent === 'string' ? entry.userAgent.slice(0, 512) : null;
        return [{ sessionId: entry.sessionId, seenAt, ip, userAgent }];
      });
    if (!activity.length) return { updated: 0 };
    const updated = await this.unitOfWork.run(PLATFORM_SCOPE, (em) =>
      new SessionRepository(em).recordActivity(activity, this.clock.now()),
    );
    return { updated };
  }

  async list(
    ctx: MessageContext,
    request: { schoolId?: string; limit: number; cursor?: string },
  ): Promise<ActiveSessionPage> {
    const tenantId = this.viewerSchool(ctx, request.schoolId);
    const limit = Number.isInteger(request.limit) ? Math.max(1, Math.min(request.limit, 200)) : 50;
    const after = cursorAfter(request.cursor, 'time');
    const scope = tenantId && ctx.tenantId ? tenantScope(tenantId) : PLATFORM_SCOPE;
    const rows = await this.unitOfWork.run(scope, (em) =>
      new SessionRepository(em).activePage(this.activeness(), tenantId, limit, after),
    );
    const page = pageOf(rows, limit, (row) => ({ key: row.cursorKey, id: row.id }));
    return {
      items: page.items.map((row) => ({
        id: row.id,
        schoolId: row.tenantId,
        userId: row.userId,
        username: row.username,
        userKind: row.userKind,
        roles: row.roles,
        signedInAt: row.createdAt.toISOString(),
        lastSeenAt: row.lastSeenAt.toISOString(),
        ip: row.ip,
        userAgent: row.userAgent,
        lastSeenIp: row.lastSeenIp,
        lastSeenUserAgent: row.lastSeenUserAgent,
      })),
      nextCursor: page.nextCursor,
    };
  }

  async summary(): Promise<ActiveSessionSummary> {
    const active = this.activeness();
    const counts = await this.unitOfWork.run(PLATFORM_SCOPE, (em) => new SessionRepository(em).activeCounts(active));
    return {
      at: active.now.toISOString(),
      idleMinutes: this.config.SESSION_IDLE_MINUTES,
      total: counts.reduce((sum, row) => sum + row.active, 0),
      schools: counts.map((row) => ({ schoolId: row.tenantId, active: row.active })),
    };
  }

  /** Ops end any session (a reason is required); a school admin ends one of their own school's. */
  async end(ctx: MessageContext, request: EndSessionRequest): Promise<EndedSessionView> {
    const byOps = byOpsOutsideSchools(ctx);
    const note = typeof request.reason === 'string' ? request.reason.trim() : '';
    if (byOps && !note) throw BusException.validation([{ field: 'reason', message: 'is required' }]);
    if (!isUuid(request.sessionId)) throw sessionNotFound();
    const reason = byOps ? ('ended_by_ops' as const) : ('ended_by_school_admin' as const);
    const ended = await this.unitOfWork.forContext(ctx, async (em) => {
      // In a school's scope, row-level security and the tenant filter hide other schools' sessions: 404.
      const session = await new SessionRepository(em).findForUpdate(request.sessionId);
      if (!session || (ctx.tenantId && session.tenantId !== ctx.tenantId)) throw sessionNotFound();
      if (session.endedAt || !session.isLive(new Date())) {
        throw BusException.conflict('session.already_ended', 'The session has already ended');
      }
      session.endNote = note ? note.slice(0, 500) : null;
      this.revocation.endOne(em, session, reason, ctx);
      stageEvent(
        em,
        SESSION_ENDED_BY_ADMIN,
        { ...ctx, tenantId: session.tenantId },
        {
          sessionId: session.id,
          userId: session.userId,
          by: byOps ? 'ops' : 'school_admin',
        },
      );
      return session;
    });
    this.revocation.broadcast([ended.id], reason);
    return { sessionId: ended.id, endedAt: ended.endedAt!.toISOString(), reason };
  }

  /** The school whose sessions the viewer may list: ops any (or all: null), a school admin only their own. */
  private viewerSchool(ctx: MessageContext, schoolId: string | undefined): string | null {
    if (byOpsOutsideSchools(ctx)) {
      if (schoolId !== undefined && !isUuid(schoolId)) {
        throw BusException.validation([{ field: 'schoolId', message: 'must be a UUID' }]);
      }
      return schoolId ?? null;
    }
    return ctx.tenantId;
  }
}

/**
 * Ops (platform staff outside any school) and a school's admins reach these handlers
 * (the access rule admits both); which one asks decides the scope and the reason.
 */
function byOpsOutsideSchools(ctx: MessageContext): boolean {
  return ctx.actor.kind === 'platform' && !ctx.tenantId;
}
