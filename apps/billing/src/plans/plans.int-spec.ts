import { ADD_PRICE_VERSION, CREATE_PLAN, GET_PLAN, LIST_PLANS, PriceTerms, QUOTE_PLAN } from '@pt/contracts';
import { aPlatformUser, aSchool, aStaff } from '@pt/testing';
import { ServiceHarness } from '@pt/testing/service-harness';
import { randomUUID } from 'node:crypto';
import { startBillingHarness } from '../billing.harness';

const linear = (effectiveFrom: string, perPupilPence: number, baseFeePence = 50_000): PriceTerms => ({
  effectiveFrom,
  baseFeePence,
  perPupil: { kind: 'linear', perPupilPence },
  vatRateBasisPoints: 2000,
});

describe('plans: immutable price versions with effective dates (billing service)', () => {
  let billing: ServiceHarness;
  const admin = aPlatformUser();
  const finance = aPlatformUser({ roles: ['finance'] });

  beforeAll(async () => {
    billing = await startBillingHarness();
  });

  afterAll(async () => {
    await billing?.stop();
  });

  it('a new version never changes an old one: each date is quoted at the version in force on it', async () => {
    const created = await billing.call(
      CREATE_PLAN,
      { code: `std-${randomUUID().slice(0, 8)}`, name: 'Standard', price: linear('2026-09-01', 300) },
      admin,
    );
    const first = created.versions[0];
    expect(created.versions).toHaveLength(1);

    const updated = await billing.call(
      ADD_PRICE_VERSION,
      { planId: created.id, ...linear('2027-09-01', 350, 60_000) },
      finance,
    );
    expect(updated.versions.map((v) => v.effectiveFrom)).toEqual(['2026-09-01', '2027-09-01']);
    expect(updated.versions[0]).toEqual(first);

    // The same effective date again is refused: a version is never replaced.
    const again = await billing.attempt(ADD_PRICE_VERSION, { planId: created.id, ...linear('2027-09-01', 1) }, admin);
    expect(again.code).toBe('price_version.date_taken');
    expect((await billing.call(GET_PLAN, { planId: created.id }, admin)).versions[1].perPupil).toEqual({
      kind: 'linear',
      perPupilPence: 350,
    });

    const old = await billing.call(QUOTE_PLAN, { planId: created.id, pupils: 200, on: '2027-08-31' }, admin);
    expect(old).toMatchObject({
      priceVersionId: first.id,
      base: 50_000,
      perPupil: 60_000,
      net: 110_000,
      vat: 22_000,
      gross: 132_000,
    });
    const next = await billing.call(QUOTE_PLAN, { planId: created.id, pupils: 200, on: '2027-09-01' }, admin);
    expect(next).toMatchObject({
      effectiveFrom: '2027-09-01',
      base: 60_000,
      perPupil: 70_000,
      net: 130_000,
      gross: 156_000,
    });

    const before = await billing.attempt(QUOTE_PLAN, { planId: created.id, pupils: 200, on: '2026-08-31' }, admin);
    expect(before.code).toBe('plan.no_price_in_force');

    const listed = await billing.call(LIST_PLANS, { on: '2027-12-01' }, admin);
    expect(listed.items.find((p) => p.id === created.id)?.currentPrice?.effectiveFrom).toBe('2027-09-01');
  });

  it('refuses figures that are not whole pence, naming the field, and a code already used', async () => {
    const code = `dup-${randomUUID().slice(0, 8)}`;
    const bad = await billing.attempt(
      CREATE_PLAN,
      { code, name: 'Bad', price: { ...linear('2026-09-01', 2.5), vatRateBasisPoints: 20_001 } },
      admin,
    );
    expect(bad.kind).toBe('validation');
    expect(JSON.stringify(bad)).toContain('price.perPupil.perPupilPence');
    expect(JSON.stringify(bad)).toContain('price.vatRateBasisPoints');

    await billing.call(CREATE_PLAN, { code, name: 'One', price: linear('2026-09-01', 1) }, admin);
    expect(
      (await billing.attempt(CREATE_PLAN, { code, name: 'Two', price: linear('2026-09-01', 1) }, admin)).code,
    ).toBe('plan.code_taken');
  });

  it('is for platform staff with billing:plans only: school staff and other platform roles are refused', async () => {
    const staff = aStaff(aSchool(), { roles: ['school-admin'] });
    expect((await billing.attempt(LIST_PLANS, {}, staff)).kind).toBe('forbidden');
    expect((await billing.attempt(LIST_PLANS, {}, aPlatformUser({ roles: ['ops'] }))).kind).toBe('forbidden');
    expect((await billing.attempt(GET_PLAN, { planId: randomUUID() }, admin)).code).toBe('plan.not_found');
  });
});
