import { BigIntType, Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { PaymentMethod } from '@pt/contracts';

/** Money received from a school; what no invoice took is its account credit. */
@Entity({ tableName: 'payment' })
// P28: the finance API lists every school's rows in the order they were recorded (they never change).
@Index({ name: 'payment_finance_sync', properties: ['createdAt', 'id'] })
@Index({ properties: ['tenantId', 'receivedOn'] })
export class Payment {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  /** The school. */
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'text' }) method!: PaymentMethod;
  @Property({ type: 'text' }) reference!: string;
  @Property({ type: new BigIntType('number') }) amountPence!: number;
  @Property({ type: 'date' }) receivedOn!: string;
  @Property({ type: new BigIntType('number') }) unallocatedPence!: number;
  @Property({ type: 'datetime' }) createdAt!: Date;
}

/** The part of a payment that went to one invoice. */
@Entity({ tableName: 'payment_allocation' })
@Index({ properties: ['invoiceId'] })
export class PaymentAllocation {
  @PrimaryKey({ type: 'uuid' }) paymentId!: string;
  @PrimaryKey({ type: 'uuid' }) invoiceId!: string;
  /** The school. */
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'text' }) invoiceNumber!: string;
  @Property({ type: new BigIntType('number') }) amountPence!: number;
}
