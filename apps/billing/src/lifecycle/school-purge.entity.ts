import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { PurgeService } from '@pt/contracts';

/**
 * A school's purge (P25), created when its subscription expires (the purge is scheduled for
 * six months on) and kept after the purge as its certificate: when it was due, when it began,
 * when the last service confirmed, and until when billing keeps the school's financial
 * records (P27). Ids and dates only: nothing personal outlives the school.
 */
@Entity({ tableName: 'school_purge' })
@Unique({ properties: ['tenantId'] })
export class SchoolPurge {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  /** The school. */
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'uuid' }) subscriptionId!: string;
  /** The subscription's last day. */
  @Property({ type: 'date' }) endedOn!: string;
  @Property({ type: 'date', index: true }) purgeDueOn!: string;
  /** P27: the last day the school's invoices, credit notes and payments are kept. */
  @Property({ type: 'date', index: true }) financialRecordsKeptUntil!: string;
  @Property({ type: 'datetime' }) scheduledAt!: Date;
  @Property({ type: 'datetime', nullable: true }) startedAt: Date | null = null;
  @Property({ type: 'datetime', nullable: true }) completedAt: Date | null = null;
  @Property({ type: 'datetime', nullable: true }) financialRecordsDeletedAt: Date | null = null;
}

/** One service's confirmation that it deleted the school's data: counts per table, no ids. */
@Entity({ tableName: 'school_purge_confirmation' })
export class SchoolPurgeConfirmation {
  @PrimaryKey({ type: 'uuid' }) purgeId!: string;
  @PrimaryKey({ type: 'text' }) service!: PurgeService;
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'json' }) deleted!: Record<string, number>;
  @Property({ type: 'datetime' }) confirmedAt!: Date;
}
