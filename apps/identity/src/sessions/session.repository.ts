import { EntityManager } from '@mikro-orm/postgresql';
import { Session } from './session.entity';

export class SessionRepository {
  constructor(private readonly em: EntityManager) {}

  /** Locks the row: two refreshes of one session must not both rotate it. */
  findForUpdate(id: string): Promise<Session | null> {
    return this.em.findOne(Session, { id }, { lockMode: 4 /* PESSIMISTIC_WRITE */ });
  }

  add(session: Session): void {
    this.em.persist(session);
  }

  /** Sessions ended early whose access tokens could still be unexpired. */
  async revokedSince(since: Date): Promise<Array<{ id: string }>> {
    return this.em.find(Session, { endedAt: { $gte: since } }, { fields: ['id'] });
  }
}
