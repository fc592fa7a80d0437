import { EntityManager } from '@mikro-orm/postgresql';
import { defineEvent, EventEnvelope, SYSTEM_ACTOR } from '@pt/contracts';
import { eventRoutes } from './event-routes';

const NOTE_ADDED = defineEvent<{ noteId: string }>('evt.fixture.note.added');
const NOTE_REMOVED = defineEvent<{ noteId: string; reason: string }>('evt.fixture.note.removed');

const em = {} as EntityManager;

function envelope<T>(subject: string, data: T): EventEnvelope {
  return {
    id: `e-${subject}`,
    subject,
    occurredAt: '2026-12-01T09:00:00.000Z',
    tenantId: null,
    actor: SYSTEM_ACTOR,
    requestId: null,
    data: data as Record<string, unknown>,
  };
}

describe('eventRoutes', () => {
  it("filters on exactly the routed events and hands each one, typed, to its own handler with the consumer's transaction", async () => {
    const seen: string[] = [];
    const routes = eventRoutes()
      .on(NOTE_ADDED, async ({ data }, tx) => {
        expect(tx).toBe(em);
        seen.push(`added ${data.noteId}`);
      })
      .on(
        NOTE_REMOVED,
        async ({ data, occurredAt }) => void seen.push(`removed ${data.noteId} (${data.reason}) at ${occurredAt}`),
      );

    expect(routes.subjects).toEqual(['evt.fixture.note.added', 'evt.fixture.note.removed']);
    const { handle } = routes;
    await handle(envelope(NOTE_ADDED.subject, { noteId: 'n-1' }), em);
    await handle(envelope(NOTE_REMOVED.subject, { noteId: 'n-1', reason: 'duplicate' }), em);
    expect(seen).toEqual(['added n-1', 'removed n-1 (duplicate) at 2026-12-01T09:00:00.000Z']);
  });

  it('fails an event no route takes (so the consumer retries and parks it) and refuses routing one event twice', async () => {
    const routes = eventRoutes().on(NOTE_ADDED, async () => undefined);
    await expect(routes.handle(envelope('evt.fixture.note.moved', {}), em)).rejects.toThrow(/no route/);
    expect(() => routes.on(NOTE_ADDED, async () => undefined)).toThrow(/routed twice/);
  });
});
