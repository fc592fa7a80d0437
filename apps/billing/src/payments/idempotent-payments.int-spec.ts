import { MessageContext, RECORD_PAYMENT, RecordPaymentRequest } from '@pt/contracts';
import { purgeTenantRows, tenantScope, UnitOfWork } from '@pt/persistence';
import { IdempotentReplyExpiry } from '@pt/platform';
import { aPlatformUser, SchoolRef } from '@pt/testing';
import { ServiceHarness } from '@pt/testing/service-harness';
import { randomUUID } from 'node:crypto';
import { aPlan, aSubscribedSchool } from '../billing.fixtures';
import { startBillingHarness } from '../billing.harness';

describe('P28: a write carrying an Idempotency-Key is applied once, and its reply replayed to a retry (billing service)', () => {
  let billing: ServiceHarness;
  let school: SchoolRef;
  const finance = aPlatformUser({ roles: ['finance'] });
  /** The ctx a gateway sends for a write under a key (the key hashed with its caller, the request's fingerprint). */
  const keyed = (key: string, fingerprint = 'fingerprint-1'): MessageContext => ({
    ...finance,
    idempotency: { key, fingerprint },
  });
  const payment = (reference: string, amountPence = 1_500): RecordPaymentRequest => ({
    schoolId: school.id,
    method: 'bank_transfer',
    reference,
    amountPence,
    receivedOn: '2026-10-01',
  });
  const paymentsWith = async (reference: string) =>
    Number(
      (await billing.sql<{ n: string }>(`select count(*) as n from payment where reference = $1`, [reference]))[0].n,
    );
  const repliesOf = async (tenantId: string) =>
    Number(
      (
        await billing.sql<{ n: string }>(`select count(*) as n from idempotent_reply where tenant_id = $1`, [tenantId])
      )[0].n,
    );

  beforeAll(async () => {
    billing = await startBillingHarness();
    school = await aSubscribedSchool(billing, finance, { planId: await aPlan(billing, finance), endsOn: '2028-08-31' });
  });

  afterAll(async () => {
    await billing?.stop();
  });

  it('P28: the same key again (a gateway running the retry after the first one died) gets the recorded reply, and nothing is written twice', async () => {
    const key = randomUUID();
    const reference = `BACS-${key.slice(0, 8)}`;
    const first = await billing.call(RECORD_PAYMENT, payment(reference), keyed(key));
    const again = await billing.call(RECORD_PAYMENT, payment(reference), keyed(key));
    expect(again).toEqual(JSON.parse(JSON.stringify(first)));
    expect(await paymentsWith(reference)).toBe(1);
    // The reply was recorded in the payment's own transaction, under the school it belongs to.
    const [row] = await billing.sql<{ tenant_id: string; pattern: string }>(
      `select tenant_id, pattern from idempotent_reply where reply->'data'->>'id' = $1`,
      [first.id],
    );
    expect(row).toEqual({ tenant_id: school.id, pattern: RECORD_PAYMENT.subject });
  });

  it('P28: the same key with another request is 422, and writes nothing', async () => {
    const key = randomUUID();
    const reference = `BACS-${key.slice(0, 8)}`;
    await billing.call(RECORD_PAYMENT, payment(reference), keyed(key));
    const other = await billing.attempt(RECORD_PAYMENT, payment(reference, 2_000), keyed(key, 'fingerprint-2'));
    expect(other).toMatchObject({ kind: 'unprocessable', code: 'idempotency_key.reused' });
    expect(await paymentsWith(reference)).toBe(1);
  });

  it('P28: a write that failed records nothing, so the same key may run again; two deliveries at once write once', async () => {
    const key = randomUUID();
    const reference = `BACS-${key.slice(0, 8)}`;
    const refused = await billing.attempt(
      RECORD_PAYMENT,
      { ...payment(reference), invoiceId: randomUUID() },
      keyed(key),
    );
    expect(refused.code).toBe('invoice.not_found');
    const [a, b] = await Promise.all([
      billing.call(RECORD_PAYMENT, payment(reference), keyed(key)),
      billing.call(RECORD_PAYMENT, payment(reference), keyed(key)),
    ]);
    expect(a.id).toBe(b.id);
    expect(await paymentsWith(reference)).toBe(1);
  });

  it('P28: without a key every delivery is a new payment (nothing recorded)', async () => {
    const reference = `BACS-${randomUUID().slice(0, 8)}`;
    const before = await repliesOf(school.id);
    await billing.call(RECORD_PAYMENT, payment(reference), finance);
    await billing.call(RECORD_PAYMENT, payment(reference), finance);
    expect(await paymentsWith(reference)).toBe(2);
    expect(await repliesOf(school.id)).toBe(before);
  });

  it('P28: replies go after 24 hours (the expiry job; a key then runs as new) and with the school’s purge (P25)', async () => {
    const key = randomUUID();
    const reference = `BACS-${key.slice(0, 8)}`;
    await billing.call(RECORD_PAYMENT, payment(reference), keyed(key));
    await billing.sql(
      `update idempotent_reply set created_at = now() - interval '25 hours' where reply->'data'->>'reference' = $1`,
      [reference],
    );
    // Past its 24 hours and not swept yet: forgotten, the request runs as new.
    await billing.call(RECORD_PAYMENT, payment(reference), keyed(key));
    expect(await paymentsWith(reference)).toBe(2);
    await billing.sql(
      `update idempotent_reply set created_at = now() - interval '25 hours' where reply->'data'->>'reference' = $1`,
      [reference],
    );
    const expired = await billing.get(IdempotentReplyExpiry).job.runOnce();
    expect(expired).toEqual({ ran: true, value: 1 });

    expect(await repliesOf(school.id)).toBeGreaterThan(0);
    const deleted = await billing.get(UnitOfWork).run(tenantScope(school.id), (em) => purgeTenantRows(em, school.id));
    expect(deleted.idempotent_reply).toBeGreaterThan(0);
    expect(await repliesOf(school.id)).toBe(0);
  });
});
