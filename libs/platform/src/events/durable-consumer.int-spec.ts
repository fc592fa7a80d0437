import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { EventEnvelope } from '@pt/contracts';
import { createTestEventStream, eventually, TestDatabase, TestEventStream, testNatsUrl } from '@pt/testing';
import { Effect } from '@pt/testing/fixtures/effect.entity';
import { createFixtureDatabase } from '@pt/testing/fixtures/fixture-database';
import { Note } from '@pt/testing/fixtures/note.entity';
import { connect, ConsumerInfo, NatsConnection } from 'nats';
import pino from 'pino';
import { encodeJson } from '../bus/wire';
import { uuid7 } from '../ids/uuid7';
import { DurableConsumer, DurableConsumerOptions } from './durable-consumer';

const logger = pino({ level: 'silent' });
const tenantA = randomUUID();
const tenantB = randomUUID();

let db: TestDatabase;
let nc: NatsConnection;
let stream: TestEventStream;
const consumers: DurableConsumer[] = [];

beforeAll(async () => {
  [db, nc] = await Promise.all([createFixtureDatabase('consumer'), connect({ servers: testNatsUrl() })]);
  stream = await createTestEventStream(nc, 'consumer');
});

afterEach(async () => {
  await Promise.all(consumers.splice(0).map((consumer) => consumer.stop()));
});

afterAll(async () => {
  await stream?.delete();
  await nc?.close();
  await db?.drop();
});

function envelopeOf(subject: string, tenantId: string | null): EventEnvelope {
  return {
    id: uuid7(),
    subject,
    occurredAt: new Date().toISOString(),
    tenantId,
    actor: { id: randomUUID(), kind: 'staff', roles: [] },
    requestId: `req-${randomUUID()}`,
    data: { thingId: randomUUID() },
  };
}

async function publish(event: EventEnvelope, msgID?: string): Promise<number> {
  const ack = await stream.js.publish(stream.namespace.wire(event.subject), encodeJson(event), msgID ? { msgID } : {});
  return ack.seq;
}

/** Short waits and few deliveries, so that retries and parking take well under a second. */
function consumerFor(
  options: Pick<DurableConsumerOptions, 'durable' | 'subjects' | 'handle'> & Partial<DurableConsumerOptions>,
): DurableConsumer {
  const consumer = new DurableConsumer(nc, db.orm, db.unitOfWork, stream.namespace, logger, {
    ackWaitMs: 1000,
    maxDeliver: 3,
    ...options,
  });
  consumers.push(consumer);
  return consumer;
}

/** What a handler does to apply an event: a row written in the event's own transaction. */
function recordEffect(em: EntityManager, consumer: string, event: EventEnvelope): void {
  em.persist(em.create(Effect, { id: uuid7(), tenantId: event.tenantId, consumer, eventId: event.id }));
}

async function effectsOf(consumer: string): Promise<string[]> {
  const rows = await db.ownerQuery<{ event_id: string }>('select event_id from effect where consumer = $1', [consumer]);
  return rows.map((row) => row.event_id);
}

async function processedBy(consumer: string): Promise<string[]> {
  const rows = await db.ownerQuery<{ event_id: string }>('select event_id from processed_event where consumer = $1', [
    consumer,
  ]);
  return rows.map((row) => row.event_id);
}

function info(durable: string): Promise<ConsumerInfo> {
  return stream.jsm.consumers.info(stream.namespace.stream, durable);
}

/** Everything the consumer was given is delivered and acked (or terminated). */
async function allSettled(durable: string, lastSeq: number): Promise<boolean> {
  const state = await info(durable);
  return state.ack_floor.stream_seq >= lastSeq && state.num_ack_pending === 0 && state.num_pending === 0;
}

const sorted = (ids: string[]) => [...ids].sort();

