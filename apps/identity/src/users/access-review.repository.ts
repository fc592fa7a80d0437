import { EntityManager } from '@mikro-orm/postgresql';
import { CursorPosition } from '@pt/persistence';
import { AccessReview } from './access-review.entity';

export class AccessReviewRepository {
  constructor(private readonly em: EntityManager) {}

  /** Newest first, `limit + 1` rows after the cursor (keyset on reviewed_at, id, descending). */
  page(tenantId: string, limit: number, after: CursorPosition | null): Promise<AccessReview[]> {
    const where: Record<string, unknown> = { tenantId };
    if (after) {
      const at = new Date(after.key);
      where.$or = [{ reviewedAt: { $lt: at } }, { reviewedAt: at, id: { $lt: after.id } }];
    }
    return this.em.find(AccessReview, where, { orderBy: { reviewedAt: 'desc', id: 'desc' }, limit: limit + 1 });
  }

  latest(tenantId: string): Promise<AccessReview | null> {
    return this.em.findOne(AccessReview, { tenantId }, { orderBy: { reviewedAt: 'desc', id: 'desc' } });
  }

  add(review: AccessReview): void {
    this.em.persist(review);
  }
}
