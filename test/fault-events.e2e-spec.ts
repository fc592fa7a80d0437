import { EventEnvelope, MessageContext, PUPIL_COUNT_CHANGED, SYSTEM_ACTOR, VERIFY_AUDIT_LOG } from '@pt/contracts';
import { DEFAULT_ACK_WAIT_MS, EventNamespace } from '@pt/platform';
import { World } from '@pt/testing';
import { randomUUID } from 'node:crypto';

const AUDITOR: MessageContext = {
  tenantId: null,
  actor: { id: randomUUID(), kind: 'platform', roles: ['platform-admin'], permissions: ['audit:platform'] },
  requestId: 'fault-events',
  ip: null,
};

/**
 * Events that go wrong on the stream, as consumers meet them in production: a poison
 * event (well formed, but its handler fails at every delivery) and a replayed one (the
 * same event id published again, past JetStream's de-duplication).
 */
describe('Fault: a poison event and a replayed event on the stream', () => {
  let world: World;
  let namespace: EventNamespace;

  const envelope = (tenantId: string, data: Record<string, unknown>, occurredAt = new Date()): EventEnvelope => ({
    id: randomUUID(),
    subject: PUPIL_COUNT_CHANGED.subject,
    occurredAt: occurredAt.toISOString(),
    tenantId,
    actor: SYSTEM_ACTOR,
    requestId: null,
    data,
  });
  /** Publishes as the outbox relay does; a replay gets a message id of its own, as after the de-duplication window. */
  const publish = async (event: EventEnvelope, msgID = event.id) => {
    const js = (await world.bus()).jetstream();
    await js.publish(namespace.wire(event.subject), new TextEncoder().encode(JSON.stringify(event)), { msgID });
  };
  const rollOf = async (schoolId: string) =>
    (await world.sql('billing', 'select pupils_on_roll from school_roll where tenant_id = $1', [schoolId]))[0]
      ?.pupils_on_roll as number | undefined;

  beforeAll(async () => {
    world = await World.start({ label: 'faultevents', processes: ['billing', 'audit'] });
    namespace = new EventNamespace(world.stack.eventsNamespace);
  }, 90_000);

  afterAll(async () => {
    await world?.stop();
  });

  it('a poison event does not hold up the events behind it, and is parked (with why, and how often it was tried) after its last delivery', async () => {
    const poisoned = randomUUID();
    const healthy = randomUUID();
    const poison = envelope(poisoned, { schoolId: poisoned, pupilsOnRoll: 'a great many' });
    await publish(poison);
    await publish(envelope(healthy, { schoolId: healthy, pupilsOnRoll: 240 }));

    // The event behind the poison is applied while the poison is still being retried.
    await world.until(async () => (await rollOf(healthy)) === 240, 10_000);
    const parkedMeanwhile = await world.sql('billing', 'select 1 from parked_event where event_id = $1', [poison.id]);
    expect(parkedMeanwhile).toHaveLength(0);

    // Its four retries wait 3.75 s in all, but at load average 10 the park once took over 20 s;
    // a delivery whose nak is lost comes back only after its ack wait, so that is the bound.
    await world.until(
      async () =>
        (await world.sql('billing', 'select 1 from parked_event where event_id = $1', [poison.id])).length > 0,
      DEFAULT_ACK_WAIT_MS + 15_000,
    );
    const [parked] = await world.sql('billing', 'select * from parked_event where event_id = $1', [poison.id]);
    expect(parked).toMatchObject({
      consumer: 'billing-pupil-roll',
      subject: PUPIL_COUNT_CHANGED.subject,
      deliveries: 5,
      reason: expect.any(String),
    });
    expect(await rollOf(poisoned)).toBeUndefined();

    // Once parked it is not delivered again, and later events still flow.
    const later = randomUUID();
    await publish(envelope(later, { schoolId: later, pupilsOnRoll: 17 }));
    await world.until(async () => (await rollOf(later)) === 17, 10_000);
    const parkedNow = await world.sql('billing', 'select count(*)::int as n from parked_event where event_id = $1', [
      poison.id,
    ]);
    expect(parkedNow[0].n).toBe(1);
  }, 90_000);

  it('a replayed event is applied once: audit logs it once, its chain stays whole, and billing keeps the newer roll', async () => {
    const school = randomUUID();
    const first = envelope(school, { schoolId: school, pupilsOnRoll: 300 }, new Date(Date.now() - 60_000));
    const second = envelope(school, { schoolId: school, pupilsOnRoll: 310 });
    await publish(first);
    await publish(second);
    await world.until(async () => (await rollOf(school)) === 310, 10_000);
    const logged = async (eventId: string) =>
      (await world.sql('audit', 'select count(*)::int as n from audit_entry where event_id = $1', [eventId]))[0]
        .n as number;
    await world.until(async () => (await logged(second.id)) === 1, 10_000);

    // The same event again, under a new message id so that JetStream does not drop it as a duplicate.
    await publish(first, randomUUID());
    const marker = envelope(school, { schoolId: school, pupilsOnRoll: 310 });
    await publish(marker);
    // Both consumers handle the stream in order: once the event after the replay is through, the replay was met.
    await world.until(async () => (await logged(marker.id)) === 1, 10_000);
    await world.until(
      async () =>
        (await world.sql('billing', 'select 1 from processed_event where event_id = $1', [marker.id])).length > 0,
      10_000,
    );

    expect(await logged(first.id)).toBe(1);
    expect(await rollOf(school)).toBe(310);
    const processed = await world.sql(
      'billing',
      'select count(*)::int as n from processed_event where consumer = $1 and event_id = $2',
      ['billing-pupil-roll', first.id],
    );
    expect(processed[0].n).toBe(1);
    const entries = await world.sql('audit', 'select count(*)::int as n from audit_entry where tenant_id = $1', [
      school,
    ]);
    expect(entries[0].n).toBe(3);
    expect(await world.send(VERIFY_AUDIT_LOG, { schoolId: school }, AUDITOR, 30_000)).toMatchObject({
      ok: true,
      entries: 3,
    });
  }, 60_000);
});
