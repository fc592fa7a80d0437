/**
 * P24 at scale: how fast audit appends durable events to its hash-chained log, against the
 * floor of a raw JetStream consume of the same events in the same run (target: at least
 * 5,000 events/s sustained into the chained log).
 *
 *   npm run bench:audit-ingestion      (BENCH_EVENTS=50000, BENCH_SCHOOLS=20)
 *
 * 1. Publishes BENCH_EVENTS events (spread over BENCH_SCHOOLS schools and the platform) to
 *    the events stream of a fresh namespace, as producers' outbox relays would.
 * 2. Raw floor: a durable pull consumer reads every event, parses it and acks it.
 * 3. Audit: the audit service starts against the stream with its durable consumer at the
 *    start, and appends every event to its chains; measured until all entries are present
 *    (sustained: from the first entry seen to the last), then the chains are verified.
 *
 * Starts its own audit service on the Postgres and NATS of DATABASE_URL/NATS_URL, in
 * databases and a stream of its own, and removes them afterwards.
 */
import { EventEnvelope, MessageContext, VERIFY_AUDIT_LOG } from '@pt/contracts';
import { BusClient, ensureEventStream, EventNamespace, SubjectNamespace, uuid7 } from '@pt/platform';
import { testNatsUrl, TestStack } from '@pt/testing';
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { AckPolicy, connect, DeliverPolicy, headers, NatsConnection } from 'nats';
import { Client } from 'pg';
import { cpuMsOf } from './process-cpu';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 50_000);
const SCHOOLS = Number(process.env.BENCH_SCHOOLS ?? 20);
const PUBLISH_WINDOW = 1_000;

const AUDITOR: MessageContext = {
  tenantId: null,
  actor: { id: randomUUID(), kind: 'platform', roles: ['platform-admin'], permissions: ['audit:platform'] },
  requestId: 'bench-audit-ingestion',
  ip: null,
};

function eventsToPublish(): EventEnvelope[] {
  const schools = Array.from({ length: SCHOOLS }, () => randomUUID());
  const actors = schools.map(() => randomUUID());
  return Array.from({ length: EVENTS }, (_, i) => {
    // One in ten is platform-level; the rest are spread over the schools in turn.
    const school = i % 10 === 9 ? null : (i - Math.floor(i / 10)) % SCHOOLS;
    const userId = randomUUID();
    return {
      id: uuid7(),
      subject: 'evt.identity.user.updated',
      occurredAt: new Date().toISOString(),
      tenantId: school === null ? null : schools[school],
      actor: { id: school === null ? randomUUID() : actors[school], kind: 'staff', roles: ['school-admin'] },
      requestId: randomUUID(),
      data: { userId, fields: ['jobTitle', 'telephone'] },
    };
  });
}

async function publish(nc: NatsConnection, namespace: EventNamespace, events: EventEnvelope[]): Promise<number> {
  const js = nc.jetstream();
  const started = Date.now();
  for (let from = 0; from < events.length; from += PUBLISH_WINDOW) {
    await Promise.all(
      events.slice(from, from + PUBLISH_WINDOW).map((event) => {
        const h = headers();
        h.set('Nats-Msg-Id', event.id);
        return js.publish(namespace.wire(event.subject), JSON.stringify(event), { headers: h });
      }),
    );
  }
  return (Date.now() - started) / 1000;
}

/** The floor: a durable pull consumer reading, parsing and acking every event. */
async function rawConsume(nc: NatsConnection, namespace: EventNamespace): Promise<number> {
  const jsm = await nc.jetstreamManager();
  await jsm.consumers.add(namespace.stream, {
    durable_name: 'bench-raw',
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: namespace.wire('evt.>'),
  });
  const consumer = await nc.jetstream().consumers.get(namespace.stream, 'bench-raw');
  const started = Date.now();
  const messages = await consumer.consume({ max_messages: 1_000 });
  let seen = 0;
  for await (const msg of messages) {
    if (typeof msg.json<EventEnvelope>().id !== 'string') throw new Error('malformed event');
    msg.ack();
    if (++seen === EVENTS) break;
  }
  const seconds = (Date.now() - started) / 1000;
  // Leaving the loop stopped the iterator (awaiting close() after that never settles).
  await jsm.consumers.delete(namespace.stream, 'bench-raw');
  return seconds;
}

