import {
  GraceChargePage,
  LifecycleRunView,
  PlanView,
  PurgeCertificateView,
  StatementView,
  SubscriptionChangeView,
  SubscriptionView,
} from '@pt/contracts';
import { newPupil, School, World } from '@pt/testing';
import { randomUUID } from 'node:crypto';

const DAY_MS = 86_400_000;
const dayAfter = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);

/**
 * The school lifecycle through the gateway with the stack's clock moved (issue 14, items 3
 * and 6): a school that does not renew loses write access at expiry, pays a charge for each
 * grace access to pupil data (P25, P26), and is purged six months on from every service
 * (pupil-records and assessment hold nothing of it; audit keeps ids only), while its invoices
 * stay until their retention ends (P27). The tests run in order on one school.
 */
describe('billing lifecycle: expiry by the end date, a read-only grace with charged reads, the purge from every service and the retention of invoices, through the gateway', () => {
  let world: World;
  let school: School;
  /** A second school, whose term ends with the first's, that renews in grace (P25). */
  let renewer: School;
  let plan: PlanView;
  let admin: Awaited<ReturnType<World['staff']>>;
  const runs = '/api/v1/platform/billing/lifecycle-runs';
  const bursar = `bursar-${randomUUID().slice(0, 8)}@trust.example`;

  const terms = (endsOn: string, billingContactEmail: string) => ({
    planId: plan.id,
    startsOn: '2026-01-01',
    endsOn,
    pupils: 200,
    billingContactEmail,
    legalEntity: {
      kind: 'academy_trust',
      name: 'Oak Trust',
      address: { line1: '1 Way', town: 'Testbury', postcode: 'TE1 1ST' },
    },
  });

  const subscribeWhenCustomer = async (schoolId: string, body: object) => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const reply = await world.call(
        world.platformAdmin,
        'POST',
        `/api/v1/platform/billing/schools/${schoolId}/subscription`,
        body,
      );
      if (reply.body?.code !== 'billing_customer.terms_not_signed' || Date.now() > deadline) return reply;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };

  beforeAll(async () => {
    world = await World.start({
      label: 'billinglife',
      mail: true,
      processes: ['gateway', 'identity', 'pupil-records', 'assessment', 'audit', 'billing'],
    });
    const created = await world.call(world.platformAdmin, 'POST', '/api/v1/platform/billing/plans', {
      code: `life-${randomUUID().slice(0, 8)}`,
      name: 'Plan',
      price: {
        effectiveFrom: '2026-01-01',
        baseFeePence: 50_000,
        perPupil: { kind: 'linear', perPupilPence: 300 },
        vatRateBasisPoints: 2000,
      },
    });
    plan = created.body as PlanView;
    [school, renewer] = await Promise.all([world.school({ signed: true }), world.school({ signed: true })]);
  });

  afterAll(async () => {
    await world?.stop();
  });

  it('P25, P26: at expiry staff may read but not write, and each read of pupil data is a charge on the account', async () => {
    const subscribed = await subscribeWhenCustomer(school.id, terms(dayAfter(3), bursar));
    expect(subscribed.status).toBe(201);
    const renewing = await subscribeWhenCustomer(renewer.id, terms(dayAfter(3), `renews-${bursar}`));
    expect(renewing.status).toBe(201);
    admin = await world.staff(school.id, ['school-admin']);
    expect((await world.call(admin, 'POST', '/api/v1/pupils', newPupil())).status).toBe(201);
    const invoiced = await world.call(world.platformAdmin, 'POST', '/api/v1/platform/billing/invoice-runs', {});
    // Both schools' terms: this one's and the one that renews in grace.
    expect(invoiced.body).toMatchObject({ invoiced: 2 });

    // On the last day of the term nothing changes.
    await world.setClock(3 * DAY_MS);
    const lastDay = (await world.call(world.platformAdmin, 'POST', runs)).body as LifecycleRunView;
    // One notice for each school's contact.
    expect(lastDay).toMatchObject({ expired: 0, noticesSent: 2 });
    // The billing contact was told a week ahead (the 30-day notice fell before the subscription began).
    expect((await world.mail(bursar, 'billing-notice')).text).toContain(`ends before ${dayAfter(4)}`);
    expect((await world.call(admin, 'POST', '/api/v1/pupils', newPupil())).status).toBe(201);

    await world.setClock(4 * DAY_MS);
    const run = await world.call(world.platformAdmin, 'POST', runs);
    expect(run.status).toBe(200);
    expect((run.body as LifecycleRunView).expired).toBeGreaterThanOrEqual(1);
    const subscription = await world.call(
      world.platformAdmin,
      'GET',
      `/api/v1/platform/billing/schools/${school.id}/subscription`,
    );
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
    const charges = await world.call(
      world.platformAdmin,
      'GET',
      `/api/v1/platform/billing/schools/${school.id}/grace-charges`,
    );
    expect(charges.status).toBe(200);
    const page = charges.body as GraceChargePage;
    expect(page.items).toHaveLength(chargesBefore.items.length + 2);
    // A day of the plan at 200 pupils: 110,000 / 365 = 301 pence, VAT 60.
    expect(page.items.at(-1)).toMatchObject({
      resource: 'GET /api/v1/pupils',
      netPence: 301,
      vatPence: 60,
      grossPence: 361,
    });
    // P26: owed at once, each charge is a line on the school's own statement and in its ageing.
    const statement = (await world.call(admin, 'GET', '/api/v1/billing/statement')).body as StatementView;
    const graceLines = statement.lines.filter((l) => l.kind === 'grace_charge');
    expect(graceLines.map((l) => l.reference)).toEqual(page.items.map((c) => c.id));
    expect(statement.closingBalancePence).toBe(statement.lines.at(-1)?.balancePence);
    expect(statement.ageing.totalPence).toBeGreaterThanOrEqual(page.totalGrossPence);
  });

  it('P25: a school renewed in grace is active again, its purge cancelled, and its staff can write once more', async () => {
    const staff = await world.staff(renewer.id, ['school-admin']);
    const url = `/api/v1/platform/billing/schools/${renewer.id}/subscription`;
    expect(((await world.call(world.platformAdmin, 'GET', url)).body as SubscriptionView).status).toBe('expired');
    await world.until(async () => (await world.call(staff, 'POST', '/api/v1/pupils', newPupil())).status === 403);

    const renewed = await world.call(world.platformAdmin, 'POST', `${url}/renewals`, {
      endsOn: dayAfter(368),
      pupils: 200,
    });
    expect(renewed.status).toBe(201);
    const change = renewed.body as SubscriptionChangeView;
    // The new term runs from the day after the old end, charged by day: nothing credited.
    expect(change.subscription).toMatchObject({ status: 'active', startsOn: dayAfter(4), endsOn: dayAfter(368) });
    expect(change.proRata).toMatchObject({ from: dayAfter(4), to: dayAfter(368), days: 365, balanceGross: 132_000 });
    expect(
      (await world.call(world.platformAdmin, 'GET', `/api/v1/platform/billing/schools/${renewer.id}/purge-certificate`))
        .status,
    ).toBe(404);
    // The gateways learn it from the lifecycle's broadcast: staff write again without waiting for a refresh.
    await world.until(async () => (await world.call(staff, 'POST', '/api/v1/pupils', newPupil())).status === 201);

    const bad = await world.call(world.platformAdmin, 'POST', `${url}/renewals`, { endsOn: 'next year' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('endsOn');
  });

  it('P25: six months on the school is purged from every service, and the certificate shows each confirmation', async () => {
    const count = async (service: 'pupil-records' | 'assessment' | 'identity' | 'audit' | 'billing', table: string) =>
      Number(
        (
          await world.sql<{ n: string }>(service, `select count(*) as n from ${table} where tenant_id = $1`, [
            school.id,
          ])
        )[0].n,
      );
    await world.until(async () => (await count('assessment', 'pupil_period')) === 2);
    expect(await count('audit', 'audit_entry')).toBeGreaterThan(0);

    // The purge is due six months after the first day of grace (4 days on): the contact is told a week before.
    await world.setClock(180 * DAY_MS);
    await world.call(world.platformAdmin, 'POST', runs);
    expect((await world.mail(bursar, 'billing-notice', 1)).text).toContain('will be deleted from the platform on');
    expect(world.mails(bursar, 'billing-notice')).toHaveLength(2);
    await world.setClock(190 * DAY_MS);
    const run = await world.call(world.platformAdmin, 'POST', runs);
    expect((run.body as LifecycleRunView).purgesStarted).toBeGreaterThanOrEqual(1);
    const certificateUrl = `/api/v1/platform/billing/schools/${school.id}/purge-certificate`;
    await world.until(
      async () =>
        ((await world.call(world.platformAdmin, 'GET', certificateUrl)).body as PurgeCertificateView).completedAt !==
        null,
      20_000,
      200,
    );
    const certificate = (await world.call(world.platformAdmin, 'GET', certificateUrl)).body as PurgeCertificateView;
    expect(certificate.outstanding).toEqual([]);
    expect(certificate.confirmations.map((c) => c.service).sort()).toEqual([
      'assessment',
      'audit',
      'billing',
      'identity',
      'pupil-records',
    ]);
    expect(certificate.confirmations.find((c) => c.service === 'pupil-records')?.deleted).toMatchObject({
      pupil: 2,
      // The school's files in the shared store went with pupil-records' part.
      files: expect.any(Number),
    });
    expect(certificate.confirmations.find((c) => c.service === 'assessment')?.deleted).toMatchObject({
      pupil_period: 2,
    });

    // A session that outlived the school reaches nothing, so nothing is written back after the purge.
    await world.until(
      async () => (await world.call(admin, 'POST', '/api/v1/pupils', newPupil())).body?.code === 'school.purged',
    );
    const afterPurge = await world.call(admin, 'POST', '/api/v1/pupils', newPupil());
    expect(afterPurge.body.code).toBe('school.purged');
    expect(await count('pupil-records', 'pupil')).toBe(0);
    expect(await count('assessment', 'pupil_period')).toBe(0);
    expect(await count('identity', 'user_account')).toBe(0);
    expect(await count('identity', 'session')).toBe(0);
    // Audit keeps its chain of ids; billing keeps the invoice for its retention.
    expect(await count('audit', 'audit_entry')).toBeGreaterThan(0);
    expect(await count('billing', 'invoice')).toBe(1);
    expect(await count('billing', 'grace_charge')).toBeGreaterThan(0);
    const subscription = await world.call(
      world.platformAdmin,
      'GET',
      `/api/v1/platform/billing/schools/${school.id}/subscription`,
    );
    expect(subscription.body).toMatchObject({ status: 'purged', billingContactEmail: '' });
    // Its data is gone: it cannot be renewed, only signed up afresh.
    const renewal = await world.call(
      world.platformAdmin,
      'POST',
      `/api/v1/platform/billing/schools/${school.id}/subscription/renewals`,
      { endsOn: dayAfter(800) },
    );
    expect(renewal.status).toBe(409);
    expect(renewal.body.code).toBe('subscription.purged');
    // The school renewed in grace is untouched by the other's purge.
    expect(
      (
        (await world.call(world.platformAdmin, 'GET', `/api/v1/platform/billing/schools/${renewer.id}/subscription`))
          .body as SubscriptionView
      ).status,
    ).toBe('active');
  });

  it('P27: the invoices stay until six years after the end of the financial year the school ceased in, then go', async () => {
    const certificateUrl = `/api/v1/platform/billing/schools/${school.id}/purge-certificate`;
    const { financialRecordsKeptUntil } = (await world.call(world.platformAdmin, 'GET', certificateUrl))
      .body as PurgeCertificateView;
    const keptFor = Date.parse(`${financialRecordsKeptUntil}T12:00:00Z`) - Date.now();
    await world.setClock(keptFor);
    expect(((await world.call(world.platformAdmin, 'POST', runs)).body as LifecycleRunView).retentionEnded).toBe(0);
    expect(await world.sql('billing', 'select id from invoice where tenant_id = $1', [school.id])).toHaveLength(1);

    await world.setClock(keptFor + DAY_MS);
    expect(
      ((await world.call(world.platformAdmin, 'POST', runs)).body as LifecycleRunView).retentionEnded,
    ).toBeGreaterThanOrEqual(1);
    expect(await world.sql('billing', 'select id from invoice where tenant_id = $1', [school.id])).toHaveLength(0);
    expect(await world.sql('billing', 'select id from grace_charge where tenant_id = $1', [school.id])).toHaveLength(0);
    // The certificate, ids and counts only, outlives them.
    expect((await world.call(world.platformAdmin, 'GET', certificateUrl)).status).toBe(200);
  });
});
