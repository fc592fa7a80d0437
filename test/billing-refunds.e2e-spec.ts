import {
  AgedDebtReport,
  CreditApplicationView,
  CreditNoteView,
  InvoiceView,
  IssuedFinanceApiKey,
  PaymentView,
  PlanView,
  RefundView,
  StatementView,
} from '@pt/contracts';
import { Staff, World } from '@pt/testing';
import { randomUUID } from 'node:crypto';

/**
 * Issue 14 item 4 (credit notes "never credit more than was invoiced or refund more than was
 * paid") and P28 (every finance API write takes an Idempotency-Key): refunds out of a school's
 * account credit and credit used on another invoice, through the gateway with a finance key.
 * The steps build on each other: one school, two term years invoiced.
 */
describe('P28: refunds and account credit through the finance API', () => {
  let world: World;
  let finance: Staff;
  let writer: IssuedFinanceApiKey;
  let reader: IssuedFinanceApiKey;
  let schoolId: string;
  let first: InvoiceView;
  let second: InvoiceView;
  let firstCredit: CreditNoteView;

  const once = () => ({ headers: { 'Idempotency-Key': `"${randomUUID()}"` } });
  const finance_ = (path: string) => `/api/v1/finance/schools/${schoolId}/${path}`;
  const refund = (body: Record<string, unknown>, options = once()) =>
    world.call(
      writer.key,
      'POST',
      finance_('refunds'),
      { method: 'bank_transfer', reference: `RF-${randomUUID().slice(0, 8)}`, refundedOn: '2026-11-02', ...body },
      options,
    );
  const apply = (body: Record<string, unknown>) =>
    world.call(writer.key, 'POST', finance_('credit-applications'), body, once());
  const invoiceOf = async (id: string) =>
    (await world.call(finance, 'GET', `/api/v1/platform/billing/schools/${schoolId}/invoices/${id}`))
      .body as InvoiceView;
  const creditNote = async (invoiceId: string, body: Record<string, unknown>) => {
    const made = await world.call(
      finance,
      'POST',
      `/api/v1/platform/billing/schools/${schoolId}/invoices/${invoiceId}/credit-notes`,
      body,
    );
    expect(made.status).toBe(201);
    return made.body as CreditNoteView;
  };
  const expectRefused = (reply: { status: number; body: Record<string, unknown> }, code: string, limit: number) => {
    expect(reply.status).toBe(409);
    expect(reply.body).toMatchObject({ code, field: 'amountPence' });
    expect(String(reply.body.detail ?? reply.body.message ?? '')).toContain(`at most ${limit} pence`);
  };

  beforeAll(async () => {
    world = await World.start({ label: 'refunds', processes: ['gateway', 'identity', 'billing'] });
    finance = await world.staff(null, ['finance']);
    const makeKey = async (scopes: string[]) =>
      (
        await world.call(finance, 'POST', '/api/v1/platform/finance-api-keys', {
          name: `refunds ${randomUUID().slice(0, 6)}`,
          scopes,
          expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
        })
      ).body as IssuedFinanceApiKey;
    writer = await makeKey(['payments:write']);
    reader = await makeKey(['payments:read']);
    const plan = (
      await world.call(finance, 'POST', '/api/v1/platform/billing/plans', {
        code: `rf-${randomUUID().slice(0, 8)}`,
        name: 'Standard',
        price: {
          effectiveFrom: '2026-01-01',
          baseFeePence: 50_000,
          perPupil: { kind: 'linear', perPupilPence: 300 },
          vatRateBasisPoints: 2000,
        },
      })
    ).body as PlanView;
    const school = await world.school({ signed: true });
    schoolId = school.id;
    await world.until(
      async () =>
        (
          await world.call(finance, 'POST', `/api/v1/platform/billing/schools/${schoolId}/subscription`, {
            planId: plan.id,
            startsOn: '2026-09-01',
            endsOn: '2028-08-31',
            pupils: 100,
            billingContactEmail: 'bursar@trust.example',
            legalEntity: {
              kind: 'la_school',
              name: 'Refundbury Primary School',
              address: { line1: 'County Hall', town: 'Testbury', postcode: 'TE1 1ST' },
            },
          })
        ).status === 201,
      15_000,
      200,
    );
    const invoices = `/api/v1/platform/billing/schools/${schoolId}/invoices`;
    const issue = async (periodOn: string) => {
      const draft = (await world.call(finance, 'POST', invoices, { periodOn })).body as InvoiceView;
      return (await world.call(finance, 'POST', `${invoices}/${draft.id}/issue`)).body as InvoiceView;
    };
    first = await issue('2026-10-01');
    second = await issue('2027-10-01');
    expect([first.status, second.status]).toEqual(['issued', 'issued']);
    const paid = await world.call(
      writer.key,
      'POST',
      finance_('payments'),
      {
        method: 'bank_transfer',
        reference: 'BACS 1',
        amountPence: first.grossPence,
        receivedOn: '2026-10-02',
        invoiceId: first.id,
      },
      once(),
    );
    expect(paid.status).toBe(201);
    firstCredit = await creditNote(first.id, { reason: 'order_change', netPence: 10_000 });
    // The invoice was paid in full, so the whole credit is owed back to the school.
    expect(firstCredit).toMatchObject({ grossPence: 12_000, appliedToInvoicePence: 0, owedToSchoolPence: 12_000 });
  });

  afterAll(async () => {
    await world?.stop();
  });

  it('P28: a credit note refunds at most what it left owed to the school (409 naming amountPence); a retry with the same Idempotency-Key refunds once', async () => {
    expectRefused(await refund({ creditNoteId: firstCredit.id, amountPence: 12_001 }), 'refund.exceeds_credit', 12_000);
    const options = once();
    const body = { creditNoteId: firstCredit.id, amountPence: 2_000, reference: `RF-${randomUUID().slice(0, 8)}` };
    const done = await refund(body, options);
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({
      creditNoteId: firstCredit.id,
      creditNoteNumber: firstCredit.number,
      amountPence: 2_000,
    } satisfies Partial<RefundView>);
    const retry = await refund(body, options);
    expect(retry.body).toEqual(done.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await world.sql('billing', 'select id from refund where reference = $1', [body.reference])).toHaveLength(1);
  });

  it("P28: a credit note's value pays another invoice, never beyond what it has left; aged debt shows what the invoice still owes", async () => {
    expectRefused(
      await apply({ invoiceId: second.id, creditNoteId: firstCredit.id, amountPence: 10_001 }),
      'refund.exceeds_credit',
      10_000,
    );
    const used = await apply({ invoiceId: second.id, creditNoteId: firstCredit.id, amountPence: 4_000 });
    expect(used.status).toBe(201);
    expect(used.body).toMatchObject({
      invoiceNumber: second.number!,
      creditNoteNumber: firstCredit.number,
      amountPence: 4_000,
      invoiceAmountDuePence: second.grossPence - 4_000,
    } satisfies Partial<CreditApplicationView>);
    expect(await invoiceOf(second.id)).toMatchObject({
      status: 'partly_paid',
      amountDuePence: second.grossPence - 4_000,
    });
    const aged = (await world.call(finance, 'GET', '/api/v1/platform/billing/aged-debt')).body as AgedDebtReport;
    expect(aged.schools.find((row) => row.schoolId === schoolId)?.totalPence).toBe(second.grossPence - 4_000);
    // Only what the credit note has left (6,000) may still go back to the school.
    expectRefused(await refund({ creditNoteId: firstCredit.id, amountPence: 6_001 }), 'refund.exceeds_credit', 6_000);
  });

  it('P28: a credit note never refunds more than was paid on its invoice', async () => {
    // 4,000 of the second invoice was paid (by credit); crediting it whole owes the school that 4,000 only.
    const whole = await creditNote(second.id, { reason: 'order_cancellation' });
    expect(whole).toMatchObject({ appliedToInvoicePence: second.grossPence - 4_000, owedToSchoolPence: 4_000 });
    expectRefused(await refund({ creditNoteId: whole.id, amountPence: 4_001 }), 'refund.exceeds_paid', 4_000);
    expect((await refund({ creditNoteId: whole.id, amountPence: 4_000 })).status).toBe(201);
    expect(await invoiceOf(second.id)).toMatchObject({ amountDuePence: 0 });
  });

  it('P28: an overpayment is account credit, refunded at most once across the account and its credit notes', async () => {
    const over = await world.call(
      writer.key,
      'POST',
      finance_('payments'),
      { method: 'card', reference: 'CARD 9', amountPence: 1_000, receivedOn: '2026-11-03' },
      once(),
    );
    expect((over.body as PaymentView).unallocatedPence).toBe(1_000);
    // 6,000 left on the first credit note and 1,000 overpaid.
    expectRefused(await refund({ amountPence: 7_001 }), 'refund.exceeds_credit', 7_000);
    expect((await refund({ amountPence: 7_000, refundedOn: '2026-11-04' })).status).toBe(201);
    // The account holds nothing now, whatever the credit note alone would allow.
    expectRefused(await refund({ creditNoteId: firstCredit.id, amountPence: 1 }), 'refund.exceeds_credit', 0);
    expect((await apply({ invoiceId: first.id, amountPence: 1 })).body).toMatchObject({
      code: 'payment.invoice_not_payable',
      field: 'invoiceId',
    });
  });

  it('P28: the statement of account shows each refund (+) and settles to nothing', async () => {
    const statement = (
      await world.call(finance, 'GET', `/api/v1/platform/billing/schools/${schoolId}/statement?to=2026-12-31`)
    ).body as StatementView;
    expect(statement.lines.filter((line) => line.kind === 'refund').map((line) => line.amountPence)).toEqual([
      2_000, 4_000, 7_000,
    ]);
    expect(statement.closingBalancePence).toBe(0);
    expect(statement.ageing.totalPence).toBe(0);
  });

  it('P28: a key without payments:write is refused (403) refunds and uses of credit, and a bad body names the field', async () => {
    const path = finance_('refunds');
    const body = { method: 'bank_transfer', reference: 'X', amountPence: 1, refundedOn: '2026-11-02' };
    expect((await world.call(reader.key, 'POST', path, body, once())).status).toBe(403);
    expect(
      (
        await world.call(
          reader.key,
          'POST',
          finance_('credit-applications'),
          { invoiceId: first.id, amountPence: 1 },
          once(),
        )
      ).status,
    ).toBe(403);
    const bad = await refund({ amountPence: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('amountPence');
  });
});
