import { EventEnvelope, SYSTEM_ACTOR } from '@pt/contracts';
import { EventNamespace } from '@pt/platform/events/event-namespace';
import { World } from '@pt/testing';
import { randomUUID } from 'node:crypto';

/**
 * A consumer's service restarted (SIGTERM, as a deploy does) while events stream in: every
 * event is still logged once, and soon after the restart, not only when JetStream's ack
 * wait (30 s) hands back what the stopping consumer was sent but never saw.
 */
describe('Fault: a consuming service restarted while events stream in', () => {
  let world: World;
  let namespace: EventNamespace;

  beforeAll(async () => {
    world = await World.start({ label: 'faultcons', processes: ['audit'] });
    namespace = new EventNamespace(world.stack.eventsNamespace);
  }, 90_000);

  afterAll(async () => {
    await world?.stop();
  });

  it('logs every event exactly once within seconds of the restart', async () => {
    const school = randomUUID();
    const js = (await world.bus()).jetstream();
    const sent: string[] = [];
    let publishing = true;
    const publisher = (async () => {
      while (publishing) {
        const event: EventEnvelope = {
          id: randomUUID(),
          subject: 'evt.identity.drill.happened',
          occurredAt: new Date().toISOString(),
          tenantId: school,
          actor: SYSTEM_ACTOR,
          requestId: null,
          data: { n: sent.length },
        };
        await js.publish(namespace.wire(event.subject), new TextEncoder().encode(JSON.stringify(event)), {
          msgID: event.id,
        });
        sent.push(event.id);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const logged = async () =>
      (await world.sql('audit', 'select count(*)::int as n from audit_entry where tenant_id = $1', [school]))[0]
        .n as number;

    await world.until(async () => (await logged()) >= 50, 10_000);
    expect(await world.stack.stopProcess('audit')).toBe(0);
    await world.stack.startProcess('audit');
    const restartedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 500));
    publishing = false;
    await publisher;

    await world.until(async () => (await logged()) === sent.length, 15_000).catch(() => undefined);
    const caughtUpIn = Date.now() - restartedAt;
    const rows = await world.sql<{ event_id: string; n: number }>(
      'audit',
      'select event_id, count(*)::int as n from audit_entry where tenant_id = $1 group by event_id',
      [school],
    );
    const missing = sent.filter((id) => !rows.some((row) => row.event_id === id));
    expect({ missing: missing.length, twice: rows.filter((row) => row.n > 1).length }).toEqual({
      missing: 0,
      twice: 0,
    });
    expect(caughtUpIn).toBeLessThan(15_000);
  }, 60_000);
});