describe('DurableConsumer', () => {
  it('applies an event delivered twice only once, and acks both deliveries', async () => {
    const durable = 'twice';
    const subject = 'evt.fixture.twice.published';
    const event = envelopeOf(subject, tenantA);
    // Published twice without a message id: JetStream stores both, only the consumer can dedupe.
    await publish(event);
    const lastSeq = await publish(event);
    expect((await stream.stored(subject)).map((m) => JSON.parse(m.raw).id)).toEqual([event.id, event.id]);

    let calls = 0;
    await consumerFor({
      durable,
      subjects: [subject],
      // Long enough that no delivery can be redelivered for want of an ack.
      ackWaitMs: 10_000,
      handle: async (e, em) => {
        calls++;
        recordEffect(em, durable, e);
      },
    }).start();

    await eventually('both deliveries are acked', () => allSettled(durable, lastSeq));
    const state = await info(durable);
    expect(state.delivered.consumer_seq).toBe(2);
    expect(state.num_redelivered).toBe(0);
    expect(calls).toBe(1);
    expect(await effectsOf(durable)).toEqual([event.id]);
    expect(await processedBy(durable)).toEqual([event.id]);
  });

  it('applies every event exactly once when stopped mid-stream and started again under the same durable name', async () => {
    const durable = 'restart';
    const subject = 'evt.fixture.stream.item';
    const total = 300;
    const stopAfter = 10;
    const events = Array.from({ length: total }, () => envelopeOf(subject, tenantA));
    const seqs = await Promise.all(events.map((event) => publish(event, event.id)));
    const lastSeq = Math.max(...seqs);

    let applied = 0;
    let stopped: Promise<void> | undefined;
    const first: DurableConsumer = consumerFor({
      durable,
      subjects: [subject],
      handle: async (e, em) => {
        recordEffect(em, durable, e);
        if (++applied === stopAfter) stopped = first.stop();
      },
    });
    await first.start();
    await eventually('the first consumer is asked to stop', () => stopped !== undefined);
    await stopped;

    const afterStop = (await effectsOf(durable)).length;
    expect(afterStop).toBeGreaterThanOrEqual(stopAfter);
    expect(afterStop).toBeLessThan(total);

    await consumerFor({ durable, subjects: [subject], handle: async (e, em) => recordEffect(em, durable, e) }).start();
    // 300 one-event transactions: seconds alone, far more when the suite's other files load both
    // cores (about 100 ms each at a load of 20, when 30 s was once not enough).
    await eventually('every event is applied and acked', () => allSettled(durable, lastSeq), { timeoutMs: 90_000 });

    const effects = await effectsOf(durable);
    expect(effects).toHaveLength(total);
    expect(sorted(effects)).toEqual(sorted(events.map((e) => e.id)));
    expect(sorted(await processedBy(durable))).toEqual(sorted(events.map((e) => e.id)));
  }, 120_000);

  it('retries an event whose handler fails, parks it after maxDeliver deliveries without personal data, and goes on with later events', async () => {
    const durable = 'flaky';
    const item = 'evt.fixture.flaky.item';
    const garbled = 'evt.fixture.flaky.garbled';
    const [before, poison, after] = [1, 2, 3].map(() => envelopeOf(item, tenantA));
    const last = envelopeOf(item, tenantB);
    await publish(before, before.id);
    await publish(poison, poison.id);
    await publish(after, after.id);
    await stream.js.publish(stream.namespace.wire(garbled), new TextEncoder().encode('this is not json {'));
    await stream.js.publish(stream.namespace.wire(garbled), encodeJson({ subject: garbled, data: {} }));
    const lastSeq = await publish(last, last.id);

    const attempts = new Map<string, number>();
    const timeline: string[] = [];
    await consumerFor({
      durable,
      subjects: ['evt.fixture.flaky.>'],
      maxDeliver: 3,
      handle: async (e, em) => {
        const attempt = (attempts.get(e.id) ?? 0) + 1;
        attempts.set(e.id, attempt);
        timeline.push(`${e.id}#${attempt}`);
        if (e.id === poison.id) throw new Error('could not apply the result of pupil Jane Doe');
        recordEffect(em, durable, e);
      },
    }).start();

    await eventually('three messages are parked and the rest applied', async () => {
      const [{ n }] = await db.ownerQuery<{ n: number }>(
        'select count(*)::int as n from parked_event where consumer = $1',
        [durable],
      );
      return n === 3 && (await allSettled(durable, lastSeq));
    });

    expect(attempts.get(poison.id)).toBe(3);
    expect(sorted(await effectsOf(durable))).toEqual(sorted([before.id, after.id, last.id]));
    expect(await processedBy(durable)).not.toContain(poison.id);
    // Later events did not wait for the failing one.
    expect(timeline.indexOf(`${last.id}#1`)).toBeLessThan(timeline.indexOf(`${poison.id}#2`));

    const parked = await db.ownerQuery<{
      event_id: string | null;
      subject: string;
      reason: string;
      deliveries: number;
      raw: string;
    }>('select event_id, subject, reason, deliveries, raw from parked_event where consumer = $1 order by parked_at', [
      durable,
    ]);
    const poisoned = parked.find((p) => p.event_id === poison.id);
    expect(poisoned).toMatchObject({ subject: item, reason: 'Error', deliveries: 3 });
    expect(JSON.parse(poisoned!.raw)).toEqual(poison);
    for (const row of parked) expect(JSON.stringify(row)).not.toMatch(/Jane|Doe|could not apply/);

    const malformed = parked.filter((p) => p.event_id === null);
    expect(malformed.map(({ subject, reason, deliveries }) => ({ subject, reason, deliveries }))).toEqual([
      { subject: garbled, reason: 'malformed', deliveries: 1 },
      { subject: garbled, reason: 'malformed', deliveries: 1 },
    ]);
    expect(malformed.map((p) => p.raw)).toContain('this is not json {');
  });

  it("runs the handler's transaction in the event's tenant scope", async () => {
    const durable = 'scoped';
    const subject = 'evt.fixture.scope.checked';
    for (const [tenantId, count] of [
      [tenantA, 2],
      [tenantB, 3],
    ] as const) {
      for (let i = 0; i < count; i++) {
        await db.ownerQuery('insert into note (id, tenant_id, body) values ($1, $2, $3)', [uuid7(), tenantId, 'note']);
      }
    }
    const forA = envelopeOf(subject, tenantA);
    const forB = envelopeOf(subject, tenantB);
    const forPlatform = envelopeOf(subject, null);
    await publish(forA, forA.id);
    await publish(forB, forB.id);
    const lastSeq = await publish(forPlatform, forPlatform.id);

    const seen = new Map<string, { orm: string[]; unfiltered: string[]; sql: string[] }>();
    await consumerFor({
      durable,
      subjects: [subject],
      handle: async (e, em) => {
        const orm = await em.find(Note, {});
        const unfiltered = await em.find(Note, {}, { filters: false });
        const sql = await em.execute<{ tenant_id: string }[]>('select tenant_id from note');
        seen.set(e.id, {
          orm: orm.map((n) => n.tenantId).sort(),
          unfiltered: unfiltered.map((n) => n.tenantId).sort(),
          sql: sql.map((r) => r.tenant_id).sort(),
        });
        recordEffect(em, durable, e);
      },
    }).start();
    await eventually('the three events are applied', () => allSettled(durable, lastSeq));

    const onlyA = [tenantA, tenantA];
    const onlyB = [tenantB, tenantB, tenantB];
    expect(seen.get(forA.id)).toEqual({ orm: onlyA, unfiltered: onlyA, sql: onlyA });
    expect(seen.get(forB.id)).toEqual({ orm: onlyB, unfiltered: onlyB, sql: onlyB });
    // An event without a school is handled in platform scope, which sees every school.
    const all = [...onlyA, ...onlyB].sort();
    expect(seen.get(forPlatform.id)).toEqual({ orm: all, unfiltered: all, sql: all });
    const effects = await db.ownerQuery<{ event_id: string; tenant_id: string | null }>(
      'select event_id, tenant_id from effect where consumer = $1',
      [durable],
    );
    expect(new Map(effects.map((e) => [e.event_id, e.tenant_id]))).toEqual(
      new Map([
        [forA.id, tenantA],
        [forB.id, tenantB],
        [forPlatform.id, null],
      ]),
    );
  });
});

