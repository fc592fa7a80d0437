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

/** What `stageEvents` needs of a unit of work's EntityManager (the SQL one). */
interface SqlExecutor {
  execute(sql: string, params?: unknown[]): Promise<unknown>;
}

/**
 * Stages one event per item, all of one subject, with a single INSERT: for bulk work
 * (imports) where an ORM entity per event costs more than the rows themselves (measured:
 * 20,000 pupils, about a third of the import's time and most of its garbage). Same
 * envelopes, same transaction rule as `stageEvent`. Returns the event ids.
 */
export async function stageEvents<T extends object>(
  em: SqlExecutor,
  event: EventSubject<T>,
  ctx: Pick<MessageContext, 'tenantId' | 'actor' | 'requestId'>,
  items: T[],
): Promise<string[]> {
  if (items.length === 0) return [];
  const occurredAt = new Date().toISOString();
  const rows = items.map((data) => {
    const id = uuid7();
    const envelope: EventEnvelope<T> = {
      id,
      subject: event.subject,
      occurredAt,
      tenantId: ctx.tenantId,
      actor: ctx.actor,
      requestId: ctx.requestId ?? null,
      data,
    };
    return { id, subject: event.subject, envelope };
  });
  await em.execute(
    `insert into outbox (id, subject, envelope)
     select (r->>'id')::uuid, r->>'subject', r->'envelope' from jsonb_array_elements(?::jsonb) r`,
    [JSON.stringify(rows)],
  );
  return rows.map((row) => row.id);
}
