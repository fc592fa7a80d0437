import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { defineEvent, EventEnvelope, EventSubject, MessageContext } from '@pt/contracts';
import { tenantScope } from '@pt/persistence';
import { createTestEventStream, eventually, TestDatabase, TestEventStream, testNatsUrl } from '@pt/testing';
import { createFixtureDatabase } from '@pt/testing/fixtures/fixture-database';
import { Note } from '@pt/testing/fixtures/note.entity';
import { AckPolicy, connect, NatsConnection } from 'nats';
import pino from 'pino';
import { uuid7 } from '../ids/uuid7';
import { stageEvent } from './outbox';
import { OutboxRelay, OutboxRelaySettings } from './outbox-relay';

type NoteEvent = { noteId: string };

// One subject per test, so that each test reads only its own events from the file's stream.
const NOTE_CREATED = defineEvent<NoteEvent>('evt.fixture.note.created');
const ROLLED_BACK = defineEvent<NoteEvent>('evt.fixture.rollback.noted');
const AFTER_CRASH = defineEvent<NoteEvent>('evt.fixture.crash.noted');
const CONCURRENT = defineEvent<NoteEvent>('evt.fixture.concurrent.noted');
const WOKEN = defineEvent<NoteEvent>('evt.fixture.wake.noted');
const BUSY = defineEvent<NoteEvent>('evt.fixture.busy.noted');

const logger = pino({ level: 'silent' });
const tenantA = randomUUID();

let db: TestDatabase;
let nc: NatsConnection;
let stream: TestEventStream;
const relays: OutboxRelay[] = [];

beforeAll(async () => {
  [db, nc] = await Promise.all([createFixtureDatabase('relay'), connect({ servers: testNatsUrl() })]);
  stream = await createTestEventStream(nc, 'relay');
});

afterEach(async () => {
  await Promise.all(relays.splice(0).map((relay) => relay.stop()));
  // Every test leaves the outbox empty, so that the next one's relays see only their own events.
  await db.ownerQuery('delete from outbox');
});

afterAll(async () => {
  await stream?.delete();
  await nc?.close();
  await db?.drop();
});

function newRelay(settings: OutboxRelaySettings): OutboxRelay {
  const relay = new OutboxRelay(db.orm, nc, stream.namespace, db.transactionEvents, logger, settings);
  relays.push(relay);
  return relay;
}

function ctxOf(tenantId: string): Pick<MessageContext, 'tenantId' | 'actor' | 'requestId'> {
  return { tenantId, actor: { id: randomUUID(), kind: 'staff', roles: [] }, requestId: `req-${randomUUID()}` };
}

function addNoteWithEvent(em: EntityManager, tenantId: string, event: EventSubject<NoteEvent>) {
  const note = em.create(Note, { id: uuid7(), tenantId, body: 'a change worth an event' });
  em.persist(note);
  const eventId = stageEvent(em, event, ctxOf(tenantId), { noteId: note.id });
  return { noteId: note.id, eventId };
}

async function outboxCount(): Promise<number> {
  const [{ n }] = await db.ownerQuery<{ n: number }>('select count(*)::int as n from outbox');
  return n;
}

