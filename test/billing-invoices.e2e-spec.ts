import { CreditNoteView, InvoiceView, PaymentView, PlanView } from '@pt/contracts';
import { School, WebhookReceiver, World } from '@pt/testing';
import { pdfText } from '@pt/platform/pdf/simple-pdf';
import { randomUUID } from 'node:crypto';

/** A school's invoices through the gateway (issue 14, item 4): draft, issue with gap-free numbers, read, void. */
describe('billing invoices: drafted, issued with the next number of the school series, read and voided through the gateway', () => {
  let world: World;
  let plan: PlanView;
  let school: School;
  const invoicesOf = (schoolId: string) => `/api/v1/platform/billing/schools/${schoolId}/invoices`;

  /** Billing hears of the signature through identity's durable event: subscribe once it has. */
  const subscribe = async (schoolId: string, years = 1) => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const reply = await world.call(
        world.platformAdmin,
        'POST',
        `/api/v1/platform/billing/schools/${schoolId}/subscription`,
        {
          planId: plan.id,
          startsOn: '2026-09-01',
          endsOn: `${2026 + years}-08-31`,
          pupils: 200,
          billingContactEmail: 'bursar@trust.example',
          purchaseOrderNumber: 'PO-77',
          legalEntity: {
            kind: 'la_school',
            name: 'Testbury Primary School (Testshire County Council)',
            address: { line1: 'County Hall', town: 'Testbury', postcode: 'TE1 1ST' },
          },
        },
      );
      if (reply.body?.code !== 'billing_customer.terms_not_signed' || Date.now() > deadline) {
        expect(reply.status).toBe(201);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };

  beforeAll(async () => {
    world = await World.start({
      label: 'billinginv',
      processes: ['gateway', 'identity', 'billing'],
      // The webhook receiver listens on 127.0.0.1, an address only this world's billing may send to;
      // identity writes its mail (a disabled endpoint's notice) where the test reads it.
      mail: true,
      envFor: {
        billing: { BILLING_WEBHOOK_ALLOWED_ADDRESSES: '127.0.0.1', BILLING_WEBHOOK_DISPATCH_MS: '200' },
        // Fifty issues of one school queue on its series row, one transaction after another: on
        // a loaded machine the last wait longer than the gateway's usual 5 s and would be 504s,
        // which says nothing about the numbering this file is about.
        gateway: { NATS_REQUEST_TIMEOUT_MS: '30000' },
      },
    });
    const created = await world.call(world.platformAdmin, 'POST', '/api/v1/platform/billing/plans', {
      code: `inv-${randomUUID().slice(0, 8)}`,
      name: 'Standard',
      price: {
        effectiveFrom: '2026-01-01',
        baseFeePence: 50_000,
        perPupil: { kind: 'linear', perPupilPence: 300 },
        vatRateBasisPoints: 2000,
      },
    });
    expect(created.status).toBe(201);
    plan = created.body as PlanView;
    school = await world.school({ signed: true });
    await subscribe(school.id, 3);
  });

  afterAll(async () => {
    await world?.stop();
  });

  it('drafts without a number, issues with the next number, and the school reads every VAT invoice field', async () => {
    const drafted = await world.call(world.platformAdmin, 'POST', invoicesOf(school.id), {});
    expect(drafted.status).toBe(201);
    const draft = drafted.body as InvoiceView;
    expect(draft).toMatchObject({ status: 'draft', number: null, grossPence: 132_000 });

    const issued = await world.call(world.platformAdmin, 'POST', `${invoicesOf(school.id)}/${draft.id}/issue`);
    expect(issued.status).toBe(200);
    const invoice = issued.body as InvoiceView;
    const account = String(invoice.customer.accountNumber).padStart(5, '0');
    expect(invoice).toMatchObject({ status: 'issued', number: `INV-${account}-000001`, sequenceNumber: 1 });

    const next = (await world.call(world.platformAdmin, 'POST', invoicesOf(school.id), { periodOn: '2027-09-01' }))
      .body as InvoiceView;
    const second = await world.call(world.platformAdmin, 'POST', `${invoicesOf(school.id)}/${next.id}/issue`);
    expect(second.body).toMatchObject({ number: `INV-${account}-000002` });

    // Every field of a full VAT invoice (VAT Regulations 1995 reg. 14(1)), as the school reads it.
    const admin = await world.staff(school, ['school-admin']);
    const own = await world.call(admin, 'GET', `/api/v1/billing/invoices/${invoice.id}`);
    expect(own.status).toBe(200);
    const view = own.body as InvoiceView;
    expect(view.number).toBe(invoice.number);
    expect(view.issuedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(view.taxPoint).toBe(view.issuedOn);
    expect(view.supplier).toEqual({
      name: expect.any(String),
      address: expect.any(Array),
      vatNumber: expect.stringMatching(/^GB\d{9}$/),
    });
    expect(view.customer).toMatchObject({
      name: 'Testbury Primary School (Testshire County Council)',
      address: { line1: 'County Hall', town: 'Testbury', postcode: 'TE1 1ST' },
    });
    for (const line of view.lines) {
      expect(line).toEqual(
        expect.objectContaining({
          description: expect.any(String),
          quantity: expect.any(Number),
          unitPricePence: expect.any(Number),
          vatRateBasisPoints: 2000,
          netPence: expect.any(Number),
        }),
      );
    }
    expect(view).toMatchObject({ netPence: 110_000, vatPence: 22_000, grossPence: 132_000 });
    const list = await world.call(admin, 'GET', '/api/v1/billing/invoices?status=issued');
    expect((list.body.items as InvoiceView[]).map((i) => i.number).sort()).toEqual([
      `INV-${account}-000001`,
      `INV-${account}-000002`,
    ]);
  });

  it('serves the invoice as a PDF whose text holds the same figures as the JSON', async () => {
    const admin = await world.staff(school, ['school-admin']);
    const [invoice] = (await world.call(admin, 'GET', '/api/v1/billing/invoices?status=issued')).body
      .items as InvoiceView[];
    const response = await world.call(admin, 'GET', `/api/v1/billing/invoices/${invoice.id}/pdf`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${invoice.number}.pdf"`);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const text = pdfText(response.bytes);
    for (const expected of [
      invoice.number!,
      invoice.issuedOn!,
      invoice.supplier.name,
      `VAT registration number: ${invoice.supplier.vatNumber}`,
      invoice.customer.name,
      invoice.customer.address.postcode,
      '£1,100.00', // net
      '£220.00', // VAT
      '£1,320.00', // gross
    ]) {
      expect([expected, text.includes(expected)]).toEqual([expected, true]);
    }
    const other = await world.staff(await world.school({ signed: true }), ['school-admin']);
    expect((await world.call(other, 'GET', `/api/v1/billing/invoices/${invoice.id}/pdf`)).status).toBe(404);
    const platform = await world.call(world.platformAdmin, 'GET', `${invoicesOf(school.id)}/${invoice.id}/pdf`);
    expect(platform.status).toBe(200);
    expect(pdfText(platform.bytes)).toEqual(text);
  });

  it("another school's invoice id is not found, and teachers are refused", async () => {
    const invoice = (await world.call(world.platformAdmin, 'GET', invoicesOf(school.id))).body.items[0] as InvoiceView;
    const other = await world.school({ signed: true });
    const otherAdmin = await world.staff(other, ['school-admin']);
    const stranger = await world.call(otherAdmin, 'GET', `/api/v1/billing/invoices/${invoice.id}`);
    expect(stranger.status).toBe(404);
    expect(stranger.body.code).toBe('invoice.not_found');
    const crossed = await world.call(world.platformAdmin, 'GET', `${invoicesOf(other.id)}/${invoice.id}`);
    expect(crossed.status).toBe(404);
    expect(
      (await world.call(world.platformAdmin, 'POST', `${invoicesOf(other.id)}/${invoice.id}/void`, { reason: 'x' }))
        .status,
    ).toBe(404);

    const teacher = await world.staff(school, ['teacher']);
    expect((await world.call(teacher, 'GET', `/api/v1/billing/invoices/${invoice.id}`)).status).toBe(403);
    expect((await world.call(teacher, 'GET', invoicesOf(school.id))).status).toBe(403);
  });

  it('voids an issued invoice and then invoices its year again; a draft is deleted', async () => {
    const drafted = (await world.call(world.platformAdmin, 'POST', invoicesOf(school.id), { periodOn: '2028-09-01' }))
      .body as InvoiceView;
    const taken = await world.call(world.platformAdmin, 'POST', invoicesOf(school.id), { periodOn: '2028-10-01' });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('invoice.period_invoiced');
    expect((await world.call(world.platformAdmin, 'DELETE', `${invoicesOf(school.id)}/${drafted.id}`)).status).toBe(
      204,
    );

    const again = (await world.call(world.platformAdmin, 'POST', invoicesOf(school.id), { periodOn: '2028-09-01' }))
      .body as InvoiceView;
    const issued = (await world.call(world.platformAdmin, 'POST', `${invoicesOf(school.id)}/${again.id}/issue`))
      .body as InvoiceView;
    const voided = await world.call(world.platformAdmin, 'POST', `${invoicesOf(school.id)}/${issued.id}/void`, {
      reason: 'Wrong purchase order',
    });
    expect(voided.status).toBe(200);
    expect(voided.body).toMatchObject({ status: 'void', number: issued.number });
    const reissued = await world.call(world.platformAdmin, 'POST', invoicesOf(school.id), { periodOn: '2028-09-01' });
    expect(reissued.status).toBe(201);
  });

  it('credits an issued invoice in its own series, never beyond what it invoiced; the school reads its credit notes', async () => {
    // The draft left by the previous case (its term year's first invoice was voided).
    const drafts = await world.call(world.platformAdmin, 'GET', `${invoicesOf(school.id)}?status=draft`);
    const [draft] = drafts.body.items as InvoiceView[];
    expect(draft.period.from).toBe('2028-09-01');
    const invoice = (await world.call(world.platformAdmin, 'POST', `${invoicesOf(school.id)}/${draft.id}/issue`))
      .body as InvoiceView;
    const creditNotesOf = `${invoicesOf(school.id)}/${invoice.id}/credit-notes`;
    const part = await world.call(world.platformAdmin, 'POST', creditNotesOf, {
      reason: 'order_change',
      netPence: 10_000,
    });
    expect(part.status).toBe(201);
    const account = String(invoice.customer.accountNumber).padStart(5, '0');
    expect(part.body).toMatchObject({
      number: `CN-${account}-000001`,
      invoice: { id: invoice.id, number: invoice.number },
      netPence: 10_000,
      vatPence: 2_000,
      grossPence: 12_000,
    });
    const rest = await world.call(world.platformAdmin, 'POST', creditNotesOf, { reason: 'order_cancellation' });
    expect(rest.body).toMatchObject({ number: `CN-${account}-000002`, grossPence: invoice.grossPence - 12_000 });
    const beyond = await world.call(world.platformAdmin, 'POST', creditNotesOf, { reason: 'other', netPence: 1 });
    expect(beyond.status).toBe(409);
    expect(beyond.body.code).toBe('credit_note.exceeds_invoice');
    const notVoidable = await world.call(world.platformAdmin, 'POST', `${invoicesOf(school.id)}/${invoice.id}/void`, {
      reason: 'x',
    });
    expect(notVoidable.status).toBe(409);

    const admin = await world.staff(school, ['school-admin']);
    const own = await world.call(admin, 'GET', `/api/v1/billing/credit-notes?invoiceId=${invoice.id}`);
    expect((own.body.items as CreditNoteView[]).map((c) => c.number)).toEqual([
      `CN-${account}-000001`,
      `CN-${account}-000002`,
    ]);
    const other = await world.staff(await world.school({ signed: true }), ['school-admin']);
    expect(
      (await world.call(other, 'GET', `/api/v1/billing/credit-notes/${(part.body as CreditNoteView).id}`)).status,
    ).toBe(404);

    // The credit note as a PDF, from the same view as its JSON: the school's and platform's copies read the same.
    const credit = part.body as CreditNoteView;
    const pdf = await world.call(admin, 'GET', `/api/v1/billing/credit-notes/${credit.id}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toBe(`attachment; filename="${credit.number}.pdf"`);
    const text = pdfText(pdf.bytes);
    expect(text[0]).toBe('VAT CREDIT NOTE');
    for (const expected of [credit.number, credit.issuedOn, invoice.number!, '£100.00', '£20.00', '£120.00']) {
      expect([expected, text.includes(expected)]).toEqual([expected, true]);
    }
    const platformCopy = await world.call(
      world.platformAdmin,
      'GET',
      `/api/v1/platform/billing/schools/${school.id}/credit-notes/${credit.id}/pdf`,
    );
    expect(pdfText(platformCopy.bytes)).toEqual(text);
    expect((await world.call(other, 'GET', `/api/v1/billing/credit-notes/${credit.id}/pdf`)).status).toBe(404);

    const bad = await world.call(world.platformAdmin, 'POST', creditNotesOf, { reason: 'because', netPence: -5 });
    expect(bad.status).toBe(400);
    expect((bad.body.errors as { field: string }[]).map((e) => e.field)).toEqual(
      expect.arrayContaining(['reason', 'netPence']),
    );
  });

  it('runs the annual invoice run through the gateway: each term year holding the day invoiced once', async () => {
    const fresh = await world.school({ signed: true });
    await subscribe(fresh.id, 1);
    const run = await world.call(world.platformAdmin, 'POST', '/api/v1/platform/billing/invoice-runs', {
      on: '2026-09-01',
    });
    expect(run.status).toBe(200);
    expect(run.body.invoiced).toBeGreaterThanOrEqual(1);
    const again = await world.call(world.platformAdmin, 'POST', '/api/v1/platform/billing/invoice-runs', {
      on: '2026-09-01',
    });
    expect(again.body).toMatchObject({ invoiced: 0 });
    const invoices = (await world.call(world.platformAdmin, 'GET', invoicesOf(fresh.id))).body.items as InvoiceView[];
    expect(invoices.map((i) => [i.period.from, i.status, i.sequenceNumber])).toEqual([['2026-09-01', 'issued', 1]]);

    const admin = await world.staff(fresh, ['school-admin']);
    expect((await world.call(admin, 'POST', '/api/v1/platform/billing/invoice-runs', {})).status).toBe(403);
    const bad = await world.call(world.platformAdmin, 'POST', '/api/v1/platform/billing/invoice-runs', {
      on: 'tomorrow',
    });
    expect(bad.status).toBe(400);
    expect((bad.body.errors as { field: string }[]).map((e) => e.field)).toEqual(['on']);
  });

  it('records a payment, allocates it oldest due first and keeps the rest as account credit', async () => {
    const payer = await world.school({ signed: true });
    await subscribe(payer.id, 1);
    const draft = (await world.call(world.platformAdmin, 'POST', invoicesOf(payer.id), {})).body as InvoiceView;
    await world.call(world.platformAdmin, 'POST', `${invoicesOf(payer.id)}/${draft.id}/issue`);
    const paymentsOf = `/api/v1/platform/billing/schools/${payer.id}/payments`;
    const part = await world.call(world.platformAdmin, 'POST', paymentsOf, {
      method: 'bank_transfer',
      reference: 'BACS 77',
      amountPence: 32_000,
      receivedOn: '2026-10-01',
    });
    expect(part.status).toBe(201);
    expect((await world.call(world.platformAdmin, 'GET', `${invoicesOf(payer.id)}/${draft.id}`)).body).toMatchObject({
      status: 'partly_paid',
      amountDuePence: 100_000,
    });
    const rest = await world.call(world.platformAdmin, 'POST', paymentsOf, {
      method: 'card',
      reference: 'ch_0042',
      amountPence: 100_100,
      receivedOn: '2026-10-02',
    });
    expect(rest.body).toMatchObject({
      allocations: [{ invoiceId: draft.id, amountPence: 100_000 }],
      unallocatedPence: 100,
    });
    expect((await world.call(world.platformAdmin, 'GET', `${invoicesOf(payer.id)}/${draft.id}`)).body.status).toBe(
      'paid',
    );

    const aged = await world.call(
      world.platformAdmin,
      'GET',
      `/api/v1/platform/billing/aged-debt?on=${new Date().toISOString().slice(0, 10)}`,
    );
    expect(aged.status).toBe(200);
    const others = (aged.body.schools as { schoolId: string }[]).map((row) => row.schoolId);
    expect(others).not.toContain(payer.id); // paid in full: owes nothing
    expect(others).toContain(school.id);
    expect((await world.call(world.platformAdmin, 'GET', '/api/v1/platform/billing/aged-debt?on=someday')).status).toBe(
      400,
    );

    const admin = await world.staff(payer, ['school-admin']);
    const statement = await world.call(admin, 'GET', '/api/v1/billing/statement');
    expect(statement.status).toBe(200);
    expect(statement.body).toMatchObject({ closingBalancePence: -100, ageing: { totalPence: 0 } }); // 100p in credit
    expect((statement.body.lines as { kind: string }[]).map((l) => l.kind)).toEqual(['payment', 'payment', 'invoice']);
    expect((await world.call(admin, 'GET', '/api/v1/billing/statement?to=later')).status).toBe(400);
    const own = await world.call(admin, 'GET', '/api/v1/billing/payments');
    expect((own.body.items as PaymentView[]).map((p) => p.amountPence)).toEqual([100_100, 32_000]);
    expect((await world.call(admin, 'POST', paymentsOf, { method: 'card' })).status).toBe(403);
    const bad = await world.call(world.platformAdmin, 'POST', paymentsOf, { method: 'cheque', amountPence: 1.5 });
    expect(bad.status).toBe(400);
    expect((bad.body.errors as { field: string }[]).map((e) => e.field)).toEqual(
      expect.arrayContaining(['method', 'amountPence', 'reference', 'receivedOn']),
    );
  });

  it('names each bad field in a problem+json 400', async () => {
    const bad = await world.call(world.platformAdmin, 'POST', invoicesOf(school.id), { periodOn: '1 Sept', extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect((bad.body.errors as { field: string }[]).map((e) => e.field)).toEqual(
      expect.arrayContaining(['periodOn', 'extra']),
    );

    const badVoid = await world.call(world.platformAdmin, 'POST', `${invoicesOf(school.id)}/${randomUUID()}/void`, {});
    expect(badVoid.status).toBe(400);
    expect((badVoid.body.errors as { field: string }[]).map((e) => e.field)).toContain('reason');

    const badStatus = await world.call(world.platformAdmin, 'GET', `${invoicesOf(school.id)}?status=overdue`);
    expect(badStatus.status).toBe(400);
    expect((badStatus.body.errors as { field: string }[]).map((e) => e.field)).toContain('status');

    const badId = await world.call(world.platformAdmin, 'GET', `${invoicesOf(school.id)}/not-a-uuid`);
    expect(badId.status).toBe(400);
  });
  it('P28: platform finance registers a webhook endpoint; an issued invoice and a payment reach it signed, logged, and replayed under the same webhook-id', async () => {
    const receiver = await WebhookReceiver.start();
    try {
      const finance = await world.staff(null, ['finance']);
      const endpoints = '/api/v1/platform/billing/webhook-endpoints';
      const created = await world.call(finance, 'POST', endpoints, {
        url: receiver.url,
        description: 'Finance system',
        eventTypes: ['invoice.issued', 'payment.recorded'],
      });
      expect(created.status).toBe(201);
      receiver.secrets = [created.body.secret];
      const endpointId = created.body.id as string;
      expect(
        (
          await world.call(world.platformAdmin, 'POST', endpoints, {
            url: receiver.url,
            eventTypes: ['invoice.issued'],
          })
        ).status,
      ).toBe(403);
      const internal = await world.call(finance, 'POST', endpoints, {
        url: 'https://169.254.169.254/',
        eventTypes: ['invoice.issued'],
      });
      expect(internal.status).toBe(400);
      expect((internal.body.errors as { field: string }[]).map((e) => e.field)).toEqual(['url']);
      const badTypes = await world.call(finance, 'POST', endpoints, {
        url: receiver.url,
        eventTypes: ['invoice.paid'],
      });
      expect((badTypes.body.errors as { field: string }[]).map((e) => e.field)).toEqual(['eventTypes']);

      const payer = await world.school({ signed: true });
      await subscribe(payer.id, 1);
      const draft = (await world.call(world.platformAdmin, 'POST', invoicesOf(payer.id), {})).body as InvoiceView;
      const invoice = (await world.call(world.platformAdmin, 'POST', `${invoicesOf(payer.id)}/${draft.id}/issue`))
        .body as InvoiceView;
      await world.call(world.platformAdmin, 'POST', `/api/v1/platform/billing/schools/${payer.id}/payments`, {
        method: 'bank_transfer',
        reference: 'BACS 88',
        amountPence: 1_000,
        receivedOn: '2026-10-01',
      });
      const ofPayer = () =>
        receiver.verified.map((r) => JSON.parse(r.body)).filter((p) => p.data.schoolId === payer.id);
      await world.until(async () => ofPayer().length === 2, 15_000);
      expect(
        ofPayer()
          .map((p) => p.type)
          .sort(),
      ).toEqual(['invoice.issued', 'payment.recorded']);
      expect(ofPayer().find((p) => p.type === 'invoice.issued').data).toMatchObject({
        invoiceId: invoice.id,
        number: invoice.number,
      });
      expect(receiver.received.every((r) => r.verification.ok)).toBe(true);

      const issued = receiver.verified.find((r) => JSON.parse(r.body).data.invoiceId === invoice.id)!;
      // The attempt is logged once the receiver has answered, so the log can trail the delivery.
      const attemptsOf = () => world.call(finance, 'GET', `${endpoints}/${endpointId}/attempts?messageId=${issued.id}`);
      await world.until(async () => (await attemptsOf()).body.items?.length > 0, 15_000);
      const log = await attemptsOf();
      expect(log.status).toBe(200);
      expect(log.body.items).toEqual([
        expect.objectContaining({ messageId: issued.id, outcome: 'succeeded', responseStatus: 204 }),
      ]);

      const effects = receiver.effects.size;
      const replay = await world.call(finance, 'POST', `${endpoints}/${endpointId}/messages/${issued.id}/replay`);
      expect(replay.status).toBe(202);
      await world.until(async () => receiver.verified.filter((r) => r.id === issued.id).length === 2, 15_000);
      expect(receiver.effects.size).toBe(effects);

      // A finance system's API key with webhooks:manage manages them too; one without that scope is refused.
      const keyWith = async (scopes: string[]) =>
        (
          await world.call(finance, 'POST', '/api/v1/platform/finance-api-keys', {
            name: `hooks ${randomUUID().slice(0, 6)}`,
            scopes,
            expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
          })
        ).body.key as string;
      const listed = await world.call(await keyWith(['webhooks:manage']), 'GET', endpoints);
      expect(listed.status).toBe(200);
      expect((listed.body.items as { id: string }[]).map((e) => e.id)).toContain(endpointId);
      expect((await world.call(await keyWith(['invoices:read']), 'GET', endpoints)).status).toBe(403);

      // A receiver answering 410 Gone has its endpoint disabled, and platform finance is emailed.
      receiver.answerNext(410);
      expect(
        (await world.call(finance, 'POST', `${endpoints}/${endpointId}/messages/${issued.id}/replay`)).status,
      ).toBe(202);
      await world.until(
        async () => (await world.call(finance, 'GET', `${endpoints}/${endpointId}`)).body.status === 'disabled',
        15_000,
      );
      expect((await world.call(finance, 'GET', `${endpoints}/${endpointId}`)).body.disabledReason).toBe('gone');
      const notice = await world.mail(finance.email, 'webhook-disabled');
      expect(notice.text).toContain(endpointId);
      expect(notice.text).not.toContain(receiver.url);

      expect((await world.call(finance, 'DELETE', `${endpoints}/${endpointId}`)).status).toBe(204);
      expect((await world.call(finance, 'GET', `${endpoints}/${endpointId}`)).status).toBe(404);
    } finally {
      await receiver.stop();
    }
  });

  /**
   * Issue 14 item 4: numbers come from the school's series row, locked by the issuing
   * transaction, so neither concurrency across replicas nor a transaction failing after it
   * took its number leaves a gap or a duplicate.
   */
  describe('two billing replicas issuing 50 drafts of one school at once, some transactions failing at commit', () => {
    const DRAFTS = 50;
    let numbered: School;
    let drafts: InvoiceView[];

    beforeAll(async () => {
      // The second replica logs each message it handles, so the test can see the work was shared.
      await world.stack.startProcess('billing#2', { LOG_LEVEL: 'debug' });
      numbered = await world.school({ signed: true });
      await subscribe(numbered.id, DRAFTS);
      // One draft per term year of a fifty-year subscription (a year holds one invoice), ten at a time.
      drafts = [];
      for (let first = 0; first < DRAFTS; first += 10) {
        const batch = await Promise.all(
          Array.from({ length: 10 }, async (_, i) => {
            const reply = await world.call(world.platformAdmin, 'POST', invoicesOf(numbered.id), {
              periodOn: `${2026 + first + i}-09-01`,
            });
            expect(reply.status).toBe(201);
            return reply.body as InvoiceView;
          }),
        );
        drafts.push(...batch);
      }
    });

    afterAll(async () => {
      await world.sql('billing', 'drop trigger if exists fail_chosen_issues on invoice');
      await world.sql('billing', 'drop function if exists fail_chosen_issues()');
      await world.stack.stopProcess('billing#2');
    });

    const issueAll = (invoices: InvoiceView[]) =>
      Promise.all(
        invoices.map(async (draft) => {
          const reply = await world.call(world.platformAdmin, 'POST', `${invoicesOf(numbered.id)}/${draft.id}/issue`);
          return { id: draft.id, status: reply.status };
        }),
      );
    const stored = async () =>
      (await world.call(world.platformAdmin, 'GET', invoicesOf(numbered.id))).body.items as InvoiceView[];

    it('gives the committed issues exactly 1..k, leaves the failed ones numberless drafts, and retrying continues the series', async () => {
      // A deferred constraint trigger raises at commit for chosen invoices: their transaction has
      // already taken the next number and written the issued row when it fails, as a lost
      // connection or a failed flush at the last moment would.
      const doomed = new Set(drafts.filter((_, i) => i % 6 === 2).map((d) => d.id));
      await world.sql(
        'billing',
        `create function fail_chosen_issues() returns trigger language plpgsql as $$
         begin
           if new.id::text = any ('{${[...doomed].join(',')}}'::text[]) then
             raise exception 'this issue was chosen to fail at commit';
           end if;
           return null;
         end $$`,
      );
      await world.sql(
        'billing',
        `create constraint trigger fail_chosen_issues after update on invoice
         deferrable initially deferred for each row when (new.status = 'issued')
         execute function fail_chosen_issues()`,
      );
      const handledBySecond = () =>
        world.stack
          .logsOf('billing#2')
          .filter((line) => line.msg === 'message handled' && String(line.op).endsWith('billing.invoice.issue')).length;
      const before = handledBySecond();

      const outcomes = await issueAll(drafts);

      expect(outcomes.filter((o) => doomed.has(o.id)).map((o) => o.status)).toEqual([...doomed].map(() => 500));
      expect(outcomes.filter((o) => !doomed.has(o.id)).every((o) => o.status === 200)).toBe(true);
      // Both replicas took part (each of 50 requests goes to either at random).
      const second = handledBySecond() - before;
      expect(second).toBeGreaterThan(0);
      expect(second).toBeLessThan(DRAFTS);

      const committed = DRAFTS - doomed.size;
      const afterFailures = await stored();
      const issued = afterFailures.filter((i) => i.status === 'issued');
      expect(issued.map((i) => i.sequenceNumber).sort((a, b) => a! - b!)).toEqual(
        Array.from({ length: committed }, (_, i) => i + 1),
      );
      expect(new Set(issued.map((i) => i.number)).size).toBe(committed);
      expect(
        afterFailures
          .filter((i) => doomed.has(i.id))
          .map((i) => ({ status: i.status, number: i.number, sequenceNumber: i.sequenceNumber })),
      ).toEqual([...doomed].map(() => ({ status: 'draft', number: null, sequenceNumber: null })));
      const [series] = await world.sql(
        'billing',
        `select last_number from document_series where tenant_id = $1 and series = 'invoice'`,
        [numbered.id],
      );
      expect(series.last_number).toBe(committed);

      // Once the fault is gone, the failed drafts are issued again and the series goes on from k.
      await world.sql('billing', 'drop trigger fail_chosen_issues on invoice');
      const retried = await issueAll(drafts.filter((d) => doomed.has(d.id)));
      expect(retried.map((o) => o.status)).toEqual([...doomed].map(() => 200));
      const all = await stored();
      expect(all.every((i) => i.status === 'issued')).toBe(true);
      expect(all.map((i) => i.sequenceNumber).sort((a, b) => a! - b!)).toEqual(
        Array.from({ length: DRAFTS }, (_, i) => i + 1),
      );
      expect(
        all
          .filter((i) => doomed.has(i.id))
          .map((i) => i.sequenceNumber!)
          .sort((a, b) => a - b),
      ).toEqual(Array.from({ length: doomed.size }, (_, i) => committed + i + 1));
      expect(new Set(all.map((i) => i.number)).size).toBe(DRAFTS);
    });
  });
});
