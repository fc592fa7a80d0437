import { judgePupilWrites, OwnNatsServer, pupilWriteLoad, Staff, World, WriteLoad } from '@pt/testing';

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

  beforeAll(async () => {
    nats = await OwnNatsServer.start();
    world = await World.start({
      label: 'faultnats',
      processes: ['gateway', 'identity', 'pupil-records'],
      natsUrl: nats.url,
      envFor: { gateway: { NATS_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) } },
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
    await load.untilMore(10);

    await nats.stop();
    const stoppedAt = Date.now();
    await load.untilMore(6, 'refused');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await nats.resume();
    const resumedAt = Date.now();
    await load.untilMore(10);
    await load.stop();

    // No write hangs, whether it was caught by the stop or sent while the bus was away.
    const slowest = Math.max(...load.records.map((record) => record.endedAt - record.startedAt));
    expect(slowest).toBeLessThan(REQUEST_TIMEOUT_MS + 1500);
    const duringOutage = load.records.filter((r) => r.startedAt > stoppedAt + 100 && r.endedAt < resumedAt);
    expect(duringOutage.length).toBeGreaterThan(0);
    for (const record of duringOutage) {
      expect({
        status: record.status,
        type: record.contentType,
        code: record.code,
        retryAfter: record.retryAfter,
      }).toEqual({
        status: 503,
        type: expect.stringContaining('application/problem+json'),
        // The gateway's own link is down (bus.unavailable), or, as the bus returns, the service's not yet up again.
        code: record.code === 'service.unavailable' ? 'service.unavailable' : 'bus.unavailable',
        retryAfter: expect.stringMatching(/^[1-9][0-9]*$/),
      });
    }

    const { tally, pupilIds, announced } = await judgePupilWrites(world, schoolId, load);
    expect({
      lost: tally.lost,
      ghosts: tally.ghosts,
      duplicates: tally.duplicates,
      strangers: tally.strangers,
    }).toEqual({ lost: [], ghosts: [], duplicates: [], strangers: [] });
    expect(tally.acknowledged).toBeGreaterThanOrEqual(20);
    // The outbox kept what could not be published while the bus was away, and sent it once after.
    expect(announced).toEqual(pupilIds);
  }, 60_000);
});
