// What the finance browser tests need beyond the shared world (issue 18): billing allowed to
// send webhooks to the test's own receiver on 127.0.0.1, and the seeded school's billing (a
// plan, a subscription, an issued invoice and a part payment) so each finance page has rows.
// Kept apart from global-setup.ts so the finance additions are one call there.
import type { World } from '@pt/testing';

/** The seeded school's billing, as the finance spec finds it in FINANCE_WORLD. */
export interface FinanceWorld {
  /**
   * A finance user of this spec's own: a platform user has one session at a time (a new
   * sign-in ends the last), so sharing sign-in.spec's user would end each other's sessions.
   */
  user: string;
  /** The customer name the school's billing goes under (the aged-debt report and the school picker show it). */
  customerName: string;
  invoiceNumber: string;
  paymentReference: string;
}

export const FINANCE_CUSTOMER = 'Harbourside Academy (Harbour County Council)';

/**
 * Restarts billing allowed to send to 127.0.0.1 (the guard's test exception, refused in
 * production; its default stays closed) and dispatching promptly, then seeds the school's billing.
 */
export async function seedFinance(world: World, schoolId: string): Promise<FinanceWorld> {
  await world.stack.stopProcess('billing');
  await world.stack.startProcess('billing', {
    BILLING_WEBHOOK_ALLOWED_ADDRESSES: '127.0.0.1',
    BILLING_WEBHOOK_DISPATCH_MS: '200',
  });
  const user = await world.staff(null, ['finance'], { username: 'browser.finance.walk', signIn: false });
  const call = async (method: string, path: string, body?: unknown, status = 201) => {
    const reply = await world.call(world.platformAdmin, method, path, body);
    if (reply.status !== status) throw new Error(`${method} ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body as Record<string, unknown>;
  };
  const plan = await call('POST', '/api/v1/platform/billing/plans', {
    code: `browser-${Date.now().toString(36)}`,
    name: 'Standard',
    price: {
      effectiveFrom: '2026-01-01',
      baseFeePence: 50_000,
      perPupil: { kind: 'linear', perPupilPence: 300 },
      vatRateBasisPoints: 2000,
    },
  });
  const school = `/api/v1/platform/billing/schools/${schoolId}`;
  // Billing hears of the signed terms through identity's durable event: subscribe once it has.
  await world.until(
    async () =>
      (
        await world.call(world.platformAdmin, 'POST', `${school}/subscription`, {
          planId: plan.id,
          startsOn: '2026-09-01',
          endsOn: '2027-08-31',
          pupils: 200,
          billingContactEmail: 'bursar@harbourside.example',
          purchaseOrderNumber: 'PO-1801',
          legalEntity: {
            kind: 'la_school',
            name: FINANCE_CUSTOMER,
            address: { line1: 'County Hall', town: 'Harbourton', postcode: 'HA1 1RB' },
          },
        })
      ).status === 201,
    15_000,
    200,
  );
  const draft = await call('POST', `${school}/invoices`, {});
  const invoice = await call('POST', `${school}/invoices/${String(draft.id)}/issue`, undefined, 200);
  const paymentReference = 'BACS 1801';
  await call('POST', `${school}/payments`, {
    method: 'bank_transfer',
    reference: paymentReference,
    amountPence: 10_000,
    receivedOn: new Date().toISOString().slice(0, 10),
    invoiceId: invoice.id,
  });
  return {
    user: user.username,
    customerName: FINANCE_CUSTOMER,
    invoiceNumber: String(invoice.number),
    paymentReference,
  };
}

export function financeWorld(): FinanceWorld {
  const seeded = process.env.FINANCE_WORLD;
  if (!seeded)
    throw new Error('FINANCE_WORLD is not set: run through playwright.config.ts (its global setup seeds it)');
  return JSON.parse(seeded) as FinanceWorld;
}
