import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

export type LifecycleNoticeKind = 'expiry-30' | 'expiry-7' | 'purge-30' | 'purge-7';

/**
 * A notice to the school's billing contact before expiry or purge, recorded in the transaction
 * that stages it, keyed by the day it announces: each is sent once, however often the run
 * repeats, and a renewal (a new end date) has notices of its own.
 */
@Entity({ tableName: 'lifecycle_notice' })
export class LifecycleNotice {
  @PrimaryKey({ type: 'uuid' }) subscriptionId!: string;
  @PrimaryKey({ type: 'text' }) kind!: LifecycleNoticeKind;
  /** The expiry or purge day the notice announces. */
  @PrimaryKey({ type: 'date' }) announcedDay!: string;
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'datetime' }) sentAt!: Date;
}
