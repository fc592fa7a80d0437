import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { EventEnvelope } from '@pt/contracts';
import {
  createFixtureDatabase,
  createTestEventStream,
  Effect,
  eventually,
  TestDatabase,
  TestEventStream,
  testNatsUrl,
} from '@pt/testing';
import { connect, NatsConnection } from 'nats';
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
  [db, nc] = await Promise.all([createFixtureDatabase('batches'), connect({ servers: testNatsUrl() })]);
  stream = await createTestEventStream(nc, 'batches');
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

function recordEffect(em: EntityManager, consumer: string, event: EventEnvelope): void {
  em.persist(em.create(Effect, { id: uuid7(), tenantId: event.tenantId, consumer, eventId: event.id }));
}

async function effectsOf(consumer: string): Promise<string[]> {
  const rows = await db.ownerQuery<{ event_id: string }>('select event_id from effect where consumer = $1', [consumer]);
  return rows.map((row) => row.event_id);
}

async function allSettled(durable: string, lastSeq: number): Promise<boolean> {
  const state = await stream.jsm.consumers.info(stream.namespace.stream, durable);
  return state.ack_floor.stream_seq >= lastSeq && state.num_ack_pending === 0 && state.num_pending === 0;
}

const sorted = (ids: string[]) => [...ids].sort();

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
