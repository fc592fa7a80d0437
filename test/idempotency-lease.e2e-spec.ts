import { newPupil, drillUpn, Staff, World } from '@pt/testing';
import { createHash, randomUUID } from 'node:crypto';

/** The gateways' bus timeout and lease margin here: the lease is their sum, 3 s. */
const REQUEST_TIMEOUT_MS = 2000;
const LEASE_MARGIN_MS = 1000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Issue 17 item 3, P28: a gateway killed while its write is in flight. The service commits
 * the write after the gateway died, so the gateway's Idempotency-Key record stays in flight;
 * a retry through another gateway is 409 while the dead gateway's lease lasts, and after it
 * runs again, where the service finds the reply it recorded with the write and answers that:
 * the client learns the original outcome and the pupil is written once.
 */
describe('P28: a write whose gateway died after the service committed it is answered, once, through another gateway after the lease', () => {
  let world: World;
  let admin: Staff;
  let schoolId: string;
  let second: string;

  beforeAll(async () => {
    const gatewayEnv = {
      NATS_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
      IDEMPOTENCY_LEASE_MARGIN_MS: String(LEASE_MARGIN_MS),
    };
    world = await World.start({
      label: 'idemlease',
      processes: ['gateway', 'identity', 'pupil-records'],
      envFor: { gateway: gatewayEnv },
    });
    second = await world.stack.startGatewayReplica('gateway#2', gatewayEnv);
    schoolId = (await world.school({ signed: true })).id;
    admin = await world.staff(schoolId, ['school-admin']);
  }, 90_000);

  afterAll(async () => {
    await world?.stop();
  });

  const post = (base: string, body: unknown, key: string) =>
    fetch(`${base}/api/v1/pupils`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
    });
  const rowsOf = (upn: string) =>
    world.sql<{ id: string }>('pupil-records', 'select id from pupil where tenant_id = $1 and upn = $2', [
      schoolId,
      upn,
    ]);

  it('P28: 409 while the dead gateway’s lease lasts, then the original 201 (the service’s recorded reply), one row', async () => {
    const upn = drillUpn();
    const body = newPupil({ upn });
    const key = randomUUID();
    const keyHash = createHash('sha256').update(key).digest('base64url');
    const services = world.stack.pidOf('pupil-records');

    // pupil-records paused: the request the second gateway sends waits in its socket.
    process.kill(services, 'SIGSTOP');
    let resumed = false;
    try {
      const first = post(second, body, key).then(
        () => 'answered',
        () => 'no answer',
      );
      await world.until(async () => {
        const rows = await world.sql('identity', 'select 1 from idempotency_record where key_hash = $1', [keyHash]);
        return rows.length === 1;
      }, 10_000);
      await sleep(200); // the bus request sent after the key was taken
      await world.stack.stopProcess('gateway#2', 'SIGKILL');
      expect(await first).toBe('no answer');
      process.kill(services, 'SIGCONT');
      resumed = true;
    } finally {
      if (!resumed) process.kill(services, 'SIGCONT');
    }
    // The service carries the write out with nobody waiting for its answer.
    await world.until(async () => (await rowsOf(upn)).length === 1, 10_000);
    const [{ lease_until: leaseUntil }] = await world.sql<{ lease_until: Date }>(
      'identity',
      'select lease_until from idempotency_record where key_hash = $1 and completed_at is null',
      [keyHash],
    );

    // The lease still runs: the first gateway cannot know the outcome yet.
    const early = await post(world.baseUrl, body, key);
    expect(early.status).toBe(409);
    expect(((await early.json()) as { code: string }).code).toBe('idempotency_key.in_flight');

    await sleep(Math.max(0, new Date(leaseUntil).getTime() - Date.now()) + 300);
    const retry = await post(world.baseUrl, body, key);
    expect(retry.status).toBe(201);
    const created = (await retry.json()) as { id: string; upn: string };
    const rows = await rowsOf(upn);
    expect(rows).toEqual([{ id: created.id }]);
    expect(created.upn).toBe(upn);
    // And from now on the gateway replays it as usual.
    const again = await post(world.baseUrl, body, key);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(((await again.json()) as { id: string }).id).toBe(created.id);
    expect(await rowsOf(upn)).toHaveLength(1);
  }, 60_000);
});