describe('DurableConsumer in batches (handleBatch)', () => {
  it('takes waiting events in batches, one transaction per tenant, each event applied once and in stream order', async () => {
    const durable = 'batched';
    const subject = 'evt.fixture.batched.item';
    const events = Array.from({ length: 240 }, (_, i) => envelopeOf(subject, i % 3 === 0 ? tenantB : tenantA));
    for (const event of events) await publish(event, event.id);
    // Delivered twice (no message id): only the consumer can dedupe.
    await publish(events[5]);
    const lastSeq = await publish(events[6]);

    const calls: { tenants: string[]; ids: string[]; scope: string }[] = [];
    await consumerFor({
      durable,
      subjects: [subject],
      ackWaitMs: 10_000,
      batchSize: 50,
      handle: async (e, em) => recordEffect(em, durable, e),
      handleBatch: async (batch, em) => {
        const [{ tenant }] = await em.execute<{ tenant: string }[]>(
          "select current_setting('app.tenant_id', true) as tenant",
        );
        calls.push({
          tenants: [...new Set(batch.map((e) => e.tenantId!))],
          ids: batch.map((e) => e.id),
          scope: tenant,
        });
        for (const e of batch) recordEffect(em, durable, e);
      },
    }).start();

    await eventually('every delivery is acked', () => allSettled(durable, lastSeq), { timeoutMs: 10_000 });
    const effects = await effectsOf(durable);
    expect(effects).toHaveLength(events.length);
    expect(sorted(effects)).toEqual(sorted(events.map((e) => e.id)));
    // Batches, not one transaction per event; each batch holds one tenant, run in that tenant's scope.
    expect(calls.length).toBeLessThan(events.length / 5);
    for (const call of calls) {
      expect(call.tenants).toHaveLength(1);
      expect(call.scope).toBe(call.tenants[0]);
    }
    // Each tenant's events arrive in stream order.
    for (const tenant of [tenantA, tenantB]) {
      const seen = calls.filter((c) => c.tenants[0] === tenant).flatMap((c) => c.ids);
      expect(seen).toEqual(events.filter((e) => e.tenantId === tenant).map((e) => e.id));
    }
  });

  it('retries a failed batch one event at a time: the failing event is parked, the others are applied', async () => {
    const durable = 'batched-poison';
    const subject = 'evt.fixture.poison.item';
    const events = Array.from({ length: 30 }, () => envelopeOf(subject, tenantA));
    const poison = events[12];
    let lastSeq = 0;
    for (const event of events) lastSeq = await publish(event, event.id);

    await consumerFor({
      durable,
      subjects: [subject],
      batchSize: 100,
      handle: async (e, em) => {
        if (e.id === poison.id) throw new Error('cannot apply');
        recordEffect(em, durable, e);
      },
      handleBatch: async (batch, em) => {
        if (batch.some((e) => e.id === poison.id)) throw new Error('cannot apply');
        for (const e of batch) recordEffect(em, durable, e);
      },
    }).start();

    await eventually(
      'the poison event is parked and the rest applied',
      async () => {
        const [{ n }] = await db.ownerQuery<{ n: number }>(
          'select count(*)::int as n from parked_event where consumer = $1',
          [durable],
        );
        return n === 1 && (await allSettled(durable, lastSeq));
      },
      { timeoutMs: 15_000 },
    );
    expect(sorted(await effectsOf(durable))).toEqual(sorted(events.filter((e) => e !== poison).map((e) => e.id)));
    const [parked] = await db.ownerQuery<{ event_id: string; deliveries: number }>(
      'select event_id, deliveries from parked_event where consumer = $1',
      [durable],
    );
    expect(parked).toEqual({ event_id: poison.id, deliveries: 3 });
  });

  it('across tenants: one platform-scope transaction takes several tenants, each still in stream order', async () => {
    const durable = 'batched-across';
    const subject = 'evt.fixture.across.item';
    const events = Array.from({ length: 60 }, (_, i) => envelopeOf(subject, [tenantA, tenantB, null][i % 3]));
    let lastSeq = 0;
    for (const event of events) lastSeq = await publish(event, event.id);

    const calls: { ids: string[]; scope: string }[] = [];
    await consumerFor({
      durable,
      subjects: [subject],
      batchSize: 100,
      batchAcrossTenants: true,
      handle: async (e, em) => recordEffect(em, durable, e),
      handleBatch: async (batch, em) => {
        const [{ scope }] = await em.execute<{ scope: string }[]>("select current_setting('app.scope', true) as scope");
        calls.push({ ids: batch.map((e) => e.id), scope });
        for (const e of batch) recordEffect(em, durable, e);
      },
    }).start();

    await eventually('every event is applied', () => allSettled(durable, lastSeq), { timeoutMs: 10_000 });
    expect(sorted(await effectsOf(durable))).toEqual(sorted(events.map((e) => e.id)));
    for (const call of calls) expect(call.scope).toBe('platform');
    expect(calls.flatMap((c) => c.ids)).toEqual(events.map((e) => e.id));
    expect(calls.length).toBeLessThan(events.length / 5);
  });
});

