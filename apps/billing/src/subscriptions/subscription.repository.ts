import { EntityManager } from '@mikro-orm/postgresql';
import { Subscription } from './subscription.entity';
import { FinancePage, financePageQuery, FinancePageRows } from '../finance-api/finance-page';

/** The only code that queries `subscription`. */
export class SubscriptionRepository {
  constructor(private readonly em: EntityManager) {}

  /** P28: a page of every school's rows for the finance API, by (updated_at, id) (platform scope). */
  async financePage(page: FinancePage): Promise<FinancePageRows<Subscription>> {
    const { sql, params } = financePageQuery('subscription', 'updated_at', page);
    const rows = await this.em.execute<Array<Record<string, unknown> & { changed_at: string; id: string }>>(
      sql,
      params,
    );
    return rows.map((row) => ({ entity: this.em.map(Subscription, row), changed_at: row.changed_at, id: row.id }));
  }

  ofSchool(tenantId: string): Promise<Subscription | null> {
    return this.em.findOne(Subscription, { tenantId });
  }

  /**
   * Locked for the rest of the transaction: one plan change or renewal at a time. The row is
   * locked by a plain statement and then loaded: the ORM's locking findOne answered null to a
   * caller that had waited for the lock while another renewal committed (found by the
   * two-renewals-at-once test), so the loser was told the school had no subscription.
   */
  async ofSchoolForUpdate(tenantId: string): Promise<Subscription | null> {
    await this.em.execute(`select id from subscription where tenant_id = ? for update`, [tenantId]);
    return this.em.findOne(Subscription, { tenantId }, { refresh: true });
  }

  /** Every school's subscription whose term holds `day` (platform scope: the annual invoice run). */
  coveringDay(day: string): Promise<Subscription[]> {
    return this.em.find(Subscription, { startsOn: { $lte: day }, endsOn: { $gte: day } }, { orderBy: { id: 'asc' } });
  }

  add(subscription: Subscription): void {
    this.em.persist(subscription);
  }
}
