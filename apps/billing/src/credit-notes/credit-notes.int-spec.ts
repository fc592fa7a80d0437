import {
  CREATE_CREDIT_NOTE,
  CREATE_INVOICE_DRAFT,
  CREDIT_NOTE_ISSUED,
  GET_CREDIT_NOTE,
  GET_INVOICE,
  ISSUE_INVOICE,
  LIST_CREDIT_NOTES,
  VOID_INVOICE,
} from '@pt/contracts';
import { aPlatformUser, aStaff, SchoolRef } from '@pt/testing';
import { ServiceHarness } from '@pt/testing/service-harness';
import { aPlan, aSubscribedSchool } from '../billing.fixtures';
import { startBillingHarness } from '../billing.harness';

describe('credit notes: their own series, referencing their invoice, never more than invoiced (billing service)', () => {
  let billing: ServiceHarness;
  let planId: string;
  const finance = aPlatformUser({ roles: ['finance'] });

  const aCustomer = (years = 1) => aSubscribedSchool(billing, finance, { planId, endsOn: `${2026 + years}-08-31` });
  const anIssuedInvoice = async (school: SchoolRef, periodOn = '2026-09-01') => {
    const draft = await billing.call(CREATE_INVOICE_DRAFT, { schoolId: school.id, periodOn }, finance);
    return billing.call(ISSUE_INVOICE, { schoolId: school.id, invoiceId: draft.id }, finance);
  };

  beforeAll(async () => {
    billing = await startBillingHarness();
    planId = await aPlan(billing, finance);
  });

  afterAll(async () => {
    await billing?.stop();
  });

  it('credits part, then the rest exactly, then refuses more; numbered in their own series', async () => {
    const school = await aCustomer(2);
    const invoice = await anIssuedInvoice(school); // 110,000 net, 22,000 VAT, 132,000 gross
    const account = String(invoice.customer.accountNumber).padStart(5, '0');

    const part = await billing.call(
      CREATE_CREDIT_NOTE,
      { schoolId: school.id, invoiceId: invoice.id, reason: 'order_change', netPence: 10_003 },
      finance,
    );
    expect(part).toMatchObject({
      number: `CN-${account}-000001`,
      sequenceNumber: 1,
      invoice: { id: invoice.id, number: invoice.number, issuedOn: invoice.issuedOn },
      supplier: invoice.supplier,
      customer: invoice.customer,
      reason: 'order_change',
      netPence: 10_003,
      vatPence: 2_001, // 2,000.6 rounds up
      grossPence: 12_004,
      appliedToInvoicePence: 12_004,
      owedToSchoolPence: 0,
    });
    expect(part.lines[0].description).toContain(invoice.number!);
    expect((await billing.staged(CREDIT_NOTE_ISSUED)).map((e) => e.data.creditNoteId)).toContain(part.id);

    const rest = await billing.call(
      CREATE_CREDIT_NOTE,
      { schoolId: school.id, invoiceId: invoice.id, reason: 'order_cancellation' },
      finance,
    );
    // Exactly what was left: together the two credit the invoice's net and VAT to the penny.
    expect(rest).toMatchObject({
      number: `CN-${account}-000002`,
      netPence: 99_997,
      vatPence: 19_999,
      grossPence: 119_996,
    });
    const after = await billing.call(GET_INVOICE, { schoolId: school.id, invoiceId: invoice.id }, finance);
    expect(after).toMatchObject({ status: 'issued', creditedPence: 132_000, amountDuePence: 0 });

    const more = await billing.attempt(
      CREATE_CREDIT_NOTE,
      { schoolId: school.id, invoiceId: invoice.id, reason: 'other', netPence: 1 },
      finance,
    );
    expect(more).toMatchObject({ code: 'credit_note.exceeds_invoice', details: { field: 'netPence' } });

    // A credited invoice cannot be voided; the invoice series goes on from its own last number.
    expect(
      (await billing.attempt(VOID_INVOICE, { schoolId: school.id, invoiceId: invoice.id, reason: 'x' }, finance)).code,
    ).toBe('invoice.not_voidable');
    expect((await anIssuedInvoice(school, '2027-09-01')).sequenceNumber).toBe(2);

    const listed = await billing.call(LIST_CREDIT_NOTES, { schoolId: school.id, invoiceId: invoice.id }, finance);
    expect(listed.items.map((c) => c.number)).toEqual([part.number, rest.number]);
  });

  it('two full credits at once: one is issued, the other finds nothing left, and the series has no gap', async () => {
    const school = await aCustomer();
    const invoice = await anIssuedInvoice(school);
    const outcomes = await Promise.all(
      [1, 2, 3].map(() =>
        billing
          .call(
            CREATE_CREDIT_NOTE,
            { schoolId: school.id, invoiceId: invoice.id, reason: 'duplicated_charge' },
            finance,
          )
          .then(
            (note) => note.sequenceNumber,
            () => 'refused',
          ),
      ),
    );
    expect(outcomes.sort()).toEqual([1, 'refused', 'refused']);
    const after = await billing.call(GET_INVOICE, { schoolId: school.id, invoiceId: invoice.id }, finance);
    expect(after).toMatchObject({ creditedPence: invoice.grossPence, amountDuePence: 0 });
  });

  it('credits only issued invoices of the school; the school reads its own; bad input names the field', async () => {
    const school = await aCustomer(2);
    const draft = await billing.call(CREATE_INVOICE_DRAFT, { schoolId: school.id }, finance);
    expect(
      (
        await billing.attempt(
          CREATE_CREDIT_NOTE,
          { schoolId: school.id, invoiceId: draft.id, reason: 'other' },
          finance,
        )
      ).code,
    ).toBe('credit_note.invoice_not_issued');

    const invoice = await anIssuedInvoice(school, '2027-09-01');
    const note = await billing.call(
      CREATE_CREDIT_NOTE,
      { schoolId: school.id, invoiceId: invoice.id, reason: 'other', netPence: 100 },
      finance,
    );
    const admin = aStaff(school, { roles: ['school-admin'] });
    expect((await billing.call(GET_CREDIT_NOTE, { schoolId: school.id, creditNoteId: note.id }, admin)).number).toBe(
      note.number,
    );
    const stranger = aStaff(await aCustomer(), { roles: ['school-admin'] });
    expect(
      (await billing.attempt(GET_CREDIT_NOTE, { schoolId: school.id, creditNoteId: note.id }, stranger)).code,
    ).toBe('credit_note.not_found');
    const other = await aCustomer();
    expect(
      (
        await billing.attempt(
          CREATE_CREDIT_NOTE,
          { schoolId: other.id, invoiceId: invoice.id, reason: 'other' },
          finance,
        )
      ).code,
    ).toBe('invoice.not_found');
    expect(
      (
        await billing.attempt(
          CREATE_CREDIT_NOTE,
          { schoolId: school.id, invoiceId: invoice.id, reason: 'other' },
          admin,
        )
      ).kind,
    ).toBe('forbidden');

    const bad = await billing.attempt(
      CREATE_CREDIT_NOTE,
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      { schoolId: school.id, invoiceId: invoice.id, reason: 'because' as any, netPence: 1.5 },
      finance,
    );
    expect(bad.kind).toBe('validation');
    expect(bad.errors?.map((e) => e.field).sort()).toEqual(['netPence', 'reason']);
  });
});
