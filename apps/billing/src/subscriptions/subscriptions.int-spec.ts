import {
  CHANGE_SUBSCRIPTION_PLAN,
  CREATE_PLAN,
  CreateSubscriptionRequest,
  GET_SUBSCRIPTION,
  RENEW_SUBSCRIPTION,
  SCHOOL_STATUS_CHANGED,
  SUBSCRIBE_SCHOOL,
  SUBSCRIPTION_RENEWED,
} from '@pt/contracts';
import { aPlatformUser, aSchool, anEvent, aStaff, SchoolRef } from '@pt/testing';
import { ServiceHarness } from '@pt/testing/service-harness';
import { BusException } from '@pt/platform';
import { randomUUID } from 'node:crypto';
import { startBillingHarness } from '../billing.harness';

describe('subscriptions: a billing customer from the signed terms, a subscription, plan changes pro rata (billing service)', () => {
  let billing: ServiceHarness;
  const finance = aPlatformUser({ roles: ['finance'] });
  let standard: string;
  let premium: string;

  const plan = async (perPupilPence: number) =>
    (
      await billing.call(
        CREATE_PLAN,
        {
          code: `p-${randomUUID().slice(0, 8)}`,
          name: 'Plan',
          price: {
            effectiveFrom: '2026-01-01',
            baseFeePence: 50_000,
            perPupil: { kind: 'linear', perPupilPence },
            vatRateBasisPoints: 2000,
          },
        },
        finance,
      )
    ).id;

  const signed = async (school: SchoolRef, dataProcessingAllowed: boolean) =>
    billing.deliver(
      anEvent(
        SCHOOL_STATUS_CHANGED,
        { schoolId: school.id, status: dataProcessingAllowed ? 'active' : 'onboarding', dataProcessingAllowed },
        { tenantId: school.id, actor: { id: null, kind: 'system', roles: [] } },
      ),
    );

  const terms = (school: SchoolRef, overrides: Partial<CreateSubscriptionRequest> = {}): CreateSubscriptionRequest => ({
    schoolId: school.id,
    planId: standard,
    startsOn: '2026-09-01',
    endsOn: '2027-08-31',
    pupils: 200,
    billingContactEmail: 'bursar@trust.example',
    purchaseOrderNumber: 'PO-1234',
    legalEntity: {
      kind: 'academy_trust',
      name: 'Oak Learning Trust',
      address: { line1: '1 Trust Way', town: 'Testbury', postcode: 'TE1 1ST' },
      companyNumber: '01234567',
    },
    ...overrides,
  });

  beforeAll(async () => {
    billing = await startBillingHarness();
    standard = await plan(300); // 200 pupils: 50,000 + 60,000 = 110,000 net
    premium = await plan(400); // 200 pupils: 50,000 + 80,000 = 130,000 net
  });

  afterAll(async () => {
    await billing?.stop();
  });

  it('refuses to subscribe a school before its data processing terms are signed', async () => {
    const school = aSchool();
    expect((await billing.attempt(SUBSCRIBE_SCHOOL, terms(school), finance)).code).toBe(
      'billing_customer.terms_not_signed',
    );
    expect(await signed(school, false)).toEqual(['processed']);
    expect((await billing.attempt(SUBSCRIBE_SCHOOL, terms(school), finance)).code).toBe(
      'billing_customer.terms_not_signed',
    );
  });

  it('makes the school a customer when it signs, once however often the event comes, and subscribes it', async () => {
    const school = aSchool();
    const event = anEvent(
      SCHOOL_STATUS_CHANGED,
      { schoolId: school.id, status: 'active', dataProcessingAllowed: true },
      { tenantId: school.id, actor: { id: null, kind: 'system', roles: [] } },
    );
    expect(await billing.deliver(event)).toEqual(['processed']);
    expect(await billing.deliver(event)).toEqual(['duplicate']);
    const created = await billing.call(SUBSCRIBE_SCHOOL, terms(school), finance);
    expect(created).toMatchObject({
      schoolId: school.id,
      planId: standard,
      status: 'active',
      startsOn: '2026-09-01',
      endsOn: '2027-08-31',
      purchaseOrderNumber: 'PO-1234',
      legalEntity: { kind: 'academy_trust', companyNumber: '01234567' },
      annual: { net: 110_000, vat: 22_000, gross: 132_000 },
    });
    expect((await billing.attempt(SUBSCRIBE_SCHOOL, terms(school), finance)).code).toBe('subscription.exists');

    // The school's own administrator reads it; another school's staff do not find it.
    const admin = aStaff(school, { roles: ['school-admin'] });
    expect((await billing.call(GET_SUBSCRIPTION, { schoolId: school.id }, admin)).id).toBe(created.id);
    const stranger = aStaff(aSchool(), { roles: ['school-admin'] });
    expect((await billing.attempt(GET_SUBSCRIPTION, { schoolId: school.id }, stranger)).code).toBe(
      'subscription.not_found',
    );
    expect(
      (await billing.attempt(GET_SUBSCRIPTION, { schoolId: school.id }, aStaff(school, { roles: ['teacher'] }))).kind,
    ).toBe('forbidden');
    expect((await billing.attempt(SUBSCRIBE_SCHOOL, terms(school), admin)).kind).toBe('forbidden');

    // Upgrade from 2027-03-01: 184 of 365 days.
    const change = await billing.call(
      CHANGE_SUBSCRIPTION_PLAN,
      { schoolId: school.id, planId: premium, on: '2027-03-01', pupils: 200 },
      finance,
    );
    expect(change.proRata).toMatchObject({
      from: '2027-03-01',
      to: '2027-08-31',
      days: 184,
      yearDays: 365,
      credit: { net: 55_452, vat: 11_090, gross: 66_542 },
      charge: { net: 65_534, vat: 13_107, gross: 78_641 },
      balanceGross: 12_099,
    });
    expect(change.subscription).toMatchObject({ planId: premium, annual: { net: 130_000 } });
    expect(
      (
        await billing.attempt(
          CHANGE_SUBSCRIPTION_PLAN,
          { schoolId: school.id, planId: standard, on: '2027-09-01', pupils: 200 },
          finance,
        )
      ).code,
    ).toBe('subscription.change_outside_term');
  });

  it('names each bad field and never echoes the billing contact', async () => {
    const school = aSchool();
    await signed(school, true);
    const bad = await billing.attempt(
      SUBSCRIBE_SCHOOL,
      terms(school, { endsOn: '2026-08-01', billingContactEmail: 'not an email', pupils: -1 }),
      finance,
    );
    expect(bad.kind).toBe('validation');
    const text = JSON.stringify(bad);
    for (const field of ['endsOn', 'pupils', 'billingContactEmail']) expect(text).toContain(field);
    expect(text).not.toContain('not an email');
  });

  it('P25: renews an active subscription for a new term from the day after its end, charged by day; platform finance only', async () => {
    const school = aSchool();
    await signed(school, true);
    await billing.call(SUBSCRIBE_SCHOOL, terms(school), finance);
    // 2027-09-01 to 2028-08-31 holds 29 February: a whole year of 366 days costs the yearly price.
    const renewed = await billing.call(
      RENEW_SUBSCRIPTION,
      { schoolId: school.id, endsOn: '2028-08-31', pupils: 200 },
      finance,
    );
    expect(renewed.proRata).toMatchObject({
      from: '2027-09-01',
      days: 366,
      yearDays: 366,
      credit: { gross: 0 },
      charge: { net: 110_000, vat: 22_000, gross: 132_000 },
    });
    expect(renewed.subscription).toMatchObject({
      planId: standard,
      status: 'active',
      startsOn: '2027-09-01',
      endsOn: '2028-08-31',
      purchaseOrderNumber: 'PO-1234',
    });
    // Half a term on the dearer plan: 2028-09-01 to 2029-02-28, 181 of 365 days of 130,000.
    const half = await billing.call(
      RENEW_SUBSCRIPTION,
      { schoolId: school.id, endsOn: '2029-02-28', planId: premium, pupils: 200 },
      finance,
    );
    expect(half.proRata).toMatchObject({ from: '2028-09-01', days: 181, charge: { net: 64_466 } });

    const admin = aStaff(school, { roles: ['school-admin'] });
    expect((await billing.attempt(RENEW_SUBSCRIPTION, { schoolId: school.id, endsOn: '2030-02-28' }, admin)).kind).toBe(
      'forbidden',
    );
    expect(
      (await billing.attempt(RENEW_SUBSCRIPTION, { schoolId: aSchool().id, endsOn: '2030-02-28' }, finance)).code,
    ).toBe('subscription.not_found');
    const bad = await billing.attempt(
      RENEW_SUBSCRIPTION,
      { schoolId: school.id, endsOn: '2029-02-30', pupils: -1 },
      finance,
    );
    expect(bad.kind).toBe('validation');
    for (const field of ['endsOn', 'pupils']) expect(JSON.stringify(bad)).toContain(field);
  });

  it('P25: a renewal stages a durable event with ids only, once, in its own transaction', async () => {
    const school = aSchool();
    await signed(school, true);
    const subscribed = await billing.call(SUBSCRIBE_SCHOOL, terms(school), finance);
    await billing.call(RENEW_SUBSCRIPTION, { schoolId: school.id, endsOn: '2028-08-31', pupils: 200 }, finance);
    const renewed = (await billing.staged(SUBSCRIPTION_RENEWED)).filter((e) => e.data.schoolId === school.id);
    expect(renewed.map((e) => e.data)).toEqual([{ schoolId: school.id, subscriptionId: subscribed.id }]);
    // A refused renewal stages nothing.
    await billing.attempt(RENEW_SUBSCRIPTION, { schoolId: school.id, endsOn: '2028-08-31' }, finance);
    expect((await billing.staged(SUBSCRIPTION_RENEWED)).filter((e) => e.data.schoolId === school.id)).toHaveLength(1);
  });

  it('P25: two renewals at once: one renews, the other is refused (409 subscription.changed_meanwhile when it read the old term), never two terms', async () => {
    const school = aSchool();
    await signed(school, true);
    const subscribed = await billing.call(SUBSCRIBE_SCHOOL, terms(school), finance);
    // Both read the same term before either commits (each prices it first), then one locks the row and renews.
    const renew = (endsOn: string) =>
      billing.call(RENEW_SUBSCRIPTION, { schoolId: school.id, endsOn, pupils: 200 }, finance).then(
        () => null,
        (refusal: BusException) => refusal.body,
      );
    // The same renewal sent twice at once (a double submit).
    const both = [renew('2028-08-31'), renew('2028-08-31')];
    const outcomes = await Promise.all(both);
    const refused = outcomes.filter((outcome) => outcome !== null);
    expect(refused).toHaveLength(1);
    // The loser read the old term: 409, read again and retry. Had it read after the winner
    // committed, its end would not be after the new term's: refused naming endsOn.
    expect([
      { kind: 'conflict', code: 'subscription.changed_meanwhile' },
      { kind: 'validation', field: 'endsOn' },
    ]).toContainEqual(
      refused[0]!.kind === 'conflict'
        ? { kind: refused[0]!.kind, code: refused[0]!.code }
        : { kind: refused[0]!.kind, field: refused[0]!.errors?.[0]?.field },
    );
    const after = await billing.sql<{ ends_on: string; starts_on: string }>(
      `select to_char(starts_on, 'YYYY-MM-DD') as starts_on, to_char(ends_on, 'YYYY-MM-DD') as ends_on from subscription where id = $1`,
      [subscribed.id],
    );
    // One new term, from the day after the old end.
    expect(after).toHaveLength(1);
    expect(after[0].starts_on).toBe('2027-09-01');
    expect(after[0].ends_on).toBe('2028-08-31');
    expect((await billing.staged(SUBSCRIPTION_RENEWED)).filter((e) => e.data.schoolId === school.id)).toHaveLength(1);
  });
});
