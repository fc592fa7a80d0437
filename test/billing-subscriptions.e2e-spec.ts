import { PlanView, SubscriptionChangeView, SubscriptionView } from '@pt/contracts';
import { School, World } from '@pt/testing';
import { randomUUID } from 'node:crypto';

/** A school's subscription through the gateway (issue 14, item 2): customer on signing, subscribe, read, change plan pro rata. */
describe('billing subscriptions: a signed school subscribed, read and moved to another plan pro rata, through the gateway', () => {
  let world: World;
  const plans = '/api/v1/platform/billing/plans';
  const subscriptionOf = (schoolId: string) => `/api/v1/platform/billing/schools/${schoolId}/subscription`;
  let standard: PlanView;
  let premium: PlanView;
  let signed: School;

  const terms = (planId: string) => ({
    planId,
    startsOn: '2026-09-01',
    endsOn: '2027-08-31',
    pupils: 200,
    billingContactEmail: 'bursar@trust.example',
    purchaseOrderNumber: 'PO-77',
    legalEntity: {
      kind: 'la_school',
      name: 'Testbury Primary School (Testshire County Council)',
      address: { line1: 'County Hall', town: 'Testbury', postcode: 'TE1 1ST' },
    },
  });

  const aPlan = async (perPupilPence: number): Promise<PlanView> => {
    const created = await world.call(world.platformAdmin, 'POST', plans, {
      code: `sub-${randomUUID().slice(0, 8)}`,
      name: 'Plan',
      price: {
        effectiveFrom: '2026-01-01',
        baseFeePence: 50_000,
        perPupil: { kind: 'linear', perPupilPence },
        vatRateBasisPoints: 2000,
      },
    });
    expect(created.status).toBe(201);
    return created.body as PlanView;
  };

  /** Billing hears of the signature through identity's durable event: subscribe once it has. */
  const subscribeWhenCustomer = async (schoolId: string, body: object) => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const reply = await world.call(world.platformAdmin, 'POST', subscriptionOf(schoolId), body);
      if (reply.body?.code !== 'billing_customer.terms_not_signed' || Date.now() > deadline) return reply;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };

  beforeAll(async () => {
    world = await World.start({ label: 'billingsubs', processes: ['gateway', 'identity', 'pupil-records', 'billing'] });
    standard = await aPlan(300); // 200 pupils: 110,000 net a year
    premium = await aPlan(400); // 200 pupils: 130,000 net a year
    signed = await world.school({ signed: true });
  });

  afterAll(async () => {
    await world?.stop();
  });

  it('subscribes a signed school, reads it back, and upgrades it mid-term with the credit and charge by day', async () => {
    const created = await subscribeWhenCustomer(signed.id, terms(standard.id));
    expect(created.status).toBe(201);
    const subscription = created.body as SubscriptionView;
    expect(subscription).toMatchObject({
      schoolId: signed.id,
      planId: standard.id,
      status: 'active',
      purchaseOrderNumber: 'PO-77',
      legalEntity: { kind: 'la_school', address: { postcode: 'TE1 1ST' } },
      annual: { net: 110_000, vat: 22_000, gross: 132_000 },
    });
    expect(await world.sql('billing', 'select id from subscription where tenant_id = $1', [signed.id])).toHaveLength(1);

    const read = await world.call(world.platformAdmin, 'GET', subscriptionOf(signed.id));
    expect(read.status).toBe(200);
    expect((read.body as SubscriptionView).id).toBe(subscription.id);

    const admin = await world.staff(signed, ['school-admin']);
    const own = await world.call(admin, 'GET', '/api/v1/billing/subscription');
    expect(own.status).toBe(200);
    expect((own.body as SubscriptionView).id).toBe(subscription.id);

    const upgraded = await world.call(world.platformAdmin, 'POST', `${subscriptionOf(signed.id)}/plan-changes`, {
      planId: premium.id,
      on: '2027-03-01',
      pupils: 200,
    });
    expect(upgraded.status).toBe(201);
    const change = upgraded.body as SubscriptionChangeView;
    // 184 unused days of a 365-day term year: 110,000 × 184/365 credited, 130,000 × 184/365 charged.
    expect(change.proRata).toMatchObject({
      days: 184,
      yearDays: 365,
      credit: { net: 55_452, vat: 11_090, gross: 66_542 },
      charge: { net: 65_534, vat: 13_107, gross: 78_641 },
      balanceGross: 12_099,
    });
    expect(change.subscription).toMatchObject({ planId: premium.id, annual: { net: 130_000 } });
  });

  it("prices a subscription made without pupils at the school's roll, as pupil-records reports it", async () => {
    const school = await world.school({ signed: true });
    const admin = await world.staff(school, ['school-admin']);
    for (let i = 0; i < 3; i++) await world.pupil(admin);

    // The count reaches billing through pupil-records' durable event: wait until it has.
    const rollOf = async () =>
      (
        await world.sql<{ pupils_on_roll: number }>(
          'billing',
          'select pupils_on_roll from school_roll where tenant_id = $1',
          [school.id],
        )
      ).map((row) => row.pupils_on_roll);
    const deadline = Date.now() + 15_000;
    while ((await rollOf())[0] !== 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await rollOf()).toEqual([3]);

    const { pupils: _explicit, ...withoutPupils } = terms(standard.id);
    const created = await subscribeWhenCustomer(school.id, withoutPupils);
    expect(created.status).toBe(201);
    // 3 pupils at 300p on a 50,000p base: 50,900 net a year.
    expect(created.body).toMatchObject({ pupils: 3, annual: { net: 50_900, vat: 10_180, gross: 61_080 } });
  });

  it('refuses a school that has not signed its data processing terms', async () => {
    const unsigned = await world.school({ signed: false });
    const refused = await world.call(world.platformAdmin, 'POST', subscriptionOf(unsigned.id), terms(standard.id));
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('billing_customer.terms_not_signed');
  });

  it("another school's subscription is not found; staff without the permission are refused", async () => {
    const other = await world.school({ signed: true });
    const none = await world.call(world.platformAdmin, 'GET', subscriptionOf(other.id));
    expect(none.status).toBe(404);
    expect(none.body.code).toBe('subscription.not_found');

    // The other school's administrator sees only their own school, which has no subscription.
    const otherAdmin = await world.staff(other, ['school-admin']);
    expect((await world.call(otherAdmin, 'GET', '/api/v1/billing/subscription')).status).toBe(404);

    const teacher = await world.staff(signed, ['teacher']);
    const forbidden = await world.call(teacher, 'GET', '/api/v1/billing/subscription');
    expect(forbidden.status).toBe(403);
    expect((await world.call(teacher, 'GET', subscriptionOf(signed.id))).status).toBe(403);
  });

  it('names each bad field in a problem+json answer, without echoing the billing contact', async () => {
    const bad = await world.call(world.platformAdmin, 'POST', subscriptionOf(signed.id), {
      ...terms(standard.id),
      billingContactEmail: 'not-an-email',
      pupils: -1,
      legalEntity: { kind: 'charity', name: 'X', address: { line1: 'A', town: 'B', postcode: 'nope' } },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    const fields = (bad.body.errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining(['billingContactEmail', 'pupils', 'legalEntity.kind', 'legalEntity.address.postcode']),
    );
    expect(bad.text).not.toContain('not-an-email');
  });
});
