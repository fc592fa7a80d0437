import { EntityManager } from '@mikro-orm/postgresql';
import { CursorPosition } from '@pt/persistence';
import { BreachIncident, BreachSchool, BreachUpdate } from './breach-incident.entity';

/** The only place that queries the breach register. */
export class BreachRepository {
  constructor(private readonly em: EntityManager) {}

  findById(id: string): Promise<BreachIncident | null> {
    return this.em.findOne(BreachIncident, { id });
  }

  /** Locked for the rest of the transaction: changes of one incident are serialised. */
  findForUpdate(id: string): Promise<BreachIncident | null> {
    return this.em.findOne(BreachIncident, { id }, { lockMode: 4 /* PESSIMISTIC_WRITE */ });
  }

  /** Newest first, `limit + 1` rows after the cursor (keyset on recorded_at, id). */
  page(limit: number, after: CursorPosition | null): Promise<BreachIncident[]> {
    const where: Record<string, unknown> = {};
    if (after) {
      const at = new Date(after.key);
      Object.assign(where, { $or: [{ recordedAt: { $lt: at } }, { recordedAt: at, id: { $lt: after.id } }] });
    }
    return this.em.find(BreachIncident, where, { orderBy: { recordedAt: 'desc', id: 'desc' }, limit: limit + 1 });
  }

  schoolsOf(incidentIds: string[]): Promise<BreachSchool[]> {
    if (!incidentIds.length) return Promise.resolve([]);
    return this.em.find(BreachSchool, { incidentId: { $in: incidentIds } }, { orderBy: { addedAt: 'asc', id: 'asc' } });
  }

  updatesOf(incidentIds: string[]): Promise<BreachUpdate[]> {
    if (!incidentIds.length) return Promise.resolve([]);
    return this.em.find(
      BreachUpdate,
      { incidentId: { $in: incidentIds } },
      { orderBy: { recordedAt: 'asc', id: 'asc' } },
    );
  }

  findSchool(incidentId: string, schoolId: string): Promise<BreachSchool | null> {
    return this.em.findOne(BreachSchool, { incidentId, schoolId });
  }

  add(row: BreachIncident | BreachSchool | BreachUpdate): void {
    this.em.persist(row);
  }
}