describe('DurableConsumer when the pull request reaches the server late (a loaded machine)', () => {
  /**
   * A connection that carries each pull request (`CONSUMER.MSG.NEXT`) to the server `lagMs`
   * late, as a busy machine or network may: the server's pull then ends `lagMs` after the
   * client's own fetch timer would. Calls `onPull` when a pull reaches the server.
   */
  function laggingPulls(lagMs: number, onPull: () => void): NatsConnection {
    return new Proxy(nc, {
      get(target, property, receiver) {
        if (property === 'publish') {
          return (subject: string, ...rest: unknown[]) => {
            const publish = () => (target.publish as (...args: unknown[]) => void).call(target, subject, ...rest);
            if (!subject.includes('.CONSUMER.MSG.NEXT.')) return publish();
            setTimeout(() => {
              publish();
              onPull();
            }, lagMs);
          };
        }
        const value = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(receiver) : value;
      },
    });
  }

  it('takes an event the server sends while the process is stalled past its own fetch timer, without waiting for the ack wait', async () => {
    const durable = 'late-pull';
    const subject = 'evt.fixture.late.item';
    const [target, blocker] = [1, 2].map(() => envelopeOf(subject, tenantA));
    // Pull requests reach the server 400 ms late, so the server's pull (expires 1,000 ms from
    // its arrival) outlives the client's fetch timer (1,050 ms from the fetch) by 350 ms.
    const lagMs = 400;
    let published: Promise<number> | undefined;
    const attempts = new Map<string, number>();
    const consumer = new DurableConsumer(
      laggingPulls(lagMs, () => {
        // 700 ms into the first fetch: the target fails once (nak, redelivered by the server
        // 250 ms later), then the blocker stalls the process for 500 ms, across the client's
        // fetch timer, while the server redelivers the target to the pull it still holds open.
        published ??= new Promise((resolve) => setTimeout(resolve, 700 - lagMs)).then(async () => {
          await publish(target, target.id);
          return publish(blocker, blocker.id);
        });
      }),
      db.orm,
      db.unitOfWork,
      stream.namespace,
      logger,
      {
        durable,
        subjects: [subject],
        // An ack wait far beyond the wait below: only a delivery that was seen counts.
        ackWaitMs: 30_000,
        maxDeliver: 5,
        handle: async (e, em) => {
          const attempt = (attempts.get(e.id) ?? 0) + 1;
          attempts.set(e.id, attempt);
          if (e.id === target.id && attempt === 1) throw new Error('not yet');
          if (e.id === blocker.id) {
            // A stalled process (a loaded machine): when it runs again, its expired timers
            // fire before it reads what arrived on the socket meanwhile.
            const until = Date.now() + 500;
            while (Date.now() < until);
          }
          recordEffect(em, durable, e);
        },
      },
    );
    consumers.push(consumer);
    await consumer.start();

    await eventually('both events are published', () => published !== undefined);
    const lastSeq = await published!;
    await eventually('both events are applied and acked', () => allSettled(durable, lastSeq), { timeoutMs: 5_000 });
    expect(sorted(await effectsOf(durable))).toEqual(sorted([target.id, blocker.id]));
    expect(attempts.get(target.id)).toBe(2);
  });
});
