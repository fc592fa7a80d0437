import {
  expectPupilWritesIntact,
  freePort,
  expectRetryableDuringOutage,
  outageUnderLoad,
  OwnNatsServer,
  pupilWriteLoad,
  Staff,
  World,
  WriteLoad,
} from '@pt/testing';

/** The gateway's wait for a service's answer in this suite. */
const REQUEST_TIMEOUT_MS = 2000;

/**
 * NATS stopped and started again under a write load, on a nats-server of this file's own
 * (JetStream on file storage, so the event stream survives the restart as in production).
 */
describe('Fault: NATS stopped and restarted under a write load', () => {
  let nats: OwnNatsServer;
  let world: World;
  let admin: Staff;
  let schoolId: string;
  let load: WriteLoad | undefined;
  /** pupil-records' own HTTP (metrics and the probes an orchestrator asks each replica). */
  let operationsUrl: string;

  beforeAll(async () => {
    nats = await OwnNatsServer.start();
    const operationsPort = await freePort();
    operationsUrl = `http://127.0.0.1:${operationsPort}`;
    world = await World.start({
      label: 'faultnats',
      processes: ['gateway', 'identity', 'pupil-records'],
      natsUrl: nats.url,
      envFor: {
        gateway: { NATS_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) },
        'pupil-records': { METRICS_PORT: String(operationsPort) },
      },
    });
    const school = await world.school({ signed: true });
    schoolId = school.id;
    admin = await world.staff(school.id, ['school-admin']);
  }, 90_000);

  afterAll(async () => {
    await load?.stop();
    await nats?.resume().catch(() => undefined);
    await world?.stop();
    await nats?.destroy();
  });

  it('answers every write in time while the bus is gone, takes writes again once it is back, and loses, ghosts or doubles none; every pupil is announced once', async () => {
    load = pupilWriteLoad(world, admin);
    const outage = await outageUnderLoad(load, nats);
    // The gateway's own link is down (bus.unavailable), or, as the bus returns, the service's not yet up again.
    expectRetryableDuringOutage(load, outage, REQUEST_TIMEOUT_MS, (code) =>
      code === 'service.unavailable' ? 'service.unavailable' : 'bus.unavailable',
    );
    // The outbox kept what could not be published while the bus was away, and sent it once after.
    await expectPupilWritesIntact(world, schoolId, load);
  }, 60_000);

  it('takes a replica out of rotation while its bus link is down, without calling it dead, and back in once NATS returns', async () => {
    const probe = async (path: string) => {
      const response = await fetch(`${operationsUrl}${path}`);
      return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json() };
    };
    expect(await probe('/health/ready')).toMatchObject({
      status: 200,
      body: { status: 'up', checks: { database: 'up', bus: 'up' }, down: [] },
    });

    await nats.stop();
    let ready = await probe('/health/ready');
    await world.until(async () => (ready = await probe('/health/ready')).status === 503, 10_000);
    expect(ready).toEqual({
      status: 503,
      retryAfter: '5',
      body: { status: 'down', checks: { database: 'up', bus: 'down' }, down: ['bus'] },
    });
    // Alive all the while: restarting it would not bring the bus back.
    expect(await probe('/health/live')).toMatchObject({ status: 200, body: { status: 'up' } });

    await nats.resume();
    await world.until(async () => (ready = await probe('/health/ready')).status === 200, 15_000);
    expect(ready.body).toEqual({ status: 'up', checks: { database: 'up', bus: 'up' }, down: [] });
  }, 40_000);
});
