import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { PerPupilPrice } from '@pt/contracts';

/** A plan of the platform's price list. Platform-level: no tenant_id, so no school's walls apply. */
@Entity({ tableName: 'plan' })
export class Plan {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text', unique: true })
  code!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'uuid', nullable: true })
  createdBy: string | null = null;
}

/**
 * One price version of a plan, in force from its effective date until the next version's.
 * Written once and never changed: a new price is a new version.
 */
@Entity({ tableName: 'plan_price_version' })
@Unique({ properties: ['planId', 'effectiveFrom'] })
export class PlanPriceVersion {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Index()
  @Property({ type: 'uuid' })
  planId!: string;

  @Property({ type: 'date' })
  effectiveFrom!: string;

  @Property({ type: 'integer' })
  baseFeePence!: number;

  @Property({ type: 'json' })
  perPupil!: PerPupilPrice;

  @Property({ type: 'integer' })
  vatRateBasisPoints!: number;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'uuid', nullable: true })
  createdBy: string | null = null;
}
