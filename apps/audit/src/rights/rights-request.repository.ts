import { EntityManager } from '@mikro-orm/postgresql';
import { CursorPosition } from '@pt/persistence';
import { RightsRequest } from './rights-request.entity';

export interface RightsRequestFilter {
  status?: 'open' | 'completed';
  /** Open and due before this date (`YYYY-MM-DD`). */
  overdueOn?: string;
}

/** The only place that queries the rights register; the tenant filter and RLS scope every read. */
export class RightsRequestRepository {
  constructor(private readonly em: EntityManager) {}

  findById(id: string): Promise<RightsRequest | null> {
    return this.em.findOne(RightsRequest, { id });
  }

  /** Locked for the rest of the transaction: changes of one request are serialised. */
  findForUpdate(id: string): Promise<RightsRequest | null> {
    return this.em.findOne(RightsRequest, { id }, { lockMode: 4 /* PESSIMISTIC_WRITE */ });
  }

  /** Newest first, `limit + 1` rows after the cursor (keyset on recorded_at, id). */
  page(filter: RightsRequestFilter, limit: number, after: CursorPosition | null): Promise<RightsRequest[]> {
    const where: Record<string, unknown>[] = [];
    if (filter.status === 'open') where.push({ completedAt: null });
    if (filter.status === 'completed') where.push({ completedAt: { $ne: null } });
    if (filter.overdueOn) where.push({ completedAt: null, currentDueOn: { $lt: filter.overdueOn } });
    if (after) {
      const at = new Date(after.key);
      where.push({ $or: [{ recordedAt: { $lt: at } }, { recordedAt: at, id: { $lt: after.id } }] });
    }
    return this.em.find(RightsRequest, where.length ? { $and: where } : {}, {
      orderBy: { recordedAt: 'desc', id: 'desc' },
      limit: limit + 1,
    });
  }

  add(request: RightsRequest): void {
    this.em.persist(request);
  }
}
