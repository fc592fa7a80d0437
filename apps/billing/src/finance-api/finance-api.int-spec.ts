import {
  CREATE_CREDIT_NOTE,
  CREATE_INVOICE_DRAFT,
  FINANCE_EXPORT,
  FINANCE_LIST_CREDIT_NOTES,
  FINANCE_LIST_GRACE_CHARGES,
  FINANCE_LIST_INVOICES,
  FINANCE_LIST_PAYMENTS,
  FINANCE_LIST_SUBSCRIPTIONS,
  FinancePageRequest,
  GET_INVOICE,
  GraceChargeView,
  ISSUE_INVOICE,
  MessageContext,
  RECORD_GRACE_ACCESS,
  RECORD_PAYMENT,
} from '@pt/contracts';
import { aPlatformUser, aSystemJob, SchoolRef } from '@pt/testing';
import { ServiceHarness } from '@pt/testing/service-harness';
import { LifecycleService } from '../lifecycle/lifecycle.service';
import { aPlan, aSubscribedSchool } from '../billing.fixtures';
import { startBillingHarness } from '../billing.harness';

describe('P28: the finance API lists every school’s invoices, credit notes, payments and subscriptions by cursor and updated_since (billing service)', () => {
  let billing: ServiceHarness;
  const finance = aPlatformUser({ roles: ['finance'] });
  /** A finance API key as the gateway presents it: a platform actor holding only its scopes. */
  const key = aPlatformUser({ roles: [], permissions: ['invoices:read', 'payments:read'] });
  const schools: SchoolRef[] = [];
  const invoiceIds: string[] = [];
  let draftId: string;
  let planId: string;

  /** Every id of a list, walked page by page from its first page. */
  const walk = async (
    pattern: typeof FINANCE_LIST_INVOICES | typeof FINANCE_LIST_PAYMENTS | typeof FINANCE_LIST_SUBSCRIPTIONS,
    request: FinancePageRequest,
    by: MessageContext = key,
  ) => {
    const ids: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 20; pages++) {
      const page = await billing.call(
        pattern as typeof FINANCE_LIST_INVOICES,
        { ...request, ...(cursor ? { cursor } : {}) },
        by,
      );
      ids.push(...page.items.map((item) => item.id));
      if (!page.nextCursor) return ids;
      cursor = page.nextCursor;
    }
    throw new Error('more pages than there are rows');
  };

  beforeAll(async () => {
    billing = await startBillingHarness();
    planId = await aPlan(billing, finance);
    for (let i = 0; i < 3; i++) {
      const school = await aSubscribedSchool(billing, finance, { planId, endsOn: '2029-08-31' });
      schools.push(school);
      for (const periodOn of ['2026-09-01', '2027-09-01']) {
        const draft = await billing.call(CREATE_INVOICE_DRAFT, { schoolId: school.id, periodOn }, finance);
        invoiceIds.push((await billing.call(ISSUE_INVOICE, { schoolId: school.id, invoiceId: draft.id }, finance)).id);
      }
    }
    // A draft is no document yet: never listed.
    draftId = (await billing.call(CREATE_INVOICE_DRAFT, { schoolId: schools[0].id, periodOn: '2028-09-01' }, finance))
      .id;
  });

  afterAll(async () => {
    await billing?.stop();
  });

  it('P28: pages of two give every issued invoice once, in the order they changed, even when they changed at the same instant', async () => {
    await billing.sql(`update invoice set updated_at = '2026-12-01T10:00:00.123456Z' where id = any($1::uuid[])`, [
      invoiceIds.slice(0, 4),
    ]);
    const ids = await walk(FINANCE_LIST_INVOICES, { limit: 2 });
    expect([...ids].sort()).toEqual([...invoiceIds].sort());
    expect(ids).not.toContain(draftId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(0, 4)).toEqual([...invoiceIds.slice(0, 4)].sort());
  });

  it('P28: updated_since gives only what changed at or after it, and a change moves a row to the end', async () => {
    await billing.sql(`update invoice set updated_at = '2026-12-02T00:00:00Z' where id = $1`, [invoiceIds[1]]);
    const since = await walk(FINANCE_LIST_INVOICES, { updatedSince: '2026-12-02T00:00:00Z' });
    expect(since).toContain(invoiceIds[1]);
    expect(since).not.toContain(invoiceIds[0]);
    const all = await walk(FINANCE_LIST_INVOICES, { limit: 5 });
    expect(all.indexOf(invoiceIds[1])).toBeGreaterThan(all.indexOf(invoiceIds[0]));
  });

  it('P28: payments come with their allocations, credit notes and subscriptions by the same cursor', async () => {
    const payment = await billing.call(
      RECORD_PAYMENT,
      {
        schoolId: schools[1].id,
        method: 'bank_transfer',
        reference: 'BACS 1',
        amountPence: 5_000,
        receivedOn: '2026-10-01',
      },
      finance,
    );
    const credit = await billing.call(
      CREATE_CREDIT_NOTE,
      { schoolId: schools[2].id, invoiceId: invoiceIds[4], reason: 'order_change', netPence: 1_000 },
      finance,
    );
    const payments = await billing.call(FINANCE_LIST_PAYMENTS, { limit: 50 }, key);
    expect(payments.items.find((item) => item.id === payment.id)?.allocations).toHaveLength(1);
    const notes = await billing.call(FINANCE_LIST_CREDIT_NOTES, {}, key);
    expect(notes.items.map((item) => item.id)).toEqual([credit.id]);
    const subscriptions = await walk(FINANCE_LIST_SUBSCRIPTIONS, { limit: 1 });
    expect(subscriptions).toHaveLength(3);
  });

  it('P28: a listed invoice reads exactly as the school’s own view of it, paid and credited figures included', async () => {
    // The finance page builds its views in Postgres (finance_invoice_page); the school's
    // view is invoices.service viewOf over the entity. Run after payments and credit notes.
    const page = await billing.call(FINANCE_LIST_INVOICES, { limit: 50 }, key);
    expect(page.items).toHaveLength(invoiceIds.length);
    for (const item of page.items) {
      const own = await billing.call(GET_INVOICE, { schoolId: item.schoolId, invoiceId: item.id }, finance);
      expect(item).toEqual(own);
    }
    expect(page.items.some((item) => item.paidPence > 0)).toBe(true);
    expect(page.items.some((item) => item.creditedPence > 0)).toBe(true);
  });

  it('P28: the handler checks the scope where the data is: a key without payments:read is refused', async () => {
    const invoicesOnly = aPlatformUser({ roles: [], permissions: ['invoices:read'] });
    const refused = await billing.attempt(FINANCE_LIST_PAYMENTS, {}, invoicesOnly);
    expect(refused.code).toBe('permission_denied');
  });

  it('P28: exports the period’s issued invoices in Xero, QuickBooks and Sage 50 layouts, Sage with its credit notes', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const period = { from: today, to: today };
    const xero = await billing.call(FINANCE_EXPORT, { layout: 'xero', ...period }, key);
    // Two lines (base fee, pupils) per invoice, after the header.
    expect(xero.content.trimEnd().split('\r\n')).toHaveLength(1 + 2 * invoiceIds.length);
    expect(xero).toMatchObject({ contentType: 'text/csv', documents: invoiceIds.length });
    const quickbooks = await billing.call(
      FINANCE_EXPORT,
      { layout: 'quickbooks', ...period, accountCode: 'Licence' },
      key,
    );
    expect(quickbooks.content).toContain(',Licence,');
    const sage = await billing.call(FINANCE_EXPORT, { layout: 'sage50', ...period }, key);
    expect(sage.documents).toBe(invoiceIds.length + 1);
    expect(sage.content).toMatch(/\r\nSC,/);
    const elsewhere = await billing.call(FINANCE_EXPORT, { layout: 'xero', from: '2020-01-01', to: '2020-12-31' }, key);
    expect(elsewhere.documents).toBe(0);
    const refused = await billing.attempt(FINANCE_EXPORT, { layout: 'xero', from: today, to: '2020-01-01' }, key);
    expect(refused.errors?.[0].field).toBe('to');
  });

  it('P26, P28: grace charges are listed by cursor and updated_since to a key with invoices:read, refused to a key without it', async () => {
    // Last: a school in grace would be a fourth subscription in the lists above.
    const school = await aSubscribedSchool(billing, finance, { planId, startsOn: '2026-04-01', endsOn: '2026-11-30' });
    await billing.get(LifecycleService).runAt(new Date('2026-12-01T06:00:00Z'));
    const resources = ['GET /api/v1/pupils', 'GET /api/v1/pupils/:id', 'GET /api/v1/pupils/:id/marks'];
    const charged: GraceChargeView[] = [];
    for (const resource of resources) {
      charged.push(await billing.call(RECORD_GRACE_ACCESS, { schoolId: school.id, resource }, aSystemJob()));
    }
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await billing.call(FINANCE_LIST_GRACE_CHARGES, { limit: 2, ...(cursor ? { cursor } : {}) }, key);
      ids.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(ids).toEqual(charged.map((charge) => charge.id));
    const first = await billing.call(FINANCE_LIST_GRACE_CHARGES, { limit: 1 }, key);
    expect(first.items[0]).toEqual(charged[0]);
    const later = await billing.call(FINANCE_LIST_GRACE_CHARGES, { updatedSince: charged[1].chargedAt }, key);
    expect(later.items.map((item) => item.id)).toEqual([charged[1].id, charged[2].id]);
    const paymentsOnly = aPlatformUser({ roles: [], permissions: ['payments:read'] });
    const refused = await billing.attempt(FINANCE_LIST_GRACE_CHARGES, {}, paymentsOnly);
    expect(refused.code).toBe('permission_denied');
  });
});
