import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { BillingContactNoticeKind } from '@pt/contracts';

/**
 * A notice to the school's billing contact before expiry or purge, keyed by the day it
 * announces: recorded once, however often the run repeats (a renewal, a new end date, has
 * notices of its own), then handed to identity, which mails it, until identity has answered
 * (sentAt); identity keeps one notice per id, so a retry after a lost answer mails nobody twice.
 */
@Entity({ tableName: 'lifecycle_notice' })
export class LifecycleNotice {
  @PrimaryKey({ type: 'uuid' }) subscriptionId!: string;
  @PrimaryKey({ type: 'text' }) kind!: BillingContactNoticeKind;
  /** The expiry or purge day the notice announces. */
  @PrimaryKey({ type: 'date' }) announcedDay!: string;
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'uuid' }) id!: string;
  @Property({ type: 'datetime' }) recordedAt!: Date;
  @Property({ type: 'datetime', nullable: true, index: true }) sentAt: Date | null = null;
}
