// The finance area through the real platform (issue 18): the seeded school's subscription and
// where it stands in its lifecycle, its invoices with a PDF, its payments, the aged-debt chart
// and table, an API key shown once then revoked, and a webhook endpoint at a receiver this test
// runs on 127.0.0.1: a delivery appears in the log, is replayed, and the receiver verifies the
// replayed message's Standard Webhooks signature with the secret shown once at creation.
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { WebhookReceiver } from '../../libs/testing/src/webhook-receiver';
import { checkPage, expect, signIn, test } from './browser-world';
import { financeWorld } from './finance-world';

const finance = financeWorld();
// One finance user signs in for every test, and a new sign-in ends its last session: one at a time.
test.describe.configure({ mode: 'serial' });

/** Signs in as the finance user and opens one finance page with the seeded school chosen. */
async function openWithSchool(page: Page, user: string, password: string, section: string, schoolId: string) {
  await signIn(page, user, password);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Finance' }).click();
  await page.getByRole('navigation', { name: 'Finance' }).getByRole('link', { name: section, exact: true }).click();
  await page.getByLabel('School id').fill(schoolId);
  await page.getByRole('button', { name: 'Show this school' }).click();
}

test("the seeded school's subscription shows its lifecycle state", async ({ page, world }) => {
  await openWithSchool(page, finance.user, world.password, 'Subscriptions', world.school.id);
  const subscription = page.getByRole('region', { name: /Subscription/ }).last();
  await expect(subscription.getByRole('heading', { level: 2 })).toHaveText(/Subscription\s*Active/);
  await expect(subscription.getByText(finance.customerName)).toBeVisible();
  await expect(subscription.getByText('PO-1801')).toBeVisible();
  await checkPage(page, 'Subscriptions', 'finance-subscription-active');
});

test('the invoices list the issued invoice, and its PDF downloads as a PDF', async ({ page, world }) => {
  await openWithSchool(page, finance.user, world.password, 'Invoices and credit notes', world.school.id);
  const invoices = page.getByRole('table', { name: /invoices/ });
  const row = invoices.getByRole('row').filter({ hasText: finance.invoiceNumber });
  await expect(row).toContainText('Partly paid');
  await checkPage(page, 'Invoices and credit notes', 'finance-invoices');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    row.getByRole('button', { name: `Download invoice ${finance.invoiceNumber} as PDF` }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.pdf$/);
  const bytes = await readFile(await download.path());
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(bytes.length).toBeGreaterThan(500);
});

test('the payments list the part payment against the invoice', async ({ page, world }) => {
  await openWithSchool(page, finance.user, world.password, 'Payments', world.school.id);
  const row = page
    .getByRole('table', { name: /payments/ })
    .getByRole('row')
    .filter({ hasText: finance.paymentReference });
  await expect(row).toContainText('Bank transfer');
  await expect(row).toContainText('£100.00');
  await expect(row).toContainText(finance.invoiceNumber);
  await checkPage(page, 'Payments', 'finance-payments');
});

