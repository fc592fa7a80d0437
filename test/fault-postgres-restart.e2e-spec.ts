import {
  expectPupilWritesIntact,
  expectRetryableDuringOutage,
  outageUnderLoad,
  OwnPostgres,
  pupilWriteLoad,
  Staff,
  World,
  WriteLoad,
} from '@pt/testing';

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
    const outage = await outageUnderLoad(load, { stop: () => postgres.stop('fast'), resume: () => postgres.resume() });
    // Told plainly that the database is away and to retry: never a 500.
    expectRetryableDuringOutage(load, outage, REQUEST_TIMEOUT_MS, () => 'database.unavailable');
    // What committed before the stop and was not yet published went out after it, once.
    await expectPupilWritesIntact(world, schoolId, load);
  }, 60_000);
});
