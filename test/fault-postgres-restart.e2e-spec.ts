import { judgePupilWrites, OwnPostgres, pupilWriteLoad, Staff, World, WriteLoad } from '@pt/testing';

/** The gateway's wait for a service's answer in this suite. */
const REQUEST_TIMEOUT_MS = 2000;

/**
 * Postgres stopped (a fast shutdown: open transactions rolled back, every connection
 * dropped) and started again under a write load, on a Postgres of this file's own.
 */
describe('Fault: Postgres stopped and restarted under a write load', () => {
  let postgres: OwnPostgres;
  let world: World;
  let admin: Staff;
  let schoolId: string;
  let load: WriteLoad | undefined;

  beforeAll(async () => {
    postgres = await OwnPostgres.start();
    world = await World.start({
      label: 'faultpg',
      processes: ['gateway', 'identity', 'pupil-records'],
      databaseUrl: postgres.url,
      envFor: { gateway: { NATS_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) } },
    });
    const school = await world.school({ signed: true });
    schoolId = school.id;
    admin = await world.staff(school.id, ['school-admin']);
  }, 90_000);

  afterAll(async () => {
    await load?.stop();
    if (postgres && !(await postgres.answers().catch(() => false))) await postgres.resume().catch(() => undefined);
    await world?.stop();
    await postgres?.destroy();
  });

  it('answers every write in time while the database is gone, takes writes again once it is back, and loses, ghosts or doubles none; every pupil is announced once', async () => {
    load = pupilWriteLoad(world, admin);
    await load.untilMore(10);

    await postgres.stop('fast');
    const stoppedAt = Date.now();
    await load.untilMore(6, 'refused');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await postgres.resume();
    const resumedAt = Date.now();
    await load.untilMore(10);
    await load.stop();

    // No write hangs, whether it was caught by the stop or sent while the database was away.
    const slowest = Math.max(...load.records.map((record) => record.endedAt - record.startedAt));
    expect(slowest).toBeLessThan(REQUEST_TIMEOUT_MS + 1500);
    const duringOutage = load.records.filter((r) => r.startedAt > stoppedAt + 100 && r.endedAt < resumedAt);
    expect(duringOutage.length).toBeGreaterThan(0);
    // Told plainly that the database is away and to retry: never a 500.
    for (const record of duringOutage) {
      expect({
        status: record.status,
        type: record.contentType,
        code: record.code,
        retryAfter: record.retryAfter,
      }).toEqual({
        status: 503,
        type: expect.stringContaining('application/problem+json'),
        code: 'database.unavailable',
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
    // What committed before the stop and was not yet published went out after it, once.
    expect(announced).toEqual(pupilIds);
  }, 60_000);
});
