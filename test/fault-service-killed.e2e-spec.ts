import { expectPupilWritesIntact, pupilWriteLoad, Staff, World, WriteLoad } from '@pt/testing';

/** The gateway's wait for a service's answer in this suite: short, so a request caught by the kill ends soon. */
const REQUEST_TIMEOUT_MS = 2000;

describe('Fault: a service killed (SIGKILL) in the middle of a write load', () => {
  let world: World;
  let admin: Staff;
  let schoolId: string;
  let load: WriteLoad | undefined;

  beforeAll(async () => {
    world = await World.start({
      label: 'faultkill',
      processes: ['gateway', 'identity', 'pupil-records'],
      envFor: { gateway: { NATS_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) } },
    });
    const school = await world.school({ signed: true });
    schoolId = school.id;
    admin = await world.staff(school.id, ['school-admin']);
  }, 90_000);

  afterAll(async () => {
    await load?.stop();
    await world?.stop();
  });

  it('answers every write in time with problem+json while the service is down, and no acknowledged write is lost, none refused is applied, none applied twice', async () => {
    load = pupilWriteLoad(world, admin);
    await load.untilMore(10);

    const caught = load.inFlight();
    await world.stack.stopProcess('pupil-records', 'SIGKILL');
    const killedAt = Date.now();
    // While it is down: the requests it was holding time out, new ones find nobody serving.
    await load.untilMore(6, 'refused');
    await new Promise((resolve) => setTimeout(resolve, REQUEST_TIMEOUT_MS + 200));
    await world.stack.startProcess('pupil-records');
    await load.untilMore(10);
    await load.stop();

    // Writes the kill caught in flight, answered without waiting for the service to return.
    expect(caught.length).toBeGreaterThan(0);
    const caughtAnswers = load.records.filter((record) => caught.includes(record.key));
    for (const record of caughtAnswers) {
      if (record.outcome !== 'acknowledged') expect([503, 504]).toContain(record.status);
      expect(record.endedAt - killedAt).toBeLessThan(REQUEST_TIMEOUT_MS + 1500);
    }
    // No write hangs: nothing took longer than the gateway's timeout plus a margin for a loaded machine.
    const slowest = Math.max(...load.records.map((record) => record.endedAt - record.startedAt));
    expect(slowest).toBeLessThan(REQUEST_TIMEOUT_MS + 1500);
    // Every failure is problem+json with a code, and only 503 (nobody serving) or 504 (no answer in time).
    const failures = load.records.filter((record) => record.outcome !== 'acknowledged');
    expect(failures.length).toBeGreaterThan(0);
    for (const failure of failures) {
      expect({ status: failure.status, type: failure.contentType, code: failure.code }).toEqual({
        status: failure.status === 504 ? 504 : 503,
        type: expect.stringContaining('application/problem+json'),
        code: failure.status === 504 ? 'service.timeout' : 'service.unavailable',
      });
    }

    // Each pupil that exists was announced exactly once (its outbox row survived the kill), and no other.
    await expectPupilWritesIntact(world, schoolId, load);
  }, 60_000);
});
