import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  MessageContext,
  SESSION_ENDED,
  SESSIONS_REVOKED_BROADCAST,
  SessionEndReason,
  SessionsRevoked,
  SYSTEM_ACTOR,
} from '@pt/contracts';
import { Broadcasts, stageEvent } from '@pt/platform';
import { IdentityConfig } from '../identity.config';
import { Session } from './session.entity';
import { EndedUserSession, SessionRepository } from './session.repository';

/** Who ends the sessions, for the events (ids only). */
export type RevocationCtx = Pick<MessageContext, 'actor' | 'requestId'> & { ip?: string | null };

const BROADCAST_BATCH = 5000;

const SYSTEM_CTX: RevocationCtx = { actor: SYSTEM_ACTOR, requestId: 'system' };

/**
 * Ending sessions early, in two steps:
 * 1. inside the caller's unit of work, the sessions are marked ended and a
 *    `session.ended` event is staged for each (so it all commits, or none of it does);
 * 2. after that commit, `broadcast` tells every gateway replica, so the sessions' access
 *    tokens stop working at once instead of at expiry.
 * Broadcasting before the commit could revoke sessions whose end then rolls back; not
 * broadcasting only delays the effect until the tokens expire (gateways also load the
 * list at start), so a lost broadcast is never a hole.
 *
 * Used by sign-out, sign-out everywhere, P5's replaced sessions, password changes, by
 * user management (a user deactivated or removed: reason 'user_deactivated' / 'user_removed')
 * and by P13 (idle sessions, maintenance starts, sessions ended by ops or a school admin).
 */
@Injectable()
export class SessionRevocation {
  constructor(
    private readonly config: IdentityConfig,
    private readonly broadcasts: Broadcasts,
  ) {}

  /**
   * Ends every live session of the user (except `exceptSessionId`, if given) in `em`'s
   * transaction and returns their ids; call `broadcast(ids, reason)` once it has committed.
   */
  async endAllForUser(
    em: EntityManager,
    userId: string,
    reason: SessionEndReason,
    options: { exceptSessionId?: string; ctx?: RevocationCtx } = {},
  ): Promise<string[]> {
    const ended = await new SessionRepository(em).endLive(userId, reason, options);
    for (const session of ended) this.stageEnded(em, session, userId, reason, options.ctx);
    return ended.map((session) => session.id);
  }

  /** Ends one loaded session (locked by the caller) in `em`'s transaction. */
  endOne(em: EntityManager, session: Session, reason: SessionEndReason, ctx?: RevocationCtx): void {
    session.endedAt = new Date();
    session.endReason = reason;
    this.stageEnded(em, session, session.userId, reason, ctx);
  }

  /**
   * P13: sessions ended in bulk by the caller's statement (idle, maintenance): stages
   * their `session.ended` events in the same transaction.
   */
  recordEnded(em: EntityManager, ended: EndedUserSession[], reason: SessionEndReason, ctx?: RevocationCtx): void {
    for (const session of ended) this.stageEnded(em, session, session.userId, reason, ctx);
  }

  /** After commit: every gateway replica drops these sessions' access tokens at once. */
  broadcast(sessionIds: string[], reason: SessionEndReason): void {
    if (!sessionIds.length) return;
    const until = Math.ceil(Date.now() / 1000) + this.config.ACCESS_TOKEN_TTL_SECONDS;
    // A maintenance start may end many thousands at once: keep each message well under NATS' payload limit.
    for (let from = 0; from < sessionIds.length; from += BROADCAST_BATCH) {
      const batch = sessionIds.slice(from, from + BROADCAST_BATCH);
      const message: SessionsRevoked = { sessions: batch.map((sessionId) => ({ sessionId, reason })), until };
      this.broadcasts.publish(SESSIONS_REVOKED_BROADCAST, message);
    }
  }

  private stageEnded(
    em: EntityManager,
    session: { id: string; tenantId: string | null },
    userId: string,
    reason: SessionEndReason,
    ctx: RevocationCtx = SYSTEM_CTX,
  ): void {
    stageEvent(
      em,
      SESSION_ENDED,
      { tenantId: session.tenantId, actor: ctx.actor, requestId: ctx.requestId, ip: ctx.ip },
      { sessionId: session.id, userId, reason },
    );
  }
}
