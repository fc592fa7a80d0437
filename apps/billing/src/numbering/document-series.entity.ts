import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

export type DocumentSeriesName = 'invoice' | 'credit_note';

/**
 * The last number given in a school's series of invoices or of credit notes. Numbers come
 * from this row, locked for the issuing transaction, never from a database sequence (a
 * sequence's numbers are not given back on rollback, which would leave gaps HMRC asks about).
 */
@Entity({ tableName: 'document_series' })
export class DocumentSeries {
  /** The school. */
  @PrimaryKey({ type: 'uuid' }) tenantId!: string;
  @PrimaryKey({ type: 'text' }) series!: DocumentSeriesName;
  @Property({ type: 'integer' }) lastNumber = 0;
}
