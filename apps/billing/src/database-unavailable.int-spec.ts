import { MikroORM } from '@mikro-orm/postgresql';
import { CREATE_PLAN, LIST_PLANS } from '@pt/contracts';
import { aPlatformUser, eventually, poolHasSeenTheCut, PostgresFaultProxy, testDatabaseUrl } from '@pt/testing';
import { ServiceHarness } from '@pt/testing/service-harness';
import { randomUUID } from 'node:crypto';
import { startBillingHarness } from './billing.harness';

/**
 * A service whose database is down or starting answers `unavailable` (the gateway's 503
 * with Retry-After), never `internal`: the request may be tried again. Billing stands for
 * every service (the mapping is the platform's); its database is reached through a proxy
 * the test faults, never by stopping the machine's Postgres.
 */
describe('a database that is down or starting (billing on a faulted connection)', () => {
  let proxy: PostgresFaultProxy;
  let billing: ServiceHarness;
  const admin = aPlatformUser();
  const newPlan = () => ({
    code: `p-${randomUUID().slice(0, 8)}`,
    name: 'Standard',
    price: {
      effectiveFrom: '2026-09-01',
      baseFeePence: 50_000,
      perPupil: { kind: 'linear' as const, perPupilPence: 300 },
      vatRateBasisPoints: 2000,
    },
  });
  const unavailable = {
    kind: 'unavailable',
    code: 'database.unavailable',
    details: { retryAfterSeconds: 5 },
  };

  beforeAll(async () => {
    proxy = await PostgresFaultProxy.start(testDatabaseUrl());
    billing = await startBillingHarness({ DATABASE_URL: proxy.url(testDatabaseUrl()) });
    await billing.call(CREATE_PLAN, newPlan(), admin);
  });

  afterAll(async () => {
    await proxy?.forward();
    await billing?.stop();
    await proxy?.stop();
  });

  it('answers a write and a read with unavailable while nothing listens (connections cut, port closed)', async () => {
    await proxy.refuse();
    // The pool sees its cut connections close a moment later (a statement in flight at the
    // instant of the cut fails inside its transaction; this is about the requests after it): wait until it has.
    await eventually('the pool has seen its connections cut', () => poolHasSeenTheCut(billing.get<MikroORM>(MikroORM)));
    expect(await billing.attempt(CREATE_PLAN, newPlan(), admin)).toMatchObject(unavailable);
    expect(await billing.attempt(LIST_PLANS, {}, admin)).toMatchObject(unavailable);
  });

  it('answers unavailable while the server is starting (57P03 cannot_connect_now)', async () => {
    await proxy.starting();
    expect(await billing.attempt(CREATE_PLAN, newPlan(), admin)).toMatchObject(unavailable);
  });

  it('works again as soon as the database is back, with nothing half-written', async () => {
    await proxy.forward();
    const plan = await billing.call(CREATE_PLAN, newPlan(), admin);
    expect(plan.id).toBeDefined();
    expect(await billing.sql('select count(*)::int as n from plan')).toEqual([{ n: 2 }]);
  });
});
