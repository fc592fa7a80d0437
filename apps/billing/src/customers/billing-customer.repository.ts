import { EntityManager } from '@mikro-orm/postgresql';
import { BillingCustomer } from './billing-customer.entity';

/** The only code that reads and writes `billing_customer`. */
export class BillingCustomerRepository {
  constructor(private readonly em: EntityManager) {}

  find(tenantId: string): Promise<BillingCustomer | null> {
    return this.em.findOne(BillingCustomer, { tenantId });
  }

  /** Billing account numbers by school, for the schools given that are customers (platform scope). */
  async accountNumbers(tenantIds: readonly string[]): Promise<Map<string, number>> {
    if (!tenantIds.length) return new Map();
    const rows = await this.em.find(BillingCustomer, { tenantId: { $in: [...tenantIds] } });
    return new Map(rows.map((row) => [row.tenantId, row.accountNumber]));
  }

  /** Once a customer, always one: a second signature (or a redelivery) changes nothing. */
  async becomeCustomer(tenantId: string, since: Date): Promise<void> {
    await this.em.execute(
      `insert into billing_customer (tenant_id, since) values (?, ?) on conflict (tenant_id) do nothing`,
      [tenantId, since],
    );
  }
}
