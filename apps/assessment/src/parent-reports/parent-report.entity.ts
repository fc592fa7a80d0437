import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A parent report as issued: the PDF's bytes exactly as rendered, kept so every later
 * download is the report the parents were given, whatever has changed since. Never
 * updated; rows go only with the pupil's erasure (P17).
 */
@Entity({ tableName: 'parent_report' })
@Index({ properties: ['tenantId', 'pupilId', 'issuedAt'] })
@Index({ properties: ['tenantId', 'pointId'] })
export class ParentReport {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'uuid' }) pupilId!: string;
  @Property({ type: 'uuid' }) pointId!: string;
  @Property({ type: 'uuid', nullable: true }) batchId: string | null = null;
  @Property({ type: 'uuid', nullable: true }) issuedBy: string | null = null;
  @Property({ type: 'datetime' }) issuedAt!: Date;
  @Property({ type: 'integer' }) size!: number;
  @Property({ type: 'text' }) sha256!: string;
  @Property({ type: 'blob', lazy: true }) content!: Buffer;
}
