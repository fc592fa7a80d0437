import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One data-subject rights request in a school's register (P21, P22). The subject and the
 * requester are referenced by kind and id only. `currentDueOn` is the due date in force
 * (the extended one once extended), kept so that overdue requests can be found in SQL.
 */
@Entity({ tableName: 'rights_request' })
@Index({ properties: ['tenantId', 'recordedAt', 'id'] })
@Index({ properties: ['tenantId', 'currentDueOn'] })
export class RightsRequest {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'text' }) kind!: string;
  @Property({ type: 'text' }) subjectType!: string;
  @Property({ type: 'uuid' }) subjectId!: string;
  @Property({ type: 'text' }) requestedByType!: string;
  @Property({ type: 'uuid', nullable: true }) requestedById: string | null = null;
  @Property({ type: 'date' }) receivedOn!: string;
  @Property({ type: 'text', nullable: true }) notes: string | null = null;
  @Property({ type: 'date' }) dueOn!: string;
  @Property({ type: 'date', nullable: true }) extendedTo: string | null = null;
  @Property({ type: 'date' }) currentDueOn!: string;
  @Property({ type: 'integer', nullable: true }) extensionMonths: number | null = null;
  @Property({ type: 'text', nullable: true }) extensionReason: string | null = null;
  @Property({ type: 'datetime', nullable: true }) extendedAt: Date | null = null;
  @Property({ type: 'uuid', nullable: true }) extendedBy: string | null = null;
  @Property({ type: 'text', nullable: true }) outcome: string | null = null;
  @Property({ type: 'text', nullable: true }) completionSummary: string | null = null;
  @Property({ type: 'datetime', nullable: true }) completedAt: Date | null = null;
  @Property({ type: 'uuid', nullable: true }) completedBy: string | null = null;
  /** P21: how the requester's identity was checked, by whom and when (needed for pupils and parents). */
  @Property({ type: 'text', nullable: true }) identityCheckMethod: string | null = null;
  @Property({ type: 'text', nullable: true }) identityCheckNote: string | null = null;
  @Property({ type: 'datetime', nullable: true }) identityCheckedAt: Date | null = null;
  @Property({ type: 'uuid', nullable: true }) identityCheckedBy: string | null = null;
  @Property({ type: 'uuid', nullable: true }) recordedBy: string | null = null;
  @Property({ type: 'datetime' }) recordedAt: Date = new Date();
}
