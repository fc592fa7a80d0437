import { Index, Entity, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { LegalEntity, SubscriptionStatus } from '@pt/contracts';

/**
 * A school's subscription: one per school. Its status follows the end date only (P25: see
 * lifecycle/). `billingContactEmail` is personal data: never logged, never in an error, and
 * blanked at the school's purge.
 */
@Entity({ tableName: 'subscription' })
// P28: the finance API lists every school's rows in the order they last changed.
@Index({ name: 'subscription_finance_sync', properties: ['updatedAt', 'id'] })
@Unique({ properties: ['tenantId'] })
export class Subscription {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  /** The school. */
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'uuid' }) planId!: string;
  @Property({ type: 'uuid' }) priceVersionId!: string;
  @Property({ type: 'date' }) startsOn!: string;
  @Property({ type: 'date' }) endsOn!: string;
  @Property({ type: 'integer' }) pupils!: number;
  @Property({ type: 'text' }) billingContactEmail!: string;
  @Property({ type: 'text', nullable: true }) purchaseOrderNumber: string | null = null;
  @Property({ type: 'json' }) legalEntity!: LegalEntity;
  @Property({ type: 'text' }) status: SubscriptionStatus = 'active';
  /** When the lifecycle run moved it to expired (grace began). */
  @Property({ type: 'datetime', nullable: true }) expiredAt: Date | null = null;
  @Property({ type: 'datetime' }) createdAt!: Date;
  @Property({ type: 'datetime' }) updatedAt!: Date;
}
