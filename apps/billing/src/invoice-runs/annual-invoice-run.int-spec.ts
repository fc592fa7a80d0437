import { CREATE_INVOICE_DRAFT, INVOICE_ISSUED, RUN_ANNUAL_INVOICES } from '@pt/contracts';
import { aPlatformUser, aSchool, aStaff, SchoolRef } from '@pt/testing';
import { ServiceHarness } from '@pt/testing/service-harness';
import { aPlan, aSubscribedSchool } from '../billing.fixtures';
import { startBillingHarness } from '../billing.harness';
import { AnnualInvoiceRunService } from './annual-invoice-run.service';

describe('annual invoice run: every subscription due invoiced once, restartable, safe to repeat or run at once (billing service)', () => {
  let billing: ServiceHarness;
  let planId: string;
  const finance = aPlatformUser({ roles: ['finance'] });

  const aCustomer = (startsOn: string, endsOn: string) =>
    aSubscribedSchool(billing, finance, {
      planId,
      startsOn,
      endsOn,
      pupils: 100,
      billingContactEmail: 'bursar@school.example',
      legalEntity: {
        kind: 'la_school',
        name: 'Testbury Primary School',
        address: { line1: 'County Hall', town: 'Testbury', postcode: 'TE1 1ST' },
      },
    });

  const invoicesOf = (school: SchoolRef) =>
    billing.sql<{ period_from: string; status: string; sequence_number: number | null }>(
      `select to_char(period_from, 'YYYY-MM-DD') as period_from, status, sequence_number from invoice
        where tenant_id = $1 order by period_from`,
      [school.id],
    );

  beforeAll(async () => {
    // Fatal only: one spec fails a school's issue on purpose, and its error would print a stack.
    billing = await startBillingHarness({ BILLING_INVOICE_RUN_INTERVAL_HOURS: '0' }, 'fatal');
    planId = await aPlan(billing, finance);
  });

  afterAll(async () => {
    await billing?.stop();
  });

  it('invoices and issues each term year holding the day once, however often it runs, even two runs at once', async () => {
    const oneYear = await aCustomer('2026-09-01', '2027-08-31');
    const twoYears = await aCustomer('2026-09-01', '2028-08-31');
    const laterStart = await aCustomer('2027-01-01', '2027-12-31');
    const drafted = await aCustomer('2026-09-01', '2027-08-31');
    await billing.call(CREATE_INVOICE_DRAFT, { schoolId: drafted.id }, finance);

    const first = await billing.call(RUN_ANNUAL_INVOICES, { on: '2026-10-01' }, finance);
    expect(first).toEqual({ on: '2026-10-01', invoiced: 2, alreadyInvoiced: 1, failed: [] });
    expect(await invoicesOf(oneYear)).toEqual([{ period_from: '2026-09-01', status: 'issued', sequence_number: 1 }]);
    expect(await invoicesOf(twoYears)).toEqual([{ period_from: '2026-09-01', status: 'issued', sequence_number: 1 }]);
    expect(await invoicesOf(laterStart)).toEqual([]);
    // Each issued invoice's event is staged once, as its own school's (the run spans schools).
    const issued = await billing.staged(INVOICE_ISSUED);
    for (const school of [oneYear, twoYears]) {
      const [invoice] = await billing.sql<{ id: string }>(`select id from invoice where tenant_id = $1`, [school.id]);
      expect(issued.filter((event) => event.data.invoiceId === invoice.id)).toEqual([
        expect.objectContaining({ tenantId: school.id }),
      ]);
    }
    // A year that already had an invoice (a draft under review) is left as it was.
    expect(await invoicesOf(drafted)).toEqual([{ period_from: '2026-09-01', status: 'draft', sequence_number: null }]);

    const again = await billing.call(RUN_ANNUAL_INVOICES, { on: '2027-03-01' }, finance);
    expect(again).toMatchObject({ invoiced: 1, alreadyInvoiced: 3 }); // laterStart's first year only

    // Two runs at once on the day the two-year term's second year begins.
    const [a, b] = await Promise.all([
      billing.call(RUN_ANNUAL_INVOICES, { on: '2027-09-01' }, finance),
      billing.call(RUN_ANNUAL_INVOICES, { on: '2027-09-01' }, finance),
    ]);
    expect(a.invoiced + b.invoiced).toBe(1);
    expect(await invoicesOf(twoYears)).toEqual([
      { period_from: '2026-09-01', status: 'issued', sequence_number: 1 },
      { period_from: '2027-09-01', status: 'issued', sequence_number: 2 },
    ]);
    expect(await invoicesOf(laterStart)).toHaveLength(1);
  });

  it('a school that fails leaves nothing half-written and is invoiced by the next run; the others are not held up', async () => {
    const healthy = await aCustomer('2030-09-01', '2031-08-31');
    const faulty = await aCustomer('2030-09-01', '2031-08-31');
    await billing.sql(`create table fail_school (tenant_id uuid primary key)`);
    await billing.sql(`insert into fail_school values ($1)`, [faulty.id]);
    await billing.sql(`create function fail_school_check() returns trigger language plpgsql security definer as $$
      begin
        if new.status = 'issued' and exists (select 1 from fail_school where tenant_id = new.tenant_id) then
          raise exception 'injected failure';
        end if;
        return new;
      end $$`);
    await billing.sql(
      `create trigger fail_school_check before update on invoice for each row execute function fail_school_check()`,
    );

    const broken = await billing.call(RUN_ANNUAL_INVOICES, { on: '2030-09-01' }, finance);
    expect(broken).toMatchObject({ invoiced: 1, failed: [{ schoolId: faulty.id, code: 'invoice_run.school_failed' }] });
    expect(await invoicesOf(healthy)).toHaveLength(1);
    expect(await invoicesOf(faulty)).toEqual([]); // neither a draft nor a number taken

    await billing.sql(`drop trigger fail_school_check on invoice`);
    const rerun = await billing.call(RUN_ANNUAL_INVOICES, { on: '2030-09-01' }, finance);
    expect(rerun).toEqual({ on: '2030-09-01', invoiced: 1, alreadyInvoiced: 1, failed: [] });
    expect(await invoicesOf(faulty)).toEqual([{ period_from: '2030-09-01', status: 'issued', sequence_number: 1 }]);
  });

  it('runs on its timer as a one-replica job for today, and on demand only for billing:invoices, with a valid day', async () => {
    const run = await billing.get(AnnualInvoiceRunService).job.runOnce();
    expect(run).toMatchObject({ ran: true, value: { on: new Date().toISOString().slice(0, 10) } });
    const school = aSchool();
    expect((await billing.attempt(RUN_ANNUAL_INVOICES, {}, aStaff(school, { roles: ['school-admin'] }))).kind).toBe(
      'forbidden',
    );
    const bad = await billing.attempt(RUN_ANNUAL_INVOICES, { on: '2026-02-30x' }, finance);
    expect(bad).toMatchObject({ kind: 'validation', errors: [{ field: 'on' }] });
  });
});
