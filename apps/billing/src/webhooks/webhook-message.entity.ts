import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { WebhookEventType } from '@pt/contracts';

/**
 * One webhook message: made once from a billing event (its id is the event's, so a
 * redelivered event makes no second message) and sent to every endpoint that takes its
 * type. The body is kept as the exact text signed, so every retry and replay sends the
 * same bytes under the same webhook-id.
 */
@Entity({ tableName: 'webhook_message' })
@Index({ properties: ['occurredAt'] })
@Index({ properties: ['schoolId'] })
export class WebhookMessage {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) eventType!: WebhookEventType;
  @Property({ type: 'datetime' }) occurredAt!: Date;
  /** The school the event is about (not a tenant wall: messages are platform data). */
  @Property({ type: 'uuid', nullable: true }) schoolId: string | null = null;
  @Property({ type: 'text' }) body!: string;
  @Property({ type: 'datetime' }) createdAt!: Date;
}

/** A message on its way to one endpoint: pending until an attempt succeeds or the schedule runs out. */
@Entity({ tableName: 'webhook_delivery' })
@Unique({ properties: ['messageId', 'endpointId'] })
@Index({
  name: 'webhook_delivery_due_index',
  expression:
    'create index "webhook_delivery_due_index" on "webhook_delivery" ("next_attempt_at") where "status" = \'pending\'',
})
export class WebhookDelivery {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) messageId!: string;
  @Property({ type: 'uuid' }) endpointId!: string;
  @Property({ type: 'text' }) status: 'pending' | 'delivered' | 'failed' = 'pending';
  /** Failed attempts in this round (a replay starts a new round): the place in the retry schedule. */
  @Property({ type: 'integer' }) failures = 0;
  /** Every attempt ever made. */
  @Property({ type: 'integer' }) attempts = 0;
  @Property({ type: 'datetime', nullable: true }) nextAttemptAt: Date | null = null;
  @Property({ type: 'datetime', nullable: true }) lastAttemptAt: Date | null = null;
  @Property({ type: 'datetime' }) createdAt!: Date;
}

/** The delivery log: one row per HTTP attempt. */
@Entity({ tableName: 'webhook_attempt' })
@Index({ properties: ['endpointId', 'attemptedAt', 'id'] })
@Index({ properties: ['deliveryId'] })
export class WebhookAttempt {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) deliveryId!: string;
  @Property({ type: 'uuid' }) endpointId!: string;
  @Property({ type: 'uuid' }) messageId!: string;
  @Property({ type: 'datetime' }) attemptedAt!: Date;
  @Property({ type: 'text' }) outcome!: 'succeeded' | 'failed';
  @Property({ type: 'integer', nullable: true }) responseStatus: number | null = null;
  @Property({ type: 'integer' }) latencyMs!: number;
  @Property({ type: 'text' }) responseBody = '';
  @Property({ type: 'text', nullable: true }) error: string | null = null;
}
