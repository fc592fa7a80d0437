import { PlanSummary, PlanView, QuoteView } from '@pt/contracts';
import { World } from '@pt/testing';
import { randomUUID } from 'node:crypto';

/** The platform's price list through the gateway: plans, immutable price versions and quotes (issue 14, item 1). */
describe('billing plans: immutable price versions and quotes, through the gateway', () => {
  let world: World;
  const plans = '/api/v1/platform/billing/plans';
  const code = `std-${randomUUID().slice(0, 8)}`;
  let plan: PlanView;

  beforeAll(async () => {
    world = await World.start({ label: 'billingplans', processes: ['gateway', 'identity', 'billing'] });
  });

  afterAll(async () => {
    await world?.stop();
  });

  it('creates a plan with a banded price, adds a version, and quotes each day at the version in force on it', async () => {
    const created = await world.call(world.platformAdmin, 'POST', plans, {
      code,
      name: 'Standard',
      price: {
        effectiveFrom: '2026-09-01',
        baseFeePence: 30_000,
        perPupil: {
          kind: 'banded',
          bands: [
            { fromPupils: 0, perPupilPence: 300 },
            { fromPupils: 101, perPupilPence: 250 },
          ],
        },
        vatRateBasisPoints: 2000,
      },
    });
    expect(created.status).toBe(201);
    plan = created.body as PlanView;
    expect(plan.versions).toHaveLength(1);

    const added = await world.call(world.platformAdmin, 'POST', `${plans}/${plan.id}/prices`, {
      effectiveFrom: '2027-09-01',
      baseFeePence: 40_000,
      perPupil: { kind: 'linear', perPupilPence: 333 },
      vatRateBasisPoints: 2000,
    });
    expect(added.status).toBe(201);
    const versions = (added.body as PlanView).versions;
    expect(versions.map((v) => v.effectiveFrom)).toEqual(['2026-09-01', '2027-09-01']);
    expect(versions[0]).toEqual(plan.versions[0]);

    const again = await world.call(world.platformAdmin, 'POST', `${plans}/${plan.id}/prices`, {
      effectiveFrom: '2027-09-01',
      baseFeePence: 1,
      perPupil: { kind: 'linear', perPupilPence: 1 },
      vatRateBasisPoints: 2000,
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('price_version.date_taken');

    const old = await world.call(world.platformAdmin, 'GET', `${plans}/${plan.id}/quote?pupils=101&on=2027-08-31`);
    expect(old.status).toBe(200);
    expect(old.body as QuoteView).toMatchObject({
      priceVersionId: plan.versions[0].id,
      perPupilPence: 250,
      base: 30_000,
      perPupil: 25_250,
      net: 55_250,
      vat: 11_050,
      gross: 66_300,
    });
    const next = await world.call(world.platformAdmin, 'GET', `${plans}/${plan.id}/quote?pupils=7&on=2027-09-01`);
    // 40,000 + 7 × 333 = 42,331p net; VAT 8,466.2p rounds to 8,466p.
    expect(next.body as QuoteView).toMatchObject({
      effectiveFrom: '2027-09-01',
      net: 42_331,
      vat: 8_466,
      gross: 50_797,
    });

    const listed = await world.call(world.platformAdmin, 'GET', `${plans}?on=2028-01-01`);
    expect(listed.status).toBe(200);
    const summary = (listed.body.items as PlanSummary[]).find((p) => p.id === plan.id);
    expect(summary?.currentPrice?.effectiveFrom).toBe('2027-09-01');

    const got = await world.call(world.platformAdmin, 'GET', `${plans}/${plan.id}`);
    expect((got.body as PlanView).versions).toEqual(versions);
  });

  it("school staff are refused the platform's price list (403)", async () => {
    const school = await world.school({ signed: true });
    const head = await world.staff(school.id, ['school-admin']);
    expect((await world.call(head, 'GET', plans)).status).toBe(403);
    expect((await world.call(head, 'GET', `${plans}/${plan.id}/quote?pupils=10`)).status).toBe(403);
    expect((await world.call(head, 'POST', plans, { code, name: 'x', price: {} })).status).toBe(403);
  });

  it('bad input is a problem naming each field; a day before the first version has no price', async () => {
    const bad = await world.call(world.platformAdmin, 'POST', plans, {
      code: 'Not A Code',
      name: 'Bad',
      price: { effectiveFrom: '1/9/2026', baseFeePence: 12.5, perPupil: { kind: 'linear' }, vatRateBasisPoints: 2000 },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'code',
      'price.baseFeePence',
      'price.effectiveFrom',
      'price.perPupil.perPupilPence',
    ]);

    const noRoll = await world.call(world.platformAdmin, 'GET', `${plans}/${plan.id}/quote?pupils=-3`);
    expect(noRoll.status).toBe(400);
    expect(noRoll.body.errors.map((e: { field: string }) => e.field)).toEqual(['pupils']);

    const early = await world.call(world.platformAdmin, 'GET', `${plans}/${plan.id}/quote?pupils=10&on=2026-08-31`);
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('plan.no_price_in_force');
  });
});
