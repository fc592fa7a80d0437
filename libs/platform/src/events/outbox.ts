import { EntityManager } from '@mikro-orm/core';
import { EventEnvelope, EventSubject, MessageContext } from '@pt/contracts';
import { uuid7 } from '../ids/uuid7';
import { OutboxMessage } from './outbox-message.entity';

/**
 * Stages a durable event in the outbox of the unit of work `em` belongs to: it is
 * published only if that transaction commits. Payloads carry ids, never personal data.
 * Returns the event id.
 */
export function stageEvent<T extends object>(
  em: EntityManager,
  event: EventSubject<T>,
  ctx: Pick<MessageContext, 'tenantId' | 'actor' | 'requestId'>,
  data: T,
): string {
  const id = uuid7();
  const envelope: EventEnvelope<T> = {
    id,
    subject: event.subject,
    occurredAt: new Date().toISOString(),
    tenantId: ctx.tenantId,
    actor: ctx.actor,
    requestId: ctx.requestId ?? null,
    data,
  };
  const message = new OutboxMessage();
  message.id = id;
  message.subject = event.subject;
  message.envelope = envelope as EventEnvelope;
  em.persist(message);
  return id;
}
