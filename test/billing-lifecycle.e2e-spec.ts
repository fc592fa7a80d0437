import { GraceChargePage, LifecycleRunView, PlanView, SubscriptionView } from '@pt/contracts';
import { newPupil, School, World } from '@pt/testing';
import { randomUUID } from 'node:crypto';

const DAY_MS = 86_400_000;
const dayAfter = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);

/**
 * The school lifecycle through the gateway with the stack's clock moved (issue 14, item 3):
 * a school that does not renew loses write access at expiry and pays a charge for each grace
 * access to pupil data (P25, P26).
 */
describe('billing lifecycle: expiry by the end date, a read-only grace with charged reads, through the gateway', () => {
  let world: World;
  let school: School;
  let plan: PlanView;
  const runs = '/api/v1/platform/billing/lifecycle-runs';

  const subscribeWhenCustomer = async (schoolId: string, body: object) => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const reply = await world.call(world.platformAdmin, 'POST', `/api/v1/platform/billing/schools/${schoolId}/subscription`, body);
      if (reply.body?.code !== 'billing_customer.terms_not_signed' || Date.now() > deadline) return reply;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };

  beforeAll(async () => {
    world = await World.start({ label: 'billinglife', processes: ['gateway', 'identity', 'pupil-records', 'billing'] });
    const created = await world.call(world.platformAdmin, 'POST', '/api/v1/platform/billing/plans', {
      code: `life-${randomUUID().slice(0, 8)}`,
      name: 'Plan',
      price: { effectiveFrom: '2026-01-01', baseFeePence: 50_000, perPupil: { kind: 'linear', perPupilPence: 300 }, vatRateBasisPoints: 2000 },
    });
    plan = created.body as PlanView;
    school = await world.school({ signed: true });
  });

  afterAll(async () => {
    await world?.stop();
  });

  it('P25, P26: at expiry staff may read but not write, and each read of pupil data is a charge on the account', async () => {
    const subscribed = await subscribeWhenCustomer(school.id, {
      planId: plan.id,
      startsOn: '2026-01-01',
      endsOn: dayAfter(3),
      pupils: 200,
      billingContactEmail: 'bursar@trust.example',
      legalEntity: { kind: 'academy_trust', name: 'Oak Trust', address: { line1: '1 Way', town: 'Testbury', postcode: 'TE1 1ST' } },
    });
    expect(subscribed.status).toBe(201);
    const admin = await world.staff(school.id, ['school-admin']);
    expect((await world.call(admin, 'POST', '/api/v1/pupils', newPupil())).status).toBe(201);

    // On the last day of the term nothing changes.
    await world.setClock(3 * DAY_MS);
    expect(((await world.call(world.platformAdmin, 'POST', runs)).body as LifecycleRunView).expired).toBe(0);
    expect((await world.call(admin, 'POST', '/api/v1/pupils', newPupil())).status).toBe(201);

    await world.setClock(4 * DAY_MS);
    const run = await world.call(world.platformAdmin, 'POST', runs);
    expect(run.status).toBe(200);
    expect((run.body as LifecycleRunView).expired).toBeGreaterThanOrEqual(1);
    const subscription = await world.call(world.platformAdmin, 'GET', `/api/v1/platform/billing/schools/${school.id}/subscription`);
    expect((subscription.body as SubscriptionView).status).toBe('expired');

    await world.until(async () => (await world.call(admin, 'POST', '/api/v1/pupils', newPupil())).status === 403);
    const refused = await world.call(admin, 'POST', '/api/v1/pupils', newPupil());
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body.code).toBe('school.in_grace');

    const chargesBefore = (await world.call(admin, 'GET', '/api/v1/billing/grace-charges')).body as GraceChargePage;
    const read = await world.call(admin, 'GET', '/api/v1/pupils');
    expect(read.status).toBe(200);
    expect((read.body as { items: unknown[] }).items).toHaveLength(2);
    await world.call(admin, 'GET', '/api/v1/pupils');
    const charges = await world.call(world.platformAdmin, 'GET', `/api/v1/platform/billing/schools/${school.id}/grace-charges`);
    expect(charges.status).toBe(200);
    const page = charges.body as GraceChargePage;
    expect(page.items).toHaveLength(chargesBefore.items.length + 2);
    // A day of the plan at 200 pupils: 110,000 / 365 = 301 pence, VAT 60.
    expect(page.items.at(-1)).toMatchObject({ resource: 'GET /api/v1/pupils', netPence: 301, vatPence: 60, grossPence: 361 });
  });
});
