import { EntityManager } from '@mikro-orm/postgresql';
import { CursorPosition } from '@pt/persistence';
import { RightsAction, RightsExport, RightsReminder } from './rights-fulfilment.entity';
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

  add(row: RightsRequest | RightsExport | RightsAction | RightsReminder): void {
    this.em.persist(row);
  }

  exportsOf(requestId: string): Promise<RightsExport[]> {
    return this.em.find(RightsExport, { requestId }, { orderBy: { producedAt: 'asc', id: 'asc' } });
  }

  actionsOf(requestId: string): Promise<RightsAction[]> {
    return this.em.find(RightsAction, { requestId }, { orderBy: { performedAt: 'asc', id: 'asc' } });
  }

  remindersOf(requestId: string): Promise<RightsReminder[]> {
    return this.em.find(RightsReminder, { requestId }, { orderBy: { sentAt: 'asc', id: 'asc' } });
  }

  /** The export a one-time link leads to, locked: two clicks at once spend it once. */
  findExportByTokenForUpdate(tokenHash: string): Promise<RightsExport | null> {
    return this.em.findOne(RightsExport, { tokenHash }, { lockMode: 4 /* PESSIMISTIC_WRITE */ });
  }

  /**
   * Open requests (every school's, in platform scope) due on or before `dueBy` that have not
   * yet been reminded at the stage they are in: overdue once past `today`, due soon before.
   */
  async dueForReminder(today: string, dueBy: string, limit: number): Promise<RightsRequest[]> {
    return this.em
      .createQueryBuilder(RightsRequest, 'r')
      .select('r.*')
      .where({ completedAt: null, currentDueOn: { $lte: dueBy } })
      .andWhere(
        `not exists (select 1 from rights_reminder m where m.request_id = r.id
           and m.stage = case when r.current_due_on < ? then 'overdue' else 'due-soon' end)`,
        [today],
      )
      .orderBy({ currentDueOn: 'asc', id: 'asc' })
      .limit(limit)
      .getResultList();
  }

  hasReminder(requestId: string, stage: string): Promise<boolean> {
    return this.em.count(RightsReminder, { requestId, stage }).then((n) => n > 0);
  }
}
