import {
  AGED_DEBT_REPORT,
  CREATE_CREDIT_NOTE,
  CREATE_INVOICE_DRAFT,
  GET_STATEMENT,
  GET_INVOICE,
  ISSUE_INVOICE,
  LIST_PAYMENTS,
  PAYMENT_RECORDED,
  RECORD_PAYMENT,
  VOID_INVOICE,
} from '@pt/contracts';
import { aPlatformUser, aSchool, aStaff, SchoolRef } from '@pt/testing';
import { ServiceHarness } from '@pt/testing/service-harness';
import { aPlan, aSubscribedSchool } from '../billing.fixtures';
import { startBillingHarness } from '../billing.harness';

describe('payments: recorded and allocated to invoices, partly paid then paid, the rest account credit (billing service)', () => {
  let billing: ServiceHarness;
  let planId: string;
  const finance = aPlatformUser({ roles: ['finance'] });

  const aCustomer = () => aSubscribedSchool(billing, finance, { planId, endsOn: '2028-08-31' });
  const anIssuedInvoice = async (school: SchoolRef, periodOn: string) => {
    const draft = await billing.call(CREATE_INVOICE_DRAFT, { schoolId: school.id, periodOn }, finance);
    return billing.call(ISSUE_INVOICE, { schoolId: school.id, invoiceId: draft.id }, finance);
  };
  const pay = (school: SchoolRef, amountPence: number, invoiceId?: string) =>
    billing.call(
      RECORD_PAYMENT,
      {
        schoolId: school.id,
        method: 'bank_transfer',
        reference: 'BACS 0042',
        amountPence,
        receivedOn: '2026-10-01',
        ...(invoiceId ? { invoiceId } : {}),
      },
      finance,
    );
  const invoice = (school: SchoolRef, invoiceId: string) =>
    billing.call(GET_INVOICE, { schoolId: school.id, invoiceId }, finance);

  beforeAll(async () => {
    billing = await startBillingHarness();
    planId = await aPlan(billing, finance);
  });

  afterAll(async () => {
    await billing?.stop();
  });

  it('a part payment makes the invoice partly paid, the rest makes it paid, and an overpayment is account credit', async () => {
    const school = await aCustomer();
    const first = await anIssuedInvoice(school, '2026-09-01'); // 132,000 gross
    const part = await pay(school, 32_000, first.id);
    expect(part).toMatchObject({
      amountPence: 32_000,
      allocations: [{ invoiceId: first.id, invoiceNumber: first.number, amountPence: 32_000 }],
      unallocatedPence: 0,
    });
    expect(await invoice(school, first.id)).toMatchObject({
      status: 'partly_paid',
      paidPence: 32_000,
      amountDuePence: 100_000,
    });
    expect((await billing.staged(PAYMENT_RECORDED)).map((e) => e.data.paymentId)).toContain(part.id);

    // Paid in part: it can no longer be voided.
    expect(
      (await billing.attempt(VOID_INVOICE, { schoolId: school.id, invoiceId: first.id, reason: 'x' }, finance)).code,
    ).toBe('invoice.not_voidable');

    const rest = await pay(school, 100_500, first.id);
    expect(rest).toMatchObject({ allocations: [{ amountPence: 100_000 }], unallocatedPence: 500 });
    expect(await invoice(school, first.id)).toMatchObject({ status: 'paid', paidPence: 132_000, amountDuePence: 0 });
    expect((await billing.attempt(RECORD_PAYMENT, { ...payment(school), invoiceId: first.id }, finance)).code).toBe(
      'payment.invoice_not_payable',
    );

    // A credit note on a paid invoice is owed back to the school, never more than was paid.
    const credit = await billing.call(
      CREATE_CREDIT_NOTE,
      { schoolId: school.id, invoiceId: first.id, reason: 'order_change', netPence: 1_000 },
      finance,
    );
    expect(credit).toMatchObject({ grossPence: 1_200, appliedToInvoicePence: 0, owedToSchoolPence: 1_200 });
  });

  it('without an invoice named, pays the outstanding invoices oldest due first', async () => {
    const school = await aCustomer();
    const older = await anIssuedInvoice(school, '2026-09-01');
    const newer = await anIssuedInvoice(school, '2027-09-01');
    const paid = await pay(school, 150_000);
    expect(paid.allocations).toEqual([
      { invoiceId: older.id, invoiceNumber: older.number, amountPence: 132_000 },
      { invoiceId: newer.id, invoiceNumber: newer.number, amountPence: 18_000 },
    ]);
    expect((await invoice(school, older.id)).status).toBe('paid');
    expect((await invoice(school, newer.id)).status).toBe('partly_paid');

    const admin = aStaff(school, { roles: ['school-admin'] });
    expect((await billing.call(LIST_PAYMENTS, { schoolId: school.id }, admin)).items.map((p) => p.id)).toEqual([
      paid.id,
    ]);
    const stranger = aStaff(aSchool(), { roles: ['school-admin'] });
    expect((await billing.call(LIST_PAYMENTS, { schoolId: school.id }, stranger)).items).toEqual([]);
  });

  it("ages each school's debt by days past due: current, 1-30, 31-60, 61-90, over 90", async () => {
    const school = await aCustomer();
    const invoice = await anIssuedInvoice(school, '2026-09-01'); // 132,000 due
    await pay(school, 2_000, invoice.id);
    const day = (offset: number) =>
      new Date(Date.parse(invoice.dueOn!) + offset * 86_400_000).toISOString().slice(0, 10);
    const rowOn = async (on: string) =>
      (await billing.call(AGED_DEBT_REPORT, { on }, finance)).schools.find((s) => s.schoolId === school.id);

    expect(await rowOn(day(0))).toMatchObject({
      customerName: 'Oak Learning Trust',
      currentPence: 130_000,
      totalPence: 130_000,
    });
    expect(await rowOn(day(1))).toMatchObject({ currentPence: 0, days1To30Pence: 130_000 });
    expect(await rowOn(day(30))).toMatchObject({ days1To30Pence: 130_000 });
    expect(await rowOn(day(31))).toMatchObject({ days31To60Pence: 130_000 });
    expect(await rowOn(day(61))).toMatchObject({ days61To90Pence: 130_000 });
    expect(await rowOn(day(91))).toMatchObject({ over90DaysPence: 130_000, totalPence: 130_000 });
    // Not yet issued on the day: not owed then.
    expect(
      await rowOn(new Date(Date.parse(invoice.issuedOn!) - 86_400_000).toISOString().slice(0, 10)),
    ).toBeUndefined();

    const report = await billing.call(AGED_DEBT_REPORT, { on: day(91) }, finance);
    expect(report.totals.totalPence).toBe(report.schools.reduce((sum, s) => sum + s.totalPence, 0));
    expect((await billing.attempt(AGED_DEBT_REPORT, { on: 'soon' }, finance)).errors).toEqual([
      { field: 'on', message: expect.any(String) },
    ]);
    expect((await billing.attempt(AGED_DEBT_REPORT, {}, aStaff(school, { roles: ['school-admin'] }))).kind).toBe(
      'forbidden',
    );
  });

  it('a statement of account: balance brought forward, each movement with the running balance, the ageing', async () => {
    const school = await aCustomer();
    const invoice = await anIssuedInvoice(school, '2026-09-01'); // +132,000
    await pay(school, 32_000, invoice.id); // received 2026-10-01
    await billing.call(
      CREATE_CREDIT_NOTE,
      { schoolId: school.id, invoiceId: invoice.id, reason: 'order_change', netPence: 10_000 },
      finance,
    ); // -12,000
    const today = new Date().toISOString().slice(0, 10);
    const statement = await billing.call(GET_STATEMENT, { schoolId: school.id, to: today }, finance);
    expect(statement.openingBalancePence).toBe(0);
    expect(statement.lines.map((l) => [l.kind, l.reference, l.amountPence, l.balancePence])).toEqual([
      ['payment', 'BACS 0042', -32_000, -32_000],
      ['invoice', invoice.number, 132_000, 100_000],
      ['credit_note', expect.stringMatching(/^CN-/), -12_000, 88_000],
    ]);
    expect(statement.closingBalancePence).toBe(88_000);
    expect(statement.ageing).toMatchObject({ currentPence: 88_000, totalPence: 88_000 });

    const later = await billing.call(GET_STATEMENT, { schoolId: school.id, from: '2026-10-02', to: today }, finance);
    expect(later.openingBalancePence).toBe(-32_000);
    const admin = aStaff(school, { roles: ['school-admin'] });
    expect((await billing.call(GET_STATEMENT, { schoolId: school.id, to: today }, admin)).closingBalancePence).toBe(
      88_000,
    );
    const stranger = aStaff(aSchool(), { roles: ['school-admin'] });
    expect((await billing.call(GET_STATEMENT, { schoolId: school.id }, stranger)).lines).toEqual([]);
    expect((await billing.attempt(GET_STATEMENT, { schoolId: school.id, from: 'x' }, finance)).errors).toEqual([
      { field: 'from', message: expect.any(String) },
    ]);
  });

  it("refuses another school's invoice, a draft, and bad input naming each field", async () => {
    const school = await aCustomer();
    const other = await aCustomer();
    const theirs = await anIssuedInvoice(other, '2026-09-01');
    expect((await billing.attempt(RECORD_PAYMENT, { ...payment(school), invoiceId: theirs.id }, finance)).code).toBe(
      'invoice.not_found',
    );
    const draft = await billing.call(CREATE_INVOICE_DRAFT, { schoolId: school.id }, finance);
    expect((await billing.attempt(RECORD_PAYMENT, { ...payment(school), invoiceId: draft.id }, finance)).code).toBe(
      'payment.invoice_not_payable',
    );
    expect(
      (await billing.attempt(RECORD_PAYMENT, payment(school), aStaff(school, { roles: ['school-admin'] }))).kind,
    ).toBe('forbidden');
    const bad = await billing.attempt(
      RECORD_PAYMENT,
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      { schoolId: school.id, method: 'cheque' as any, reference: '', amountPence: 0, receivedOn: 'yesterday' },
      finance,
    );
    expect(bad.errors?.map((e) => e.field).sort()).toEqual(['amountPence', 'method', 'receivedOn', 'reference']);
    expect(await billing.sql(`select id from payment where tenant_id = $1`, [school.id])).toEqual([]);
  });

  const payment = (school: SchoolRef) => ({
    schoolId: school.id,
    method: 'card' as const,
    reference: 'card payment ch_123',
    amountPence: 1_000,
    receivedOn: '2026-10-02',
  });
});
