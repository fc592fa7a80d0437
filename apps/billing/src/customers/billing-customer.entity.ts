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
  /**
   * The school's billing account number, printed in its invoice and credit-note numbers so
   * that each school's own series still identifies every document of the platform uniquely.
   * Given by a database sequence: a gap between accounts means nothing, unlike one in a
   * document series.
   */
  @Property({ type: 'integer', autoincrement: true, unique: true }) accountNumber!: number;
}
