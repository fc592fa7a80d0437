import { judgePupilWrites, OwnNatsCluster, OwnNatsServer, pupilWriteLoad, Staff, World, WriteLoad } from '@pt/testing';
import { DEFAULT_ACK_WAIT_MS, EventNamespace } from '@pt/platform';
import { connect } from 'nats';

/** The gateway's wait for a service's answer in this suite. */
const REQUEST_TIMEOUT_MS = 2000;
const REPLICAS = 3;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The platform on a three-node NATS cluster of this file's own (JetStream on file storage,
 * the events stream and files bucket at three replicas), as production runs it: the node that
 * leads the events stream is stopped under a write load and started again.
 */
describe('Clustered bus: one of three NATS nodes stopped under a write load and brought back', () => {
  let cluster: OwnNatsCluster;
  let world: World;
  let admin: Staff;
  let schoolId: string;
  let load: WriteLoad | undefined;

  beforeAll(async () => {
    cluster = await OwnNatsCluster.start(REPLICAS);
    world = await World.start({
      label: 'clusternats',
      processes: ['gateway', 'identity', 'pupil-records', 'assessment'],
      natsUrl: cluster.url,
      env: { EVENTS_REPLICAS: String(REPLICAS), FILES_REPLICAS: String(REPLICAS) },
      envFor: { gateway: { NATS_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) } },
    });
    const school = await world.school({ signed: true });
    schoolId = school.id;
    admin = await world.staff(school.id, ['school-admin']);
  }, 90_000);

  afterAll(async () => {
    await load?.stop();
    await world?.stop();
    await cluster?.destroy();
  });

  /** The node that leads the events stream now, and the stream's replica count. */
  async function streamLeader(): Promise<{ node: OwnNatsServer; replicas: number }> {
    const nc = await connect({ servers: cluster.url.split(',') });
    try {
      const info = await (await nc.jetstreamManager()).streams.info(new EventNamespace(world.stack.name).stream);
      const leaderName = info.cluster?.leader;
      const node = cluster.nodes.find((candidate) => candidate.serverName === leaderName);
      if (!node) throw new Error(`stream leader ${leaderName} is none of the cluster's nodes`);
      return { node, replicas: info.config.num_replicas };
    } finally {
      await nc.close();
    }
  }

  /** How many of the stream's replicas are current (the leader and its followers), once the rejoined node has caught up. */
  async function streamReplicasCurrent(): Promise<number> {
    const nc = await connect({ servers: cluster.url.split(',') });
    try {
      const jsm = await nc.jetstreamManager();
      let current = 0;
      await world
        .until(async () => {
          const info = await jsm.streams.info(new EventNamespace(world.stack.name).stream);
          current = 1 + (info.cluster?.replicas ?? []).filter((peer) => peer.current && !peer.offline).length;
          return current === REPLICAS;
        }, 15_000)
        .catch(() => undefined);
      return current;
    } finally {
      await nc.close();
    }
  }

  /** How many open read-model rows assessment holds for the pupil pupil-records holds under this UPN. */
  async function readModelHas(upn: string): Promise<number> {
    const [pupil] = await world.sql<{ id: string }>('pupil-records', 'select id from pupil where upn = $1', [upn]);
    if (!pupil) return 0;
    const [{ n }] = await world.sql<{ n: number }>(
      'assessment',
      'select count(*)::int as n from pupil_period where pupil_id = $1 and valid_to is null',
      [pupil.id],
    );
    return n;
  }

  it('loses no acknowledged write, applies none twice, announces each once, the consumer carries on, and the node rejoins', async () => {
    const { node: leader, replicas } = await streamLeader();
    expect(replicas).toBe(REPLICAS);

    load = pupilWriteLoad(world, admin, { writers: 4 });
    await load.untilMore(10);
    await leader.stop();
    const stoppedAt = Date.now();
    // Writes go on through the two nodes left (a stream leader elected among them), for a
    // few seconds rather than a blip, and the consumer keeps up while the node is away.
    await Promise.all([load.untilMore(15, 'acknowledged', 30_000), sleep(3000)]);
    const { node: newLeader } = await streamLeader();
    const lastWhileDown = load.records.filter((r) => r.outcome === 'acknowledged').at(-1)!.key;
    const waitedAt = Date.now();
    await world.until(async () => (await readModelHas(lastWhileDown)) === 1, 15_000);
    const consumerCaughtUpWhileDownMs = Date.now() - waitedAt;
    await leader.resume();
    const resumedAt = Date.now();
    await cluster.untilFormed();
    const rejoinedMs = Date.now() - resumedAt;
    await load.untilMore(10);
    await load.stop();

    // Every pupil pupil-records holds reaches assessment's read model. An event the stopped
    // node had already handed to a pull went down with it and is handed out again only when
    // the consumer's ack wait runs out, so that (counted from the stop) bounds the wait.
    let periods: { pupil_id: string; open: number }[] = [];
    const readModelDeadline = stoppedAt + DEFAULT_ACK_WAIT_MS + 15_000;
    await world.until(
      async () => {
        const [{ held }] = await world.sql<{ held: number }>(
          'pupil-records',
          'select count(*)::int as held from pupil where tenant_id = $1',
          [schoolId],
        );
        periods = await world.sql(
          'assessment',
          `select pupil_id, count(*) filter (where valid_to is null)::int as open
             from pupil_period where tenant_id = $1 group by pupil_id`,
          [schoolId],
        );
        return periods.length >= held;
      },
      Math.max(20_000, readModelDeadline - Date.now()),
    );
    const readModelCompleteAfterStopMs = Date.now() - stoppedAt;

    // Acknowledged (2xx) writes: in pupil-records' database, each once, each announced once.
    const { tally, pupilIds, announced } = await judgePupilWrites(world, schoolId, load);
    const readModel = periods.map((row) => row.pupil_id).sort();
    const announcedTwice = announced.filter((id, i) => announced.indexOf(id) !== i);
    const duringOutage = load.records.filter((r) => r.startedAt >= stoppedAt && r.endedAt <= resumedAt);
    const counts = {
      sent: load.records.length,
      acknowledged: tally.acknowledged,
      refused: tally.refused,
      unknown: tally.unknown,
      acknowledgedLost: tally.lost.length,
      ghosts: tally.ghosts.length,
      duplicateRows: tally.duplicates.length,
      duplicateAnnouncements: announcedTwice.length,
      notInReadModel: pupilIds.filter((id) => !readModel.includes(id)).length,
      duplicateReadModelRows: periods.filter((row) => row.open !== 1).length,
      acknowledgedWhileNodeDown: duringOutage.filter((r) => r.outcome === 'acknowledged').length,
      statuses: JSON.stringify(tally.statuses),
      nodeDownMs: resumedAt - stoppedAt,
      rejoinedMs,
      newStreamLeaderElected: newLeader !== leader,
      consumerCaughtUpWhileDownMs,
      readModelCompleteAfterStopMs,
      streamReplicasCurrentAfterRejoin: await streamReplicasCurrent(),
    };
    console.log(`NATS cluster (3 nodes, stream leader stopped and restarted):\n${JSON.stringify(counts, null, 2)}`);

    expect({
      lost: tally.lost,
      ghosts: tally.ghosts,
      duplicates: tally.duplicates,
      strangers: tally.strangers,
      announcedTwice,
    }).toEqual({ lost: [], ghosts: [], duplicates: [], strangers: [], announcedTwice: [] });
    expect(announced).toEqual(pupilIds);
    expect(readModel).toEqual(pupilIds);
    expect(counts.duplicateReadModelRows).toBe(0);
    expect(counts.acknowledgedWhileNodeDown).toBeGreaterThan(0);
    expect(counts.newStreamLeaderElected).toBe(true);
    expect(counts.streamReplicasCurrentAfterRejoin).toBe(REPLICAS);

    // The node is back in the cluster: routed to both others, following the same meta leader, and a replica of the stream again.
    const view = await cluster.viewOf(leader);
    expect(view.routes).toBe(REPLICAS - 1);
    const jsz = await leader.monitor('/jsz?streams=true');
    expect(jsz.streams).toBeGreaterThanOrEqual(1);
  }, 150_000);
});
