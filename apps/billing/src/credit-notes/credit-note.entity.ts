import { BigIntType, Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { CreditNoteSnapshot } from '@pt/contracts';

/** A credit note, issued (and numbered in the school's credit-note series) when it is made; never changed. */
@Entity({ tableName: 'credit_note' })
// P28: the finance API lists every school's rows in the order they were recorded (they never change).
@Index({ name: 'credit_note_finance_sync', properties: ['createdAt', 'id'] })
@Unique({ name: 'credit_note_series_number_unique', properties: ['tenantId', 'sequenceNumber'] })
@Index({ properties: ['invoiceId'] })
export class CreditNote {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  /** The school. */
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'uuid' }) invoiceId!: string;
  @Property({ type: 'integer' }) sequenceNumber!: number;
  @Property({ type: 'text' }) number!: string;
  @Property({ type: 'date' }) issuedOn!: string;
  @Property({ type: 'json' }) snapshot!: CreditNoteSnapshot;
  @Property({ type: new BigIntType('number') }) netPence!: number;
  @Property({ type: new BigIntType('number') }) vatPence!: number;
  @Property({ type: new BigIntType('number') }) grossPence!: number;
  @Property({ type: new BigIntType('number') }) appliedToInvoicePence!: number;
  @Property({ type: new BigIntType('number') }) owedToSchoolPence!: number;
  @Property({ type: 'datetime' }) createdAt!: Date;
}
