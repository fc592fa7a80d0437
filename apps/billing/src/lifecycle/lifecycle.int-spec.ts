import {
  AGED_DEBT_REPORT,
  ASSESSMENT_SCHOOL_PURGE_CONFIRMED,
  GET_STATEMENT,
  AUDIT_SCHOOL_PURGE_CONFIRMED,
  GET_PURGE_CERTIFICATE,
  GET_SUBSCRIPTION,
  GRACE_ACCESS_CHARGED,
  IDENTITY_SCHOOL_PURGE_CONFIRMED,
  LIST_GRACE_CHARGES,
  NOTIFY_BILLING_CONTACT,
  NotifyBillingContactRequest,
  PUPIL_RECORDS_SCHOOL_PURGE_CONFIRMED,
  RECORD_GRACE_ACCESS,
  RECORD_PAYMENT,
  RENEW_SUBSCRIPTION,
  RUN_ANNUAL_INVOICES,
  SCHOOL_PURGE_SCHEDULED,
  SCHOOL_PURGE_STARTED,
  SCHOOL_PURGED,
  SUBSCRIPTION_EXPIRED,
} from '@pt/contracts';
import { aPlatformUser, aStaff, aSystemJob, anEvent, SchoolRef } from '@pt/testing';
import { ServiceHarness } from '@pt/testing/service-harness';
import { aPlan, aSubscribedSchool } from '../billing.fixtures';
import { startBillingHarness } from '../billing.harness';
import { AdvisoryLocks, UnitOfWork } from '@pt/persistence';
import { Broadcasts, BusClient, Clock, PeriodicJobs, PLATFORM_LOGGER } from '@pt/platform';
import { Logger } from 'pino';
import { BillingConfig } from '../billing.config';
import { PlansService } from '../plans/plans.service';
import { LifecycleService } from './lifecycle.service';

