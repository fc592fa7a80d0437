import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { PLATFORM_SCOPE, UnitOfWork } from '@pt/persistence';
import { BusException } from '@pt/platform';
import { IdentityConfig } from '../identity.config';
import { ConcurrentSessionPolicy } from '../schools/school.entity';
import { RevocationCtx, SessionRevocation } from './session-revocation';
import { SessionRepository } from './session.repository';

/**
 * P5: one account signed in several times at once, as its school decides
 * (School.concurrentSessions):
 * - 'allow': any number of sessions;
 * - 'replace' (the default, and for platform users, who have no school): a new sign-in
 *   ends the older sessions, whose next request gets 401 `session.replaced`;
 * - 'refuse': a sign-in while another session is in use is refused with 409
 *   `session.already_active`. A session counts as in use while it has been refreshed within
 *   CONCURRENT_SESSION_IDLE_MINUTES: a browser closed without signing out must not lock
 *   its user out until the session's absolute end; such an idle session is ended instead.
 */
@Injectable()
export class ConcurrentSessions {
  constructor(
    private readonly revocation: SessionRevocation,
    private readonly config: IdentityConfig,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /**
   * The sign-in that found another live session: admits it under the policy and runs
   * `start` (recording the new session) in the same unit of work, then tells every
   * gateway about the sessions it replaced.
   */
  async admitThen(
    user: { id: string; tenantId: string | null },
    ctx: RevocationCtx,
    policy: ConcurrentSessionPolicy,
    start: (em: EntityManager) => Promise<unknown>,
  ): Promise<void> {
    const replaced = await this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const ended = await this.admit(em, user, ctx, policy);
      await start(em);
      return ended;
    });
    this.revocation.broadcast(replaced, 'session_replaced');
  }

  /**
   * Called in the sign-in's unit of work before the new session is recorded, with the
   * policy that applies to the user (`effectivePolicy`). Returns the sessions it ended
   * (to broadcast as 'session_replaced' after commit).
   */
  async admit(
    em: EntityManager,
    user: { id: string; tenantId: string | null },
    ctx: RevocationCtx,
    policy: ConcurrentSessionPolicy,
  ): Promise<string[]> {
    if (policy === 'allow') return [];
    const sessions = new SessionRepository(em);
    await sessions.lockUser(user.id);
    if (policy === 'refuse') {
      const idleSince = new Date(Date.now() - this.config.CONCURRENT_SESSION_IDLE_MINUTES * 60_000);
      const live = await sessions.liveOf(user.id);
      if (live.some((session) => session.lastSeenAt > idleSince)) {
        throw BusException.conflict(
          'session.already_active',
          'This account is signed in elsewhere; sign out there first (the school allows one session at a time)',
        );
      }
      if (!live.length) return [];
    }
    return this.revocation.endAllForUser(em, user.id, 'session_replaced', { ctx });
  }
}

/** The policy for a user: platform users (no school) and schools without a (known) setting get 'replace'. */
export function effectivePolicy(
  tenantId: string | null,
  schoolPolicy: ConcurrentSessionPolicy | null,
): ConcurrentSessionPolicy {
  if (!tenantId) return 'replace';
  return schoolPolicy === 'allow' || schoolPolicy === 'refuse' ? schoolPolicy : 'replace';
}
