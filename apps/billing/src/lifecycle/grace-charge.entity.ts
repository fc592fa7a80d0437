import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * P26: one grace-period access to pupil data, a charge on the school's account. Its figures
 * are a snapshot taken when it was charged, so a later price change alters none. A financial
 * record: it outlives the purge and goes with the invoices when their retention ends (P27).
 */
@Entity({ tableName: 'grace_charge' })
@Index({ properties: ['tenantId', 'chargedAt'] })
@Index({ name: 'grace_charge_finance_sync', properties: ['chargedAt', 'id'] })
export class GraceCharge {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'datetime' }) chargedAt!: Date;
  /** The route's template, never an id or a name. */
  @Property({ type: 'text' }) resource!: string;
  @Property({ type: 'uuid' }) priceVersionId!: string;
  @Property({ type: 'bigint' }) netPence!: number;
  @Property({ type: 'integer' }) vatRateBasisPoints!: number;
  @Property({ type: 'bigint' }) vatPence!: number;
  @Property({ type: 'bigint' }) grossPence!: number;
}