test('aged debt shows the totals as a chart with its table, and the school owing', async ({ page, world }) => {
  await signIn(page, finance.user, world.password);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Finance' }).click();
  await page.getByRole('navigation', { name: 'Finance' }).getByRole('link', { name: 'Aged debt' }).click();
  await expect(page.getByRole('img', { name: /^Aged debt on .*Not yet due/ })).toBeVisible();
  await expect(page.getByRole('table', { name: /the chart's figures/ }).getByRole('row')).toHaveCount(6);
  const bySchool = page.getByRole('table', { name: 'Aged debt by school' });
  await expect(bySchool.getByRole('link', { name: finance.customerName })).toBeVisible();
  await checkPage(page, 'Aged debt', 'finance-aged-debt');
  // The school's name leads to its invoices, with the school chosen.
  await bySchool.getByRole('link', { name: finance.customerName }).click();
  await expect(page).toHaveURL(/\/finance\/invoices$/);
  await expect(page.getByRole('table', { name: /invoices/ })).toContainText(finance.invoiceNumber);
});

test('an API key is shown once when made, and can be revoked', async ({ page, world }) => {
  await signIn(page, finance.user, world.password);
  await page.goto('/finance/api-keys');
  await expect(page.getByRole('heading', { level: 1, name: 'API keys' })).toBeVisible();
  const name = `Ledger ${Date.now().toString(36)}`;
  await page.getByLabel('Name').fill(name);
  await page.getByLabel(/Read invoices/).check();
  await page.getByRole('button', { name: 'Make key' }).click();
  const secret = page.getByRole('region', { name: `The key for ${name}` });
  await expect(secret.getByText('it is shown only this once')).toBeVisible();
  const key = await secret.getByLabel('Secret').inputValue();
  expect(key.length).toBeGreaterThan(20);
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText(`…${key.slice(-4)}`);
  await expect(row).toContainText('Active');
  await checkPage(page, 'API keys', 'finance-api-key-made');
  await secret.getByRole('button', { name: 'I have stored it safely' }).click();
  await expect(page.getByRole('region', { name: `The key for ${name}` })).toHaveCount(0);
  await expect(page.getByText(key)).toHaveCount(0);
  await row.getByRole('button', { name: `Revoke ${name}` }).click();
  await row.getByRole('button', { name: `Revoke ${name} now` }).click();
  await expect(row).toContainText('Revoked');
  await checkPage(page, 'API keys', 'finance-api-key-revoked');
});

test.describe('webhooks', () => {
  let receiver: WebhookReceiver;
  test.beforeAll(async () => {
    receiver = await WebhookReceiver.start();
  });
  test.afterAll(async () => {
    await receiver?.stop();
  });

  test('an endpoint at a local receiver gets a signed delivery, which is replayed from the log', async ({
    page,
    context,
    world,
  }) => {
    test.setTimeout(60_000);
    await signIn(page, finance.user, world.password);
    await page.goto('/finance/webhooks');
    await expect(page.getByRole('heading', { level: 1, name: 'Webhooks' })).toBeVisible();
    const description = `Ledger receiver ${Date.now().toString(36)}`;
    await page.getByLabel('Address').fill(receiver.url);
    await page.getByLabel('Description').fill(description);
    await page.getByLabel(/A payment is recorded/).check();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const secretPanel = page.getByRole('region', { name: `The signing secret for ${receiver.url}` });
    const secret = await secretPanel.getByLabel('Secret').inputValue();
    expect(secret).toMatch(/^whsec_/);
    receiver.secrets = [secret];
    await checkPage(page, 'Webhooks', 'finance-webhook-secret');
    await secretPanel.getByRole('button', { name: 'I have stored it safely' }).click();

    // A billing event the endpoint asked for: a payment recorded through the API with this session.
    const csrf = (await context.cookies()).find((cookie) => cookie.name.endsWith('pt_csrf'))?.value ?? '';
    const recorded = await page.request.post(`/api/v1/platform/billing/schools/${world.school.id}/payments`, {
      headers: { 'x-csrf-token': decodeURIComponent(csrf) },
      data: {
        method: 'bank_transfer',
        reference: 'BACS webhook',
        amountPence: 500,
        receivedOn: new Date().toISOString().slice(0, 10),
      },
    });
    expect(recorded.status()).toBe(201);
    await receiver.waitFor(1, 15_000);
    const [first] = receiver.received;
    expect(first.verification).toEqual({ ok: true });
    expect(JSON.parse(first.body)).toMatchObject({ type: 'payment.recorded' });

    // The delivery is in the log (the attempt is recorded once the receiver has answered).
    await expect(async () => {
      await page.reload();
      await page.getByRole('button', { name: `Delivery log of ${description}` }).click();
      await expect(page.getByRole('table', { name: 'Delivery attempts, newest first' })).toContainText(first.id, {
        timeout: 1_000,
      });
    }).toPass({ timeout: 15_000 });
    const log = page.getByRole('table', { name: 'Delivery attempts, newest first' });
    const row = log.getByRole('row').filter({ hasText: first.id });
    await expect(row).toContainText('payment.recorded');
    await expect(row).toContainText('Delivered');
    await expect(row).toContainText('HTTP 204');
    await checkPage(page, 'Webhooks', 'finance-webhook-delivery-log');

    await row.getByRole('button', { name: `Replay message ${first.id}` }).click();
    // The replay's attempt may already be a second row for the same message by now, each with its
    // own status line: the one that answered the button is the one that says so.
    await expect(log.getByRole('status').filter({ hasText: /Queued again\./ })).toBeVisible();
    await receiver.waitFor(2, 15_000);
    const replayed = receiver.received[1];
    // The same message (the receiver's once-per-id rule applies), signed afresh with the endpoint's secret.
    expect(replayed.id).toBe(first.id);
    expect(replayed.body).toBe(first.body);
    expect(replayed.verification).toEqual({ ok: true });
    await expect(async () => {
      await page.reload();
      await page.getByRole('button', { name: `Delivery log of ${description}` }).click();
      await expect(log.getByRole('row').filter({ hasText: first.id })).toHaveCount(2, { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
  });
});
