/**
 * What a three-node NATS cluster costs the platform against one server (the floor),
 * measured in the same run on the same machine:
 * - round trip: a request and its reply (the bus's request/reply, as gateway -> service),
 *   the responder and the requester each on its own connection; in the cluster on two
 *   different nodes, as services spread over a cluster are, so every request crosses a route;
 * - JetStream writes: events published with an ack (as the outbox relay does, each with its
 *   Nats-Msg-Id) to a file-stored stream of 1 replica on the one server and 3 in the cluster
 *   (as EVENTS_REPLICAS=3): the latency of one publish waited for, and the throughput with
 *   several publishes in flight.
 *
 *   npm run bench:nats-cluster     (BENCH_N round trips, 2000; BENCH_MESSAGES writes, 5000; BENCH_IN_FLIGHT, 64)
 *
 * Starts its own nats-servers (OwnNatsServer, OwnNatsCluster: temporary stores, free ports)
 * and removes them afterwards; the machine's NATS is not used.
 */
import { OwnNatsCluster, OwnNatsServer } from '@pt/testing';
import { connect, headers, JetStreamClient, NatsConnection, nanos, StorageType } from 'nats';
import { randomUUID } from 'node:crypto';
import { LatencySummary, measure } from './latency';

const N = Number(process.env.BENCH_N ?? 2000);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 5000);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 64);
const WARMUP = Math.min(200, Math.ceil(N / 5));
/** About the size of a pupil event's envelope as the outbox publishes it. */
const EVENT = new TextEncoder().encode(
  JSON.stringify({
    id: randomUUID(),
    subject: 'evt.pupil-records.pupil.created',
    occurredAt: new Date().toISOString(),
    tenantId: randomUUID(),
    actor: { id: randomUUID(), kind: 'staff', roles: ['school-admin'] },
    requestId: randomUUID(),
    data: { pupilId: randomUUID() },
  }),
);

interface Result {
  roundTrip: LatencySummary;
  publishAck: LatencySummary;
  writesPerSecond: number;
}

/** The measurements on one bus: `requester` and `responder` URLs (the same server, or two nodes). */
async function measureBus(responderUrl: string, requesterUrl: string, replicas: number): Promise<Result> {
  const responder = await connect({ servers: responderUrl, noAsyncTraces: true });
  const requester = await connect({ servers: requesterUrl, noAsyncTraces: true });
  try {
    const subject = `bench.echo.${randomUUID()}`;
    // A queue group, as every service's replicas answer.
    const subscription = responder.subscribe(subject, { queue: 'bench' });
    void (async () => {
      for await (const message of subscription) message.respond(message.data);
    })();
    await responder.flush();
    // The interest must have reached the requester's node before the first request.
    await waitFor(async () => (await requester.request(subject, EVENT, { timeout: 1000 }).catch(() => null)) !== null);
    const roundTrip = await measure(N, WARMUP, () => requester.request(subject, EVENT, { timeout: 5000 }));
    subscription.unsubscribe();

    const js = await streamOf(requester, replicas);
    const publishAck = await measure(Math.ceil(N / 2), WARMUP, () => publishEvent(js));
    const writesPerSecond = await throughput(js);
    return { roundTrip, publishAck, writesPerSecond };
  } finally {
    await requester.close();
    await responder.close();
  }
}

/** A file-stored stream like the events stream, at `replicas`; a client to publish to it. */
async function streamOf(nc: NatsConnection, replicas: number): Promise<JetStreamClient> {
  const jsm = await nc.jetstreamManager();
  await jsm.streams.add({
    name: 'BENCH_EVENTS',
    subjects: ['bench.evt.>'],
    storage: StorageType.File,
    num_replicas: replicas,
    duplicate_window: nanos(2 * 60 * 1000),
  });
  return nc.jetstream();
}

function publishEvent(js: JetStreamClient): Promise<unknown> {
  const h = headers();
  h.set('Nats-Msg-Id', randomUUID());
  return js.publish('bench.evt.pupil.created', EVENT, { headers: h, timeout: 10_000 });
}

/** Acknowledged writes a second with IN_FLIGHT publishes outstanding at a time. */
async function throughput(js: JetStreamClient): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < MESSAGES) {
        next += 1;
        await publishEvent(js);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return Math.round(MESSAGES / seconds);
}

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('the responder was not reachable within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function main(): Promise<void> {
  const single = await OwnNatsServer.start();
  let cluster: OwnNatsCluster | undefined;
  try {
    cluster = await OwnNatsCluster.start(3);
    // One after the other, so that neither measures while the other loads the machine.
    const floor = await measureBus(single.url, single.url, 1);
    const clustered = await measureBus(cluster.nodes[0].url, cluster.nodes[1].url, 3);
    const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
    console.log(
      JSON.stringify(
        {
          settings: { roundTrips: N, writes: MESSAGES, inFlight: IN_FLIGHT, eventBytes: EVENT.length },
          'one server (floor): request/reply ms': floor.roundTrip,
          'three-node cluster, requester and responder on different nodes: request/reply ms': clustered.roundTrip,
          'one server (floor), stream R1: publish with ack ms': floor.publishAck,
          'three-node cluster, stream R3: publish with ack ms': clustered.publishAck,
          'one server (floor), stream R1: acknowledged writes/s': floor.writesPerSecond,
          'three-node cluster, stream R3: acknowledged writes/s': clustered.writesPerSecond,
          'cluster / floor': {
            roundTripP50: ratio(clustered.roundTrip.p50, floor.roundTrip.p50),
            publishAckP50: ratio(clustered.publishAck.p50, floor.publishAck.p50),
            writesPerSecond: ratio(clustered.writesPerSecond, floor.writesPerSecond),
          },
        },
        null,
        2,
      ),
    );
  } finally {
    await cluster?.destroy();
    await single.destroy();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
