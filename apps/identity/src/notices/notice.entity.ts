import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { NoticeSubject } from '@pt/contracts';

/**
 * A platform notice to one school (e.g. a personal data breach affecting it, P23), read
 * in-app by the school's staff. One per school and incident, so a repeated request changes
 * nothing. Holds no personal data: ids, times and platform-written text only.
 */
@Entity({ tableName: 'school_notice' })
@Unique({ properties: ['tenantId', 'subject', 'incidentId'] })
@Index({ properties: ['tenantId', 'createdAt'] })
export class SchoolNotice {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  tenantId!: string;

  @Property({ type: 'text' })
  subject!: NoticeSubject;

  @Property({ type: 'uuid' })
  incidentId!: string;

  @Property({ type: 'datetime' })
  detectedAt!: Date;

  /** How many of the school's admins were emailed. */
  @Property({ type: 'integer' })
  recipients!: number;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
