import { EntityManager, QueryOrder } from '@mikro-orm/postgresql';
import { Plan, PlanPriceVersion } from './plan.entity';

/** The only code that queries plans and their price versions. Versions are only ever inserted. */
export class PlanRepository {
  constructor(private readonly em: EntityManager) {}

  findById(id: string): Promise<Plan | null> {
    return this.em.findOne(Plan, { id });
  }

  /** Locked for the rest of the transaction: versions of one plan are added one at a time. */
  findForUpdate(id: string): Promise<Plan | null> {
    return this.em.findOne(Plan, { id }, { lockMode: 4 /* PESSIMISTIC_WRITE */ });
  }

  codeTaken(code: string): Promise<boolean> {
    return this.em.count(Plan, { code }).then((n) => n > 0);
  }

  all(): Promise<Plan[]> {
    return this.em.find(Plan, {}, { orderBy: { code: QueryOrder.ASC } });
  }

  versionsOf(planIds: string[]): Promise<PlanPriceVersion[]> {
    if (!planIds.length) return Promise.resolve([]);
    return this.em.find(PlanPriceVersion, { planId: { $in: planIds } }, { orderBy: { effectiveFrom: 'asc' } });
  }

  add(entity: Plan | PlanPriceVersion): void {
    this.em.persist(entity);
  }
}
