import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A school as billing's customer, one row per school: made when identity reports that the
 * school signed its data processing terms. Nothing is subscribed or billed without it.
 */
@Entity({ tableName: 'billing_customer' })
export class BillingCustomer {
  /** The school, i.e. the tenant. */
  @PrimaryKey({ type: 'uuid' }) tenantId!: string;
  /** When the signed status was reported (the event's time). */
  @Property({ type: 'datetime' }) since!: Date;
}