describe('OutboxRelay', () => {
  it('publishes an event staged with its change once, with Nats-Msg-Id = event id, and then deletes its outbox row', async () => {
    const relay = newRelay({ pollMs: 100 });
    const published: string[] = [];
    relay.afterPublish = (ids) => void published.push(...ids);
    relay.start();

    const { noteId, eventId } = await db.unitOfWork.run(tenantScope(tenantA), async (em) =>
      addNoteWithEvent(em, tenantA, NOTE_CREATED),
    );

    await eventually('the outbox is empty', async () => (await outboxCount()) === 0);
    const stored = await stream.stored(NOTE_CREATED.subject);
    expect(stored).toHaveLength(1);
    expect(stored[0].msgId).toBe(eventId);
    expect(stored[0].subject).toBe(NOTE_CREATED.subject);
    expect(JSON.parse(stored[0].raw)).toMatchObject<Partial<EventEnvelope>>({
      id: eventId,
      subject: NOTE_CREATED.subject,
      tenantId: tenantA,
      data: { noteId },
    });
    expect(published).toEqual([eventId]);
    expect(await db.ownerQuery('select tenant_id from note where id = $1', [noteId])).toEqual([{ tenant_id: tenantA }]);
  });

  it('never publishes an event whose transaction rolled back, nor keeps its change', async () => {
    const relay = newRelay({ pollMs: 50 });
    const published: string[] = [];
    relay.afterPublish = (ids) => void published.push(...ids);
    relay.start();

    let staged: { noteId: string; eventId: string } | undefined;
    await expect(
      db.unitOfWork.run(tenantScope(tenantA), async (em) => {
        staged = addNoteWithEvent(em, tenantA, ROLLED_BACK);
        await em.flush();
        // Both rows really were written inside the transaction before it failed.
        const inside = await em.execute<{ n: number }[]>('select count(*)::int as n from outbox where id = ?', [
          staged.eventId,
        ]);
        expect(inside[0].n).toBe(1);
        throw new Error('the work failed after staging its event');
      }),
    ).rejects.toThrow('the work failed after staging its event');

    // A committed event afterwards shows the relay was running and had its chance.
    const committed = await db.unitOfWork.run(tenantScope(tenantA), async (em) =>
      addNoteWithEvent(em, tenantA, ROLLED_BACK),
    );
    // afterPublish runs before the round's deletion commits: wait for the event's row to go as well.
    const rowOf = (id: string) => db.ownerQuery('select id from outbox where id = $1', [id]);
    await eventually(
      'the committed event is relayed and its row deleted',
      async () => published.includes(committed.eventId) && (await rowOf(committed.eventId)).length === 0,
    );

    expect(published).toEqual([committed.eventId]);
    expect((await stream.stored(ROLLED_BACK.subject)).map((m) => m.msgId)).toEqual([committed.eventId]);
    expect(await db.ownerQuery('select id from note where id = $1', [staged!.noteId])).toEqual([]);
    expect(await outboxCount()).toBe(0);
  });

  it('republishes after crashing between publish and delete, and JetStream keeps each event once', async () => {
    const relay = newRelay({ pollMs: 50 });
    const rounds: string[][] = [];
    relay.afterPublish = (ids) => {
      rounds.push([...ids]);
      if (rounds.length === 1) throw new Error('relay crashed before deleting its rows');
    };

    const eventIds = await db.unitOfWork.run(tenantScope(tenantA), async (em) =>
      [1, 2, 3].map(() => addNoteWithEvent(em, tenantA, AFTER_CRASH).eventId),
    );
    relay.start();
    await eventually('the outbox is empty', async () => (await outboxCount()) === 0);

    // The same batch was published twice: once before the crash, once after.
    expect(rounds).toEqual([eventIds, eventIds]);
    const stored = await stream.stored(AFTER_CRASH.subject);
    expect(stored.map((m) => m.msgId)).toEqual(eventIds);

    // A durable consumer of the subject is delivered each event once.
    const durable = 'crash-reader';
    await stream.jsm.consumers.add(stream.namespace.stream, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      filter_subject: stream.namespace.wire(AFTER_CRASH.subject),
    });
    const consumer = await stream.js.consumers.get(stream.namespace.stream, durable);
    expect((await consumer.info()).num_pending).toBe(eventIds.length);
    const delivered: string[] = [];
    for (let i = 0; i < eventIds.length; i++) {
      const msg = await consumer.next({ expires: 2000 });
      expect(msg).not.toBeNull();
      delivered.push(msg!.json<EventEnvelope>().id);
      await msg!.ackAck();
    }
    expect(delivered).toEqual(eventIds);
    const after = await consumer.info();
    expect(after.num_pending).toBe(0);
    expect(after.num_ack_pending).toBe(0);
  });

  it('lets two relays drain one outbox concurrently, each event published by one of them and stored once, each batch in id order', async () => {
    const total = 120;
    const batchSize = 10;
    const eventIds: string[] = [];
    for (let unit = 0; unit < 4; unit++) {
      eventIds.push(
        ...(await db.unitOfWork.run(tenantScope(tenantA), async (em) =>
          Array.from({ length: total / 4 }, () => addNoteWithEvent(em, tenantA, CONCURRENT).eventId),
        )),
      );
    }

    // Each relay's first batch waits, rows still locked, until the other relay has
    // published a batch too: both hold a batch at the same moment, so SKIP LOCKED (not
    // luck or JetStream's dedup) is what keeps them apart.
    const batches: { relay: string; ids: string[] }[] = [];
    const waiting = new Set<string>();
    let release!: () => void;
    const bothHoldABatch = new Promise<void>((resolve) => (release = resolve));
    let overlapped = false;
    const hook = (name: string) => async (ids: string[]) => {
      batches.push({ relay: name, ids: [...ids] });
      if (batches.filter((b) => b.relay === name).length > 1) return;
      waiting.add(name);
      if (waiting.size === 2) {
        overlapped = true;
        release();
      }
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          bothHoldABatch,
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error('the other relay never got a batch')), 5000);
          }),
        ]);
      } finally {
        clearTimeout(timer);
      }
    };
    const a = newRelay({ pollMs: 50, batchSize });
    const b = newRelay({ pollMs: 50, batchSize });
    a.afterPublish = hook('a');
    b.afterPublish = hook('b');
    a.start();
    b.start();

    await eventually('the outbox is empty', async () => (await outboxCount()) === 0, { timeoutMs: 10_000 });

    expect(overlapped).toBe(true);
    expect(batches.some((batch) => batch.relay === 'a')).toBe(true);
    expect(batches.some((batch) => batch.relay === 'b')).toBe(true);
    const published = batches.flatMap((batch) => batch.ids);
    expect(published).toHaveLength(total); // no event was published twice, by either relay
    expect([...published].sort()).toEqual([...eventIds].sort());

    const stored = await stream.stored(CONCURRENT.subject);
    expect(stored).toHaveLength(total);
    expect(new Set(stored.map((m) => m.msgId))).toEqual(new Set(eventIds));
    const seqOf = new Map(stored.map((m) => [m.msgId!, m.seq]));
    for (const batch of batches) {
      expect(batch.ids.length).toBeLessThanOrEqual(batchSize);
      expect(batch.ids).toEqual([...batch.ids].sort());
      const seqs = batch.ids.map((id) => seqOf.get(id)!);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    }
  });

  it('wakes on a unit-of-work commit instead of waiting for its next poll', async () => {
    const relay = newRelay({ pollMs: 60_000 });
    let rounds = 0;
    const relayOnce = relay.relayOnce.bind(relay);
    relay.relayOnce = async () => {
      const relayed = await relayOnce();
      rounds++;
      return relayed;
    };
    relay.start();
    await eventually('the first (empty) round is over', () => rounds === 1);

    // A row written behind the unit of work's back is not announced, so it waits for the poll...
    const unannounced = uuid7();
    const envelope: EventEnvelope = {
      id: unannounced,
      subject: WOKEN.subject,
      occurredAt: new Date().toISOString(),
      tenantId: tenantA,
      actor: { id: null, kind: 'system', roles: [] },
      requestId: null,
      data: {},
    };
    await db.ownerQuery('insert into outbox (id, subject, envelope) values ($1, $2, $3)', [
      unannounced,
      WOKEN.subject,
      JSON.stringify(envelope),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(rounds).toBe(1);
    expect(await stream.stored(WOKEN.subject)).toEqual([]);

    // ...while a commit through the unit of work wakes the relay at once (the poll is a minute away).
    const { eventId } = await db.unitOfWork.run(tenantScope(tenantA), async (em) =>
      addNoteWithEvent(em, tenantA, WOKEN),
    );
    await eventually('both events are stored', async () => (await stream.stored(WOKEN.subject)).length === 2, {
      timeoutMs: 2000,
    });
    expect((await stream.stored(WOKEN.subject)).map((m) => m.msgId)).toEqual([unannounced, eventId]);
  });

  it('under a stream of commits takes many events per round instead of a round per commit, every one published once and in order', async () => {
    // A linger far longer than a commit takes; the bound below is still taken from the time the commits took, since
    // a loaded machine may take 50 ms a commit.
    const lingerMs = 500;
    const relay = newRelay({ pollMs: 60_000, lingerMs });
    const batches: number[] = [];
    const relayOnce = relay.relayOnce.bind(relay);
    relay.relayOnce = async () => {
      const relayed = await relayOnce();
      if (relayed) batches.push(relayed);
      return relayed;
    };
    relay.start();

    // 60 commits, one after another, each waking the relay.
    const eventIds: string[] = [];
    const started = performance.now();
    for (let i = 0; i < 60; i++) {
      const { eventId } = await db.unitOfWork.run(tenantScope(tenantA), async (em) =>
        addNoteWithEvent(em, tenantA, BUSY),
      );
      eventIds.push(eventId);
    }
    const committingMs = performance.now() - started;
    await eventually('all 60 are stored', async () => (await stream.stored(BUSY.subject)).length === 60, {
      timeoutMs: 5000,
    });
    // A round is counted once its deletion commits, after JetStream has stored its events: wait for the last one.
    await eventually('every round has ended', () => batches.reduce((sum, n) => sum + n, 0) >= 60);
    expect((await stream.stored(BUSY.subject)).map((m) => m.msgId)).toEqual(eventIds);
    expect(batches.reduce((sum, n) => sum + n, 0)).toBe(60);
    // The first commit goes at once, alone; the rest gather while the relay lingers, so there is at most one more
    // round per linger the commits lasted, plus the one that takes the last of them.
    expect(batches[0]).toBe(1);
    expect(batches.length).toBeLessThanOrEqual(2 + Math.ceil(committingMs / lingerMs));
    expect(await outboxCount()).toBe(0);
  });
});
