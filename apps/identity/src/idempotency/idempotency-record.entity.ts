import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One Idempotency-Key a caller sent with a write, and the answer the gateway gave it. Kept
 * here for every gateway replica: the gateway has no database of its own, and identity is
 * the service it already asks about its callers on each request. No school owns a row (the
 * caller column names the school, and only the gateway reads it back, by caller and key).
 */
@Entity({ tableName: 'idempotency_record' })
@Index({ properties: ['expiresAt'] })
export class IdempotencyRecord {
  @PrimaryKey({ type: 'text' })
  caller!: string;

  @PrimaryKey({ type: 'text' })
  keyHash!: string;

  @Property({ type: 'text' })
  fingerprint!: string;

  @Property({ type: 'datetime' })
  startedAt!: Date;

  @Property({ type: 'datetime' })
  expiresAt!: Date;

  /** The gateway instance running the request while it is in flight. */
  @Property({ type: 'text', nullable: true })
  owner: string | null = null;

  /** Until when no other gateway may take over the request in flight (see IdempotencyBeginRequest). */
  @Property({ type: 'datetime', nullable: true })
  leaseUntil: Date | null = null;

  @Property({ type: 'datetime', nullable: true })
  completedAt: Date | null = null;

  @Property({ type: 'integer', nullable: true })
  status: number | null = null;

  @Property({ type: 'json', nullable: true })
  headers: Record<string, string> | null = null;

  @Property({ type: 'text', nullable: true })
  body: string | null = null;
}
