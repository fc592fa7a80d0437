import { BigIntType, Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { InvoiceSnapshot, InvoiceStatus } from '@pt/contracts';

/**
 * An invoice for one term year of a school's subscription. The snapshot holds every
 * printed figure and party, fixed when the draft is made; the columns beside it are what
 * the rules query (state, number, totals, what has been paid and credited).
 */
@Entity({ tableName: 'invoice' })
// P28: the finance API lists documents (not drafts) in the order they last changed.
@Index({
  name: 'invoice_finance_sync',
  expression: 'create index "invoice_finance_sync" on "invoice" ("updated_at", "id") where "status" <> \'draft\'',
})
@Unique({ name: 'invoice_series_number_unique', properties: ['tenantId', 'sequenceNumber'] })
// A term year is invoiced once (the annual run may be rerun); a void invoice frees its period.
@Unique({
  name: 'invoice_subscription_period_unique',
  expression:
    'create unique index "invoice_subscription_period_unique" on "invoice" ("subscription_id", "period_from", "period_to") where "status" <> \'void\'',
})
export class Invoice {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  /** The school. */
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'uuid' }) subscriptionId!: string;
  @Property({ type: 'date' }) periodFrom!: string;
  @Property({ type: 'date' }) periodTo!: string;
  @Property({ type: 'text' }) status: InvoiceStatus = 'draft';
  @Property({ type: 'integer', nullable: true }) sequenceNumber: number | null = null;
  @Property({ type: 'text', nullable: true }) number: string | null = null;
  @Property({ type: 'date', nullable: true }) issuedOn: string | null = null;
  @Property({ type: 'date', nullable: true }) taxPoint: string | null = null;
  @Property({ type: 'date', nullable: true }) dueOn: string | null = null;
  @Property({ type: 'json' }) snapshot!: InvoiceSnapshot;
  @Property({ type: new BigIntType('number') }) grossPence!: number;
  @Property({ type: new BigIntType('number') }) creditedPence = 0;
  @Property({ type: new BigIntType('number') }) paidPence = 0;
  @Property({ type: 'text', nullable: true }) voidReason: string | null = null;
  @Property({ type: 'datetime' }) createdAt!: Date;
  @Property({ type: 'datetime' }) updatedAt!: Date;
}