async function main(): Promise<void> {
  const stack = await TestStack.start({
    label: 'bench_ingest',
    processes: [],
    // BENCH_PROFILE_DIR=/tmp/prof writes a V8 CPU profile of the audit service on exit.
    nodeArgsFor: process.env.BENCH_PROFILE_DIR
      ? { audit: ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] }
      : undefined,
  });
  const nc = await connect({ servers: testNatsUrl() });
  let db: Client | undefined;
  try {
    const namespace = new EventNamespace(stack.eventsNamespace);
    await ensureEventStream(await nc.jetstreamManager(), { namespace, maxAgeHours: 1, replicas: 1 });
    const events = eventsToPublish();
    const publishSeconds = await publish(nc, namespace, events);
    console.log(`published ${EVENTS.toLocaleString('en-GB')} events in ${publishSeconds.toFixed(2)} s`);

    const rawSeconds = await rawConsume(nc, namespace);
    const rawRate = EVENTS / rawSeconds;
    console.log(
      `raw JetStream consume (pull, parse, ack): ${rawSeconds.toFixed(2)} s, ${Math.round(rawRate)} events/s`,
    );

    const spawned = Date.now();
    await stack.startProcess('audit', {
      AUDIT_CHECKPOINT_INTERVAL_SECONDS: '0',
      AUDIT_RETENTION_INTERVAL_HOURS: '0',
      RIGHTS_REMINDER_INTERVAL_MINUTES: '0',
    });
    db = new Client({ connectionString: stack.ownerUrlOf('audit') });
    await db.connect();
    const count = async () => (await db!.query('select count(*)::int as n from audit_entry')).rows[0].n as number;
    let first: { at: number; n: number } | undefined;
    let last = 0;
    for (;;) {
      const n = await count();
      const now = Date.now();
      if (n > 0 && !first) first = { at: now, n };
      if (n >= EVENTS) {
        last = now;
        break;
      }
      if (now - spawned > 15 * 60_000) throw new Error(`only ${n} of ${EVENTS} entries after 15 minutes`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // The audit service's CPU time (start-up included) says what ingestion costs whatever else
    // the machine does; the load average says how busy it was.
    const auditCpu = cpuMsOf(stack.pidOf('audit')) / 1000;
    // Its Postgres backends (those connected to its database, this bench's own included), since they started.
    const backends = (
      await db.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database()')
    ).rows.map((row) => row.pid);
    const postgresCpu = backends.reduce((sum, pid) => sum + cpuMsOf(pid), 0) / 1000;
    const load = loadavg()[0];
    const total = (last - spawned) / 1000;
    const sustainedSeconds = (last - first!.at) / 1000;
    const sustained = (EVENTS - first!.n) / sustainedSeconds;

    // Entries written by one transaction share its xmin: how well ingestion batches.
    const transactions = (await db.query('select count(distinct xmin::text)::int as n from audit_entry')).rows[0]
      .n as number;

    const bus = new BusClient(nc, 600_000, new SubjectNamespace(stack.name));
    const verification = await bus.request(VERIFY_AUDIT_LOG, AUDITOR, {}, { timeoutMs: 600_000 });
    if (!verification.ok || verification.entries !== EVENTS) {
      throw new Error(`the chains do not verify: ${JSON.stringify(verification)}`);
    }

    console.log(
      `audit ingestion into the chained log: all ${EVENTS.toLocaleString('en-GB')} entries ${total.toFixed(2)} s after ` +
        `the service was started (start-up included); sustained ${Math.round(sustained)} events/s ` +
        `(${(EVENTS - first!.n).toLocaleString('en-GB')} entries in ${sustainedSeconds.toFixed(2)} s)`,
    );
    console.log(
      `written in ${transactions} transactions (${(EVENTS / transactions).toFixed(1)} entries each on average)`,
    );
    console.log(
      `chains verified: ${verification.chains} chains, ${verification.entries.toLocaleString('en-GB')} entries`,
    );
    console.log('');
    console.log(
      `CPU: audit ${auditCpu.toFixed(1)} s (${((auditCpu * 1e6) / EVENTS).toFixed(0)} µs per event, start-up ` +
        `included), Postgres ${postgresCpu.toFixed(1)} s (${((postgresCpu * 1e6) / EVENTS).toFixed(0)} µs per event); ` +
        `load average ${load.toFixed(1)} on ${cpus().length} cores`,
    );
    console.log(`sustained ingestion / raw consume: ${(sustained / rawRate).toFixed(2)}`);
    console.log(`target: at least 5,000 events/s sustained: ${sustained >= 5_000 ? 'met' : 'NOT met'}`);
  } finally {
    await db?.end();
    await nc.close();
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
