import { BigIntType, Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { PaymentMethod } from '@pt/contracts';

/** Money paid back to a school out of its account credit (a credit note's, when one is named); never changed. */
@Entity({ tableName: 'refund' })
@Index({ properties: ['tenantId', 'refundedOn'] })
@Index({ properties: ['creditNoteId'] })
export class Refund {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  /** The school. */
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'uuid', nullable: true }) creditNoteId!: string | null;
  @Property({ type: 'text', nullable: true }) creditNoteNumber!: string | null;
  @Property({ type: 'text' }) method!: PaymentMethod;
  @Property({ type: 'text' }) reference!: string;
  @Property({ type: new BigIntType('number') }) amountPence!: number;
  @Property({ type: 'date' }) refundedOn!: string;
  @Property({ type: 'datetime' }) createdAt!: Date;
}

/** Account credit (a credit note's, when one is named) used to pay an invoice; never changed. */
@Entity({ tableName: 'credit_application' })
@Index({ properties: ['tenantId'] })
@Index({ properties: ['creditNoteId'] })
@Index({ properties: ['invoiceId'] })
export class CreditApplication {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  /** The school. */
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'uuid' }) invoiceId!: string;
  @Property({ type: 'text' }) invoiceNumber!: string;
  @Property({ type: 'uuid', nullable: true }) creditNoteId!: string | null;
  @Property({ type: 'text', nullable: true }) creditNoteNumber!: string | null;
  @Property({ type: new BigIntType('number') }) amountPence!: number;
  @Property({ type: 'datetime' }) createdAt!: Date;
}
