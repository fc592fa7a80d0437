import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { EventEnvelope } from '@pt/contracts';

/**
 * A durable event waiting to be relayed to JetStream. Written in the same transaction as
 * the change it describes, so the two commit or roll back together. No tenant_id column:
 * the relay reads across schools, and the tenant travels inside the envelope.
 */
@Entity({ tableName: 'outbox' })
export class OutboxMessage {
  /** uuid v7: the relay publishes in id order, which is the order events were made. */
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  subject!: string;

  @Property({ type: 'json' })
  envelope!: EventEnvelope;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'integer', default: 0 })
  attempts: number = 0;
}

/** Which events a consumer has applied: makes handling idempotent by event id. */
@Entity({ tableName: 'processed_event' })
@Index({ properties: ['processedAt'] })
export class ProcessedEvent {
  @PrimaryKey({ type: 'text' })
  consumer!: string;

  @PrimaryKey({ type: 'uuid' })
  eventId!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  processedAt: Date = new Date();
}

/**
 * An event a consumer gave up on after its delivery limit, kept for an operator to look
 * at and replay, so that one bad message does not stop the stream.
 */
@Entity({ tableName: 'parked_event' })
export class ParkedEvent {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  consumer!: string;

  @Property({ type: 'text', nullable: true })
  eventId: string | null = null;

  @Property({ type: 'text' })
  subject!: string;

  /** The raw message as received (it may not even parse). */
  @Property({ type: 'text' })
  raw!: string;

  /** Error name and code only: messages may hold data. */
  @Property({ type: 'text' })
  reason!: string;

  @Property({ type: 'integer' })
  deliveries!: number;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  parkedAt: Date = new Date();
}

/**
 * An Idempotency-Key's reply, recorded in the transaction of the write it answers; written
 * and read only by SQL in @pt/persistence (idempotent-delivery.ts). The table is made by the
 * platform's migrations; the entity is here so a service's generated migration keeps it.
 */
@Entity({ tableName: 'idempotent_reply' })
@Index({ properties: ['createdAt'] })
export class IdempotentReplyRow {
  @PrimaryKey({ type: 'text' })
  id!: string;

  @Property({ type: 'uuid', nullable: true })
  tenantId: string | null = null;

  @Property({ type: 'text' })
  pattern!: string;

  @Property({ type: 'text' })
  fingerprint!: string;

  @Property({ type: 'json', nullable: true })
  reply: unknown = null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}

export const EVENT_ENTITIES = [OutboxMessage, ProcessedEvent, ParkedEvent, IdempotentReplyRow];
