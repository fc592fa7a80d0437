import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { LegalEntity } from '@pt/contracts';

/**
 * A school's subscription: one per school for now (the lifecycle after the end date is a
 * later increment). `billingContactEmail` is personal data: never logged, never in an error.
 */
@Entity({ tableName: 'subscription' })
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
  @Property({ type: 'text' }) status: 'active' = 'active';
  @Property({ type: 'datetime' }) createdAt!: Date;
  @Property({ type: 'datetime' }) updatedAt!: Date;
}
