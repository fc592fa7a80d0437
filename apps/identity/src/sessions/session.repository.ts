import { EntityManager } from '@mikro-orm/postgresql';
import { SessionEndReason } from '@pt/contracts';
import { Session } from './session.entity';

export interface EndedSession {
  id: string;
  tenantId: string | null;
}

/** The only place that queries sessions. */
export class SessionRepository {
  constructor(private readonly em: EntityManager) {}

  /** Locks the row: two refreshes of one session must not both rotate it. */
  findForUpdate(id: string): Promise<Session | null> {
    return this.em.findOne(Session, { id }, { lockMode: 4 /* PESSIMISTIC_WRITE */ });
  }

  add(session: Session): void {
    this.em.persist(session);
  }

  /**
   * Serialises sign-ins (and session ends) of one user until the transaction ends, so
   * that a concurrent-session policy (P5) cannot be raced by two sign-ins at once.
   */
  async lockUser(userId: string): Promise<void> {
    await this.em.execute(`select pg_advisory_xact_lock(hashtext('session-user:' || ?))`, [userId]);
  }

  /** The user's sessions that have not ended and have not reached their absolute end. */
  async liveOf(userId: string): Promise<Array<{ id: string; lastSeenAt: Date }>> {
    return this.em.find(
      Session,
      { userId, endedAt: null, expiresAt: { $gt: new Date() } },
      { fields: ['id', 'lastSeenAt'], orderBy: { createdAt: 'asc' } },
    );
  }

  /** Ends the user's live sessions (all but one, if given) in one statement; returns them. */
  async endLive(
    userId: string,
    reason: SessionEndReason,
    options: { exceptSessionId?: string } = {},
  ): Promise<EndedSession[]> {
    const conditions = [`user_id = ?`, `ended_at is null`, `expires_at > now()`];
    const params: unknown[] = [reason, userId];
    if (options.exceptSessionId) {
      conditions.push(`id <> ?`);
      params.push(options.exceptSessionId);
    }
    const rows = await this.em.execute<Array<{ id: string; tenant_id: string | null }>>(
      `update session set ended_at = now(), end_reason = ? where ${conditions.join(' and ')} returning id, tenant_id`,
      params,
    );
    return rows.map((row) => ({ id: row.id, tenantId: row.tenant_id }));
  }

  /** Sessions ended early whose access tokens could still be unexpired, with why they ended. */
  async revokedSince(since: Date): Promise<Array<{ id: string; endReason: string | null }>> {
    return this.em.find(Session, { endedAt: { $gte: since } }, { fields: ['id', 'endReason'] });
  }
}
