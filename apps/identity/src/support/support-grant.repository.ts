import { EntityManager } from '@mikro-orm/postgresql';
import { SupportGrant } from './support-grant.entity';

export class SupportGrantRepository {
  constructor(private readonly em: EntityManager) {}

  findById(id: string): Promise<SupportGrant | null> {
    return this.em.findOne(SupportGrant, { id });
  }

  /** Newest first; in platform scope every school's, in a school's scope its own. */
  list(activeAt?: Date): Promise<SupportGrant[]> {
    const where = activeAt ? { revokedAt: null, startsAt: { $lte: activeAt }, expiresAt: { $gt: activeAt } } : {};
    return this.em.find(SupportGrant, where, { orderBy: { startsAt: 'desc', id: 'desc' }, limit: 500 });
  }

  add(grant: SupportGrant): void {
    this.em.persist(grant);
  }
}
