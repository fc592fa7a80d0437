import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/**
 * One subject-access or portability bundle produced for a request (P21). The bundle lies
 * in the file store; its one-time link is kept only as a SHA-256 hash, spent by the first
 * download (who and when are recorded), and dead after `expiresAt` anyway.
 */
@Entity({ tableName: 'rights_export' })
@Index({ properties: ['tenantId', 'requestId'] })
export class RightsExport {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'uuid' }) requestId!: string;
  @Property({ type: 'text' }) storeName!: string;
  @Property({ type: 'text' }) fileName!: string;
  @Property({ type: 'integer' }) sizeBytes!: number;
  @Property({ type: 'text', unique: true }) tokenHash!: string;
  @Property({ type: 'datetime' }) expiresAt!: Date;
  @Property({ type: 'datetime' }) producedAt: Date = new Date();
  @Property({ type: 'uuid', nullable: true }) producedBy: string | null = null;
  @Property({ type: 'datetime', nullable: true }) downloadedAt: Date | null = null;
  @Property({ type: 'uuid', nullable: true }) downloadedBy: string | null = null;
}

/**
 * An operation carried out for an erasure, restriction or objection request by the service
 * that owns the data, with its outcome (P22): done, or refused with the service's error code.
 * For rectification and consent withdrawal (done through the ordinary APIs) it records what
 * staff did.
 */
@Entity({ tableName: 'rights_action' })
@Index({ properties: ['tenantId', 'requestId'] })
export class RightsAction {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'uuid' }) requestId!: string;
  @Property({ type: 'text' }) operation!: string;
  @Property({ type: 'text' }) outcome!: string;
  @Property({ type: 'text', nullable: true }) errorCode: string | null = null;
  @Property({ type: 'text', nullable: true }) resultId: string | null = null;
  @Property({ type: 'text' }) summary!: string;
  @Property({ type: 'datetime' }) performedAt: Date = new Date();
  @Property({ type: 'uuid', nullable: true }) performedBy: string | null = null;
}

/** A reminder sent for a request at one stage (due soon, overdue): one per request and stage. */
@Entity({ tableName: 'rights_reminder' })
@Unique({ properties: ['requestId', 'stage'] })
export class RightsReminder {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'uuid' }) requestId!: string;
  @Property({ type: 'text' }) stage!: string;
  @Property({ type: 'integer' }) recipients!: number;
  @Property({ type: 'datetime' }) sentAt: Date = new Date();
}
