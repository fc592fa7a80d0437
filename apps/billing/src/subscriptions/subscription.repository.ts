import { EntityManager } from '@mikro-orm/postgresql';
import { Subscription } from './subscription.entity';

/** The only code that queries `subscription`. */
export class SubscriptionRepository {
  constructor(private readonly em: EntityManager) {}

  ofSchool(tenantId: string): Promise<Subscription | null> {
    return this.em.findOne(Subscription, { tenantId });
  }

  /** Locked for the rest of the transaction: one plan change at a time. */
  ofSchoolForUpdate(tenantId: string): Promise<Subscription | null> {
    return this.em.findOne(Subscription, { tenantId }, { lockMode: 4 /* PESSIMISTIC_WRITE */ });
  }

  /** Every school's subscription whose term holds `day` (platform scope: the annual invoice run). */
  coveringDay(day: string): Promise<Subscription[]> {
    return this.em.find(Subscription, { startsOn: { $lte: day }, endsOn: { $gte: day } }, { orderBy: { id: 'asc' } });
  }

  add(subscription: Subscription): void {
    this.em.persist(subscription);
  }
}
