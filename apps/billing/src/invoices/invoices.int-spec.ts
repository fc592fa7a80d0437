import {
  ADD_PRICE_VERSION,
  CHANGE_SUBSCRIPTION_PLAN,
  CREATE_INVOICE_DRAFT,
  CREATE_PLAN,
  CreateSubscriptionRequest,
  DELETE_INVOICE_DRAFT,
  GET_INVOICE,
  INVOICE_ISSUED,
  InvoiceView,
  ISSUE_INVOICE,
  LIST_INVOICES,
  SCHOOL_STATUS_CHANGED,
  SUBSCRIBE_SCHOOL,
  VOID_INVOICE,
} from '@pt/contracts';
import { aPlatformUser, aSchool, anEvent, aStaff, SchoolRef } from '@pt/testing';
import { ServiceHarness } from '@pt/testing/service-harness';
import { randomUUID } from 'node:crypto';
import { startBillingHarness } from '../billing.harness';

describe('invoices: drafts without a number, gap-free numbers of the school series at issue, snapshots, void (billing service)', () => {
  let billing: ServiceHarness;
  const finance = aPlatformUser({ roles: ['finance'] });

  const aPlan = async (perPupilPence: number) =>
    (
      await billing.call(
        CREATE_PLAN,
        {
          code: `inv-${randomUUID().slice(0, 8)}`,
          name: 'Standard',
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

  /** A signed school subscribed to `planId` for `years` term years from 2026-09-01. */
  const aCustomer = async (planId: string, years = 1, overrides: Partial<CreateSubscriptionRequest> = {}) => {
    const school = aSchool();
    await billing.deliver(
      anEvent(
        SCHOOL_STATUS_CHANGED,
        { schoolId: school.id, status: 'active', dataProcessingAllowed: true },
        { tenantId: school.id, actor: { id: null, kind: 'system', roles: [] } },
      ),
    );
    await billing.call(
      SUBSCRIBE_SCHOOL,
      {
        schoolId: school.id,
        planId,
        startsOn: '2026-09-01',
        endsOn: `${2026 + years}-08-31`,
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
      },
      finance,
    );
    return school;
  };

  const draft = (school: SchoolRef, periodOn?: string) =>
    billing.call(CREATE_INVOICE_DRAFT, { schoolId: school.id, ...(periodOn ? { periodOn } : {}) }, finance);
  const issue = (school: SchoolRef, invoice: InvoiceView) =>
    billing.call(ISSUE_INVOICE, { schoolId: school.id, invoiceId: invoice.id }, finance);

  beforeAll(async () => {
    // Fatal only: the gap-free numbering spec fails chosen issues on purpose (a trigger raises),
    // and each would print an error with its stack into the run's output.
    billing = await startBillingHarness(
      {
        BILLING_SUPPLIER_NAME: 'Pupil Tracking Ltd',
        BILLING_SUPPLIER_ADDRESS: '2 Supplier Road|Testbury|TE2 2SU',
        BILLING_SUPPLIER_VAT_NUMBER: 'GB123456789',
      },
      'fatal',
    );
  });

  afterAll(async () => {
    await billing?.stop();
  });

  it('a draft carries every figure and party but no number; issuing numbers it, dates it and fixes the tax point', async () => {
    const school = await aCustomer(await aPlan(300));
    const made = await draft(school);
    expect(made).toMatchObject({
      status: 'draft',
      number: null,
      sequenceNumber: null,
      issuedOn: null,
      taxPoint: null,
      supplier: {
        name: 'Pupil Tracking Ltd',
        address: ['2 Supplier Road', 'Testbury', 'TE2 2SU'],
        vatNumber: 'GB123456789',
      },
      customer: {
        kind: 'academy_trust',
        name: 'Oak Learning Trust',
        address: { line1: '1 Trust Way', town: 'Testbury', postcode: 'TE1 1ST' },
        companyNumber: '01234567',
      },
      purchaseOrderNumber: 'PO-1234',
      pupils: 200,
      period: { from: '2026-09-01', to: '2027-08-31' },
      lines: [
        { quantity: 1, unitPricePence: 50_000, vatRateBasisPoints: 2000, netPence: 50_000 },
        { quantity: 200, unitPricePence: 300, vatRateBasisPoints: 2000, netPence: 60_000 },
      ],
      vat: [{ vatRateBasisPoints: 2000, netPence: 110_000, vatPence: 22_000 }],
      netPence: 110_000,
      vatPence: 22_000,
      grossPence: 132_000,
      amountDuePence: 132_000,
    });
    expect(made.lines[0].description).toContain('2026-09-01 to 2027-08-31');

    const issued = await issue(school, made);
    const account = String(made.customer.accountNumber).padStart(5, '0');
    expect(issued).toMatchObject({ status: 'issued', sequenceNumber: 1, number: `INV-${account}-000001` });
    const today = new Date().toISOString().slice(0, 10);
    expect(issued.issuedOn).toBe(today);
    expect(issued.taxPoint).toBe(today);
    expect(issued.dueOn).toBe(new Date(Date.parse(today) + 30 * 86_400_000).toISOString().slice(0, 10));
    expect((await billing.staged(INVOICE_ISSUED)).some((e) => e.data.invoiceId === made.id)).toBe(true);

    // Issued once only.
    expect((await billing.attempt(ISSUE_INVOICE, { schoolId: school.id, invoiceId: made.id }, finance)).code).toBe(
      'invoice.not_draft',
    );
  });

  it('keeps the snapshot when the price list, the plan or the roll change later', async () => {
    const planId = await aPlan(300);
    const school = await aCustomer(planId, 2);
    const issued = await issue(school, await draft(school));

    // A new version in force before the period began, and a move to a dearer plan at a new roll.
    await billing.call(
      ADD_PRICE_VERSION,
      {
        planId,
        effectiveFrom: '2026-08-01',
        baseFeePence: 90_000,
        perPupil: { kind: 'linear', perPupilPence: 900 },
        vatRateBasisPoints: 2000,
      },
      finance,
    );
    await billing.call(
      CHANGE_SUBSCRIPTION_PLAN,
      { schoolId: school.id, planId: await aPlan(700), on: '2026-10-01', pupils: 500 },
      finance,
    );
    const again = await billing.call(GET_INVOICE, { schoolId: school.id, invoiceId: issued.id }, finance);
    expect(again).toEqual(issued);
    // The next term year is priced as things stand now.
    const next = await draft(school, '2027-09-01');
    expect(next).toMatchObject({
      pupils: 500,
      period: { from: '2027-09-01', to: '2028-08-31' },
      netPence: 50_000 + 500 * 700,
    });
  });

  it('numbers 50 concurrent issues 1…n without a gap, though some fail after taking their number', async () => {
    const school = await aCustomer(await aPlan(300), 60);
    const drafts: InvoiceView[] = [];
    for (let year = 0; year < 50; year++) drafts.push(await draft(school, `${2026 + year}-09-01`));
    const failing = new Set(drafts.filter((_, i) => i % 10 === 3).map((d) => d.id));

    // A fault injected into the issuing statement itself: these transactions fail after the
    // series row has been locked and its number taken.
    await billing.sql(`create table fail_issue (id uuid primary key)`);
    await billing.sql(`insert into fail_issue (id) select unnest($1::uuid[])`, [[...failing]]);
    await billing.sql(`create function fail_issue_check() returns trigger language plpgsql security definer as $$
      begin
        if new.status = 'issued' and exists (select 1 from fail_issue where id = new.id) then
          raise exception 'injected failure';
        end if;
        return new;
      end $$`);
    await billing.sql(
      `create trigger fail_issue_check before update on invoice for each row execute function fail_issue_check()`,
    );

    const outcomes = await Promise.all(
      drafts.map((d) =>
        billing.call(ISSUE_INVOICE, { schoolId: school.id, invoiceId: d.id }, finance).then(
          () => 'issued',
          () => 'failed',
        ),
      ),
    );
    expect(outcomes.filter((o) => o === 'failed')).toHaveLength(failing.size);

    const numbers = async () =>
      (
        await billing.sql<{ sequence_number: number }>(
          `select sequence_number from invoice where tenant_id = $1 and sequence_number is not null order by 1`,
          [school.id],
        )
      ).map((r) => r.sequence_number);
    expect(await numbers()).toEqual(Array.from({ length: 50 - failing.size }, (_, i) => i + 1));
    const stillDrafts = await billing.call(LIST_INVOICES, { schoolId: school.id, status: 'draft' }, finance);
    expect(new Set(stillDrafts.items.map((d) => d.id))).toEqual(failing);

    // Once the fault is gone the failed drafts take the next numbers.
    await billing.sql(`drop trigger fail_issue_check on invoice`);
    for (const id of failing) await billing.call(ISSUE_INVOICE, { schoolId: school.id, invoiceId: id }, finance);
    expect(await numbers()).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('invoices a term year once; a void invoice keeps its number and frees the year; a draft is deleted, not voided', async () => {
    const school = await aCustomer(await aPlan(300), 2);
    const first = await issue(school, await draft(school, '2026-12-25'));
    expect(first.period).toEqual({ from: '2026-09-01', to: '2027-08-31' });
    expect((await billing.attempt(CREATE_INVOICE_DRAFT, { schoolId: school.id }, finance)).code).toBe(
      'invoice.period_invoiced',
    );

    const voided = await billing.call(
      VOID_INVOICE,
      { schoolId: school.id, invoiceId: first.id, reason: 'Wrong legal entity' },
      finance,
    );
    expect(voided).toMatchObject({
      status: 'void',
      number: first.number,
      voidReason: 'Wrong legal entity',
      amountDuePence: 0,
    });
    expect(
      (await billing.attempt(VOID_INVOICE, { schoolId: school.id, invoiceId: first.id, reason: 'x' }, finance)).code,
    ).toBe('invoice.not_voidable');

    const second = await draft(school);
    expect(
      (await billing.attempt(VOID_INVOICE, { schoolId: school.id, invoiceId: second.id, reason: 'x' }, finance)).code,
    ).toBe('invoice.not_voidable');
    expect(await billing.call(DELETE_INVOICE_DRAFT, { schoolId: school.id, invoiceId: second.id }, finance)).toEqual({
      deleted: true,
    });
    const third = await issue(school, await draft(school));
    expect(third.sequenceNumber).toBe(2);
    expect(
      (await billing.attempt(DELETE_INVOICE_DRAFT, { schoolId: school.id, invoiceId: third.id }, finance)).code,
    ).toBe('invoice.not_draft');
  });

  it("a school's administrators read their own invoices; another school's invoice is not found", async () => {
    const school = await aCustomer(await aPlan(300));
    const invoice = await issue(school, await draft(school));
    const admin = aStaff(school, { roles: ['school-admin'] });
    expect((await billing.call(GET_INVOICE, { schoolId: school.id, invoiceId: invoice.id }, admin)).number).toBe(
      invoice.number,
    );
    expect((await billing.call(LIST_INVOICES, { schoolId: school.id }, admin)).items.map((i) => i.id)).toEqual([
      invoice.id,
    ]);

    const other = await aCustomer(await aPlan(300));
    const stranger = aStaff(other, { roles: ['school-admin'] });
    expect((await billing.attempt(GET_INVOICE, { schoolId: school.id, invoiceId: invoice.id }, stranger)).code).toBe(
      'invoice.not_found',
    );
    expect((await billing.attempt(GET_INVOICE, { schoolId: other.id, invoiceId: invoice.id }, finance)).code).toBe(
      'invoice.not_found',
    );
    expect((await billing.attempt(ISSUE_INVOICE, { schoolId: school.id, invoiceId: invoice.id }, admin)).kind).toBe(
      'forbidden',
    );
  });

  it('refuses a bad day or a day outside the term, naming the field', async () => {
    const school = await aCustomer(await aPlan(300));
    const bad = await billing.attempt(CREATE_INVOICE_DRAFT, { schoolId: school.id, periodOn: '2026-13-01' }, finance);
    expect(bad).toMatchObject({ kind: 'validation', errors: [{ field: 'periodOn' }] });
    const outside = await billing.attempt(
      CREATE_INVOICE_DRAFT,
      { schoolId: school.id, periodOn: '2030-01-01' },
      finance,
    );
    expect(outside).toMatchObject({ code: 'invoice.period_outside_term', details: { field: 'periodOn' } });
    expect((await billing.attempt(CREATE_INVOICE_DRAFT, { schoolId: aSchool().id }, finance)).code).toBe(
      'subscription.not_found',
    );
  });
});