describe('school lifecycle: expiry, grace, purge and retention by the end date only (billing service)', () => {
  let billing: ServiceHarness;
  let lifecycle: LifecycleService;
  let planId: string;
  const finance = aPlatformUser({ roles: ['finance'] });
  const at = (day: string) => new Date(`${day}T06:00:00Z`);

  /** A school subscribed for one term that ends on `endsOn`. */
  const aSchoolEnding = (startsOn: string, endsOn: string) =>
    aSubscribedSchool(billing, finance, { planId, startsOn, endsOn });

  const statusOf = async (school: SchoolRef) =>
    (await billing.call(GET_SUBSCRIPTION, { schoolId: school.id }, finance)).status;
  const eventsOf = async (school: SchoolRef) =>
    (await billing.staged())
      .filter((e) => e.tenantId === school.id && e.subject.startsWith('evt.billing.s'))
      .map((e) => e.subject);

  const confirmAll = async (school: SchoolRef, purgeId: string) => {
    for (const event of [
      IDENTITY_SCHOOL_PURGE_CONFIRMED,
      PUPIL_RECORDS_SCHOOL_PURGE_CONFIRMED,
      ASSESSMENT_SCHOOL_PURGE_CONFIRMED,
      AUDIT_SCHOOL_PURGE_CONFIRMED,
    ]) {
      await billing.deliver(
        anEvent(event, { schoolId: school.id, purgeId, deleted: { some_table: 3 } }, aSystemJob(school)),
      );
    }
  };

  beforeAll(async () => {
    // Fatal only: each run's notice step fails by design here (identity is not on a bus in
    // this tier), and its error lines would bury a real failure in the run's output.
    billing = await startBillingHarness(
      { BILLING_INVOICE_RUN_INTERVAL_HOURS: '0', BILLING_LIFECYCLE_INTERVAL_MINUTES: '0' },
      'fatal',
    );
    lifecycle = billing.get(LifecycleService);
    planId = await aPlan(billing, finance);
  });

  afterAll(async () => {
    await billing?.stop();
  });

  it('P25: a subscription expires the day after its last day, never earlier, and never for an unpaid invoice', async () => {
    const school = await aSchoolEnding('2026-09-01', '2027-08-31');
    // Its invoice is issued and never paid: long overdue by the end of the term.
    await billing.call(RUN_ANNUAL_INVOICES, { on: '2026-09-01' }, finance);
    await lifecycle.runAt(at('2027-06-30'));
    await lifecycle.runAt(at('2027-08-31'));
    expect(await statusOf(school)).toBe('active');
    expect(await eventsOf(school)).toEqual([]);

    await lifecycle.runAt(at('2027-09-01'));
    expect(await statusOf(school)).toBe('expired');
    expect(await eventsOf(school)).toEqual([SUBSCRIPTION_EXPIRED.subject, SCHOOL_PURGE_SCHEDULED.subject]);
    const certificate = await billing.call(GET_PURGE_CERTIFICATE, { schoolId: school.id }, finance);
    expect(certificate).toMatchObject({ endedOn: '2027-08-31', purgeDueOn: '2028-03-01', startedAt: null });
    expect((await lifecycle.schoolsInGrace()).grace).toContain(school.id);

    // The next day's run, and the day before the purge, change nothing.
    await lifecycle.runAt(at('2027-09-02'));
    await lifecycle.runAt(at('2028-02-29'));
    expect(await eventsOf(school)).toHaveLength(2);
  });

  it('P25: two runs at once, as two replicas would, expire and purge each school once', async () => {
    const school = await aSchoolEnding('2026-01-01', '2026-08-31');
    // A second instance of the service on the same database: its own jobs, the same rows.
    const logger = billing.get<Logger>(PLATFORM_LOGGER);
    const replica = new LifecycleService(
      billing.get(UnitOfWork),
      billing.get(PlansService),
      billing.get(Clock),
      billing.get(Broadcasts),
      billing.get(BusClient),
      logger,
      billing.get(BillingConfig),
      new PeriodicJobs(logger, billing.get(AdvisoryLocks)),
    );
    const [a, b] = await Promise.all([lifecycle.runAt(at('2026-09-10')), replica.runAt(at('2026-09-10'))]);
    const [c, d] = await Promise.all([lifecycle.runAt(at('2027-03-01')), replica.runAt(at('2027-03-01'))]);
    expect(await eventsOf(school)).toEqual([
      SUBSCRIPTION_EXPIRED.subject,
      SCHOOL_PURGE_SCHEDULED.subject,
      SCHOOL_PURGE_STARTED.subject,
    ]);
    expect(a.expired + b.expired).toBeGreaterThanOrEqual(1);
    expect(c.purgesStarted + d.purgesStarted).toBeGreaterThanOrEqual(1);
    // The periodic job holds an advisory lock as well: while one replica runs it, the other skips.
    const [e, f] = await Promise.all([lifecycle.job.runOnce(), replica.job.runOnce()]);
    expect([e.ran, f.ran].filter(Boolean).length).toBeGreaterThanOrEqual(1);
  });

  it('P25: a run after months of downtime catches up in order: expiry, then the purge, once', async () => {
    const school = await aSchoolEnding('2026-02-01', '2027-01-31');
    const view = await lifecycle.runAt(at('2027-09-15'));
    expect(view.expired).toBeGreaterThanOrEqual(1);
    expect(await eventsOf(school)).toEqual([
      SUBSCRIPTION_EXPIRED.subject,
      SCHOOL_PURGE_SCHEDULED.subject,
      SCHOOL_PURGE_STARTED.subject,
    ]);
    expect(await statusOf(school)).toBe('purged');
    expect(await lifecycle.schoolsInGrace()).toMatchObject({ purged: expect.arrayContaining([school.id]) });
    expect((await lifecycle.schoolsInGrace()).grace).not.toContain(school.id);
    await lifecycle.runAt(at('2027-09-16'));
    expect(await eventsOf(school)).toHaveLength(3);
  });

  it("P25: the purge deletes billing's own part, and completes with every service's confirmation on its certificate", async () => {
    const school = await aSchoolEnding('2026-03-01', '2027-02-28');
    await lifecycle.runAt(at('2027-09-02'));
    const subscription = await billing.sql<{ billing_contact_email: string }>(
      'select billing_contact_email from subscription where tenant_id = $1',
      [school.id],
    );
    expect(subscription).toEqual([{ billing_contact_email: '' }]);
    const started = await billing.call(GET_PURGE_CERTIFICATE, { schoolId: school.id }, finance);
    expect(started.completedAt).toBeNull();
    expect(started.confirmations.map((c) => c.service)).toEqual(['billing']);
    expect(started.outstanding).toEqual(['identity', 'pupil-records', 'assessment', 'audit']);

    await confirmAll(school, started.purgeId);
    // A redelivered confirmation changes nothing.
    await confirmAll(school, started.purgeId);
    const done = await billing.call(GET_PURGE_CERTIFICATE, { schoolId: school.id }, finance);
    expect(done.outstanding).toEqual([]);
    expect(done.completedAt).not.toBeNull();
    expect(done.confirmations.find((c) => c.service === 'audit')?.deleted).toEqual({ some_table: 3 });
    expect((await eventsOf(school)).filter((s) => s === SCHOOL_PURGED.subject)).toHaveLength(1);
    expect(done.financialRecordsKeptUntil).toBe('2033-03-31');
  });

  it('P26: each grace access to pupil data is a charge of a day of the plan, snapshotted; none outside grace', async () => {
    const school = await aSchoolEnding('2026-04-01', '2027-03-31');
    const system = aSystemJob();
    const refused = await billing.attempt(
      RECORD_GRACE_ACCESS,
      { schoolId: school.id, resource: 'GET /api/v1/pupils' },
      system,
    );
    expect(refused.code).toBe('subscription.not_in_grace');
    await lifecycle.runAt(at('2027-04-01'));
    await billing.call(RECORD_GRACE_ACCESS, { schoolId: school.id, resource: 'GET /api/v1/pupils' }, system);
    await billing.call(RECORD_GRACE_ACCESS, { schoolId: school.id, resource: 'GET /api/v1/pupils/:id' }, system);
    // 50,000 + 200 pupils x 300 = 110,000 pence a year: 301 a day, VAT 60.
    const page = await billing.call(LIST_GRACE_CHARGES, { schoolId: school.id }, aStaff(school));
    expect(page.items.map((c) => [c.resource, c.netPence, c.vatPence, c.grossPence])).toEqual([
      ['GET /api/v1/pupils', 301, 60, 361],
      ['GET /api/v1/pupils/:id', 301, 60, 361],
    ]);
    expect(page.totalGrossPence).toBe(722);
    expect(await billing.staged(GRACE_ACCESS_CHARGED)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ tenantId: school.id, data: { schoolId: school.id, chargeId: page.items[0].id } }),
      ]),
    );
    // Another school's staff see none of them.
    const other = await aSchoolEnding('2026-09-01', '2030-08-31');
    expect((await billing.call(LIST_GRACE_CHARGES, { schoolId: school.id }, aStaff(other))).items).toEqual([]);
  });

  it('P27: invoices, credit notes and payments stay after the purge until six years after the financial year-end, then go', async () => {
    const school = await aSchoolEnding('2026-01-01', '2026-06-30');
    await billing.call(RUN_ANNUAL_INVOICES, { on: '2026-01-01' }, finance);
    await billing.call(
      RECORD_PAYMENT,
      {
        schoolId: school.id,
        method: 'bank_transfer',
        reference: 'BACS 1',
        amountPence: 1000,
        receivedOn: '2026-02-01',
      },
      finance,
    );
    const financial = () =>
      billing.sql<{ invoices: string; payments: string }>(
        `select (select count(*) from invoice where tenant_id = $1) as invoices,
                (select count(*) from payment where tenant_id = $1) as payments`,
        [school.id],
      );
    await lifecycle.runAt(at('2027-01-01'));
    const { purgeId, financialRecordsKeptUntil } = await billing.call(
      GET_PURGE_CERTIFICATE,
      { schoolId: school.id },
      finance,
    );
    expect(financialRecordsKeptUntil).toBe('2033-03-31');
    await confirmAll(school, purgeId);
    await lifecycle.runAt(at('2033-03-31'));
    expect(await financial()).toEqual([{ invoices: '1', payments: '1' }]);

    await lifecycle.runAt(at('2033-04-01'));
    expect(await financial()).toEqual([{ invoices: '0', payments: '0' }]);
    // The certificate (ids, dates and counts) outlives them.
    const certificate = await billing.call(GET_PURGE_CERTIFICATE, { schoolId: school.id }, finance);
    expect(certificate.completedAt).not.toBeNull();
  });

  it('P25: the billing contact is told 30 and 7 days before expiry and before the purge, once each, again until identity answers', async () => {
    const school = await aSchoolEnding('2026-06-01', '2027-05-31');
    const asked: NotifyBillingContactRequest[] = [];
    let identityUp = true;
    billing.answer(NOTIFY_BILLING_CONTACT, (request) => {
      if (request.ctx.tenantId !== school.id) return { schoolId: request.ctx.tenantId!, notifiedAt: '', recipients: 1 };
      if (!identityUp) throw new Error('identity is away');
      asked.push(request.data);
      return { schoolId: school.id, notifiedAt: new Date().toISOString(), recipients: 1 };
    });
    const told = () => asked.map((n) => `${n.kind} ${n.day}`);

    await lifecycle.runAt(at('2027-05-01')); // 31 days before the first day of grace (1 June)
    expect(told()).toEqual([]);
    await lifecycle.runAt(at('2027-05-02'));
    await lifecycle.runAt(at('2027-05-03'));
    expect(told()).toEqual(['expiry-30 2027-06-01']);
    expect(asked[0].to).toBe('bursar@trust.example');

    // Identity is away when the 7-day notice falls due: the next run sends it, once.
    identityUp = false;
    await lifecycle.runAt(at('2027-05-25'));
    identityUp = true;
    await lifecycle.runAt(at('2027-05-26'));
    await lifecycle.runAt(at('2027-05-27'));
    expect(told()).toEqual(['expiry-30 2027-06-01', 'expiry-7 2027-06-01']);

    await lifecycle.runAt(at('2027-06-01')); // expired: the purge is due on 1 December
    await lifecycle.runAt(at('2027-11-01'));
    await lifecycle.runAt(at('2027-11-24'));
    await lifecycle.runAt(at('2027-11-30'));
    expect(told()).toEqual([
      'expiry-30 2027-06-01',
      'expiry-7 2027-06-01',
      'purge-30 2027-12-01',
      'purge-7 2027-12-01',
    ]);
    expect(new Set(asked.map((n) => n.noticeId)).size).toBe(4);
  });

  it('P25: renewing a school in grace makes it active in the same step that cancels its purge; a purged school is refused', async () => {
    const school = await aSchoolEnding('2026-01-01', '2026-08-31');
    await lifecycle.runAt(at('2026-09-10'));
    expect(await statusOf(school)).toBe('expired');
    const dearer = await aPlan(billing, finance, 400);

    const renewed = await billing.call(
      RENEW_SUBSCRIPTION,
      { schoolId: school.id, endsOn: '2027-08-31', planId: dearer },
      finance,
    );
    // A new term from the day after the old end, a whole year on the new plan: 50,000 + 200 x 400.
    expect(renewed.subscription).toMatchObject({
      status: 'active',
      planId: dearer,
      startsOn: '2026-09-01',
      endsOn: '2027-08-31',
      purgeDueOn: '2028-03-01',
    });
    expect(renewed.proRata).toMatchObject({
      from: '2026-09-01',
      to: '2027-08-31',
      days: 365,
      credit: { gross: 0 },
      charge: { net: 130_000, vat: 26_000, gross: 156_000 },
      balanceGross: 156_000,
    });
    expect((await lifecycle.schoolsInGrace()).grace).not.toContain(school.id);
    expect(await billing.sql('select id from school_purge where tenant_id = $1', [school.id])).toEqual([]);
    // The cancelled purge's day passes and nothing happens; the new term's end expires it afresh.
    await lifecycle.runAt(at('2027-03-01'));
    expect(await statusOf(school)).toBe('active');
    await lifecycle.runAt(at('2027-09-01'));
    expect(await statusOf(school)).toBe('expired');
    const certificate = await billing.call(GET_PURGE_CERTIFICATE, { schoolId: school.id }, finance);
    expect(certificate).toMatchObject({ endedOn: '2027-08-31', purgeDueOn: '2028-03-01', startedAt: null });

    // A term that does not reach past the current end is a bad request naming the field.
    const short = await billing.attempt(RENEW_SUBSCRIPTION, { schoolId: school.id, endsOn: '2027-08-31' }, finance);
    expect(short).toMatchObject({ code: 'validation_failed' });
    expect(JSON.stringify(short)).toContain('endsOn');

    await lifecycle.runAt(at('2028-03-01'));
    expect(await statusOf(school)).toBe('purged');
    const refused = await billing.attempt(RENEW_SUBSCRIPTION, { schoolId: school.id, endsOn: '2029-08-31' }, finance);
    expect(refused.code).toBe('subscription.purged');
    expect(await statusOf(school)).toBe('purged');
  });

  it('P26: grace charges are owed at once: on the statement with its running balance, aged from their day, settled by account credit oldest first', async () => {
    const school = await aSchoolEnding('2026-01-01', '2026-06-30');
    await lifecycle.runAt(at('2026-07-01'));
    const system = aSystemJob();
    await billing.call(RECORD_GRACE_ACCESS, { schoolId: school.id, resource: 'GET /api/v1/pupils' }, system);
    await billing.call(RECORD_GRACE_ACCESS, { schoolId: school.id, resource: 'GET /api/v1/pupils/:id' }, system);
    const charges = (await billing.call(LIST_GRACE_CHARGES, { schoolId: school.id }, finance)).items;
    const chargedOn = charges[0].chargedAt.slice(0, 10);
    const daysOn = (days: number) =>
      new Date(Date.parse(`${chargedOn}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

    // Each charge is a line of 361 pence owed from its day, in the running balance and the ageing.
    const statement = await billing.call(GET_STATEMENT, { schoolId: school.id, to: daysOn(45) }, aStaff(school));
    expect(statement.lines.map((l) => [l.kind, l.reference, l.amountPence, l.balancePence])).toEqual([
      ['grace_charge', charges[0].id, 361, 361],
      ['grace_charge', charges[1].id, 361, 722],
    ]);
    expect(statement.ageing).toMatchObject({ days31To60Pence: 722, totalPence: 722 });
    const aged = async (on: string) =>
      (await billing.call(AGED_DEBT_REPORT, { on }, finance)).schools.find((s) => s.schoolId === school.id);
    expect(await aged(chargedOn)).toMatchObject({
      currentPence: 722,
      totalPence: 722,
      customerName: 'Oak Learning Trust',
    });
    expect(await aged(daysOn(100))).toMatchObject({ over90DaysPence: 722, totalPence: 722 });

    // A payment with no invoice to pay is account credit: it settles the oldest charge, then part of the next.
    await billing.call(
      RECORD_PAYMENT,
      {
        schoolId: school.id,
        method: 'bank_transfer',
        reference: 'BACS grace',
        amountPence: 500,
        receivedOn: daysOn(10),
      },
      finance,
    );
    expect(await aged(daysOn(5))).toMatchObject({ totalPence: 722 });
    expect(await aged(daysOn(45))).toMatchObject({ days31To60Pence: 222, totalPence: 222 });
    const settled = await billing.call(GET_STATEMENT, { schoolId: school.id, to: daysOn(45) }, finance);
    expect(settled.lines.map((l) => [l.kind, l.balancePence])).toEqual([
      ['grace_charge', 361],
      ['grace_charge', 722],
      ['payment', 222],
    ]);
    expect(settled.ageing.totalPence).toBe(222);
    await billing.call(
      RECORD_PAYMENT,
      {
        schoolId: school.id,
        method: 'bank_transfer',
        reference: 'BACS rest',
        amountPence: 222,
        receivedOn: daysOn(20),
      },
      finance,
    );
    expect(await aged(daysOn(45))).toBeUndefined();
  });
});
