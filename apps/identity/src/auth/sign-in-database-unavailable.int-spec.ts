import { MikroORM } from '@mikro-orm/postgresql';
import { SIGN_IN } from '@pt/contracts';
import { anAnonymousCaller, eventually, poolHasSeenTheCut, PostgresFaultProxy, testDatabaseUrl } from '@pt/testing';
import { ServiceHarness } from '@pt/testing/service-harness';
import { insertSchool, insertStaffAccount, startIdentityHarness } from '../identity.harness';

const PASSWORD = 'Lantern-Quarry-58';

/**
 * Sign-in's own path to the database (one prepared statement through DirectSql, not the
 * ORM's unit of work) answers `unavailable` (503 with Retry-After at the gateway) while
 * the database is down or starting, not `internal`. The database is reached through a
 * proxy the test faults; the machine's Postgres is never stopped.
 */
describe('sign-in while the database is down or starting (identity on a faulted connection)', () => {
  let proxy: PostgresFaultProxy;
  let identity: ServiceHarness;
  let login: string;
  const signIn = () => identity.call(SIGN_IN, { login, password: PASSWORD, userAgent: null }, anAnonymousCaller());
  const unavailable = { kind: 'unavailable', code: 'database.unavailable', details: { retryAfterSeconds: 5 } };

  beforeAll(async () => {
    proxy = await PostgresFaultProxy.start(testDatabaseUrl());
    identity = await startIdentityHarness({ DATABASE_URL: proxy.url(testDatabaseUrl()) });
    const school = await insertSchool(identity, { concurrentSessions: 'allow' });
    login = (await insertStaffAccount(identity, school, PASSWORD)).username;
    expect((await signIn()).accessToken).toBeDefined();
  });

  afterAll(async () => {
    await proxy?.forward();
    await identity?.stop();
    await proxy?.stop();
  });

  it('answers unavailable while nothing listens, and while the server is starting (57P03)', async () => {
    await proxy.refuse();
    // The pool sees its cut connections close a moment later: wait until it has.
    await eventually('the pool has seen its connections cut', () =>
      poolHasSeenTheCut(identity.get<MikroORM>(MikroORM)),
    );
    expect(
      await identity.attempt(SIGN_IN, { login, password: PASSWORD, userAgent: null }, anAnonymousCaller()),
    ).toMatchObject(unavailable);
    await proxy.starting();
    expect(
      await identity.attempt(SIGN_IN, { login, password: PASSWORD, userAgent: null }, anAnonymousCaller()),
    ).toMatchObject(unavailable);
  });

  it('signs in again as soon as the database is back', async () => {
    await proxy.forward();
    expect((await signIn()).accessToken).toBeDefined();
  });
});
