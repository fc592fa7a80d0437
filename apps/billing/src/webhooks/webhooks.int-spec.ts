import {
  ASSESSMENT_SCHOOL_PURGE_CONFIRMED,
  AUDIT_SCHOOL_PURGE_CONFIRMED,
  CREATE_INVOICE_DRAFT,
  GET_PURGE_CERTIFICATE,
  GRACE_ACCESS_CHARGED,
  IDENTITY_SCHOOL_PURGE_CONFIRMED,
  PUPIL_RECORDS_SCHOOL_PURGE_CONFIRMED,
  RECORD_GRACE_ACCESS,
  SCHOOL_PURGE_SCHEDULED,
  SCHOOL_PURGED,
  SUBSCRIPTION_EXPIRED,
  SUBSCRIPTION_RENEWED,
  RENEW_SUBSCRIPTION,
  CREATE_WEBHOOK_ENDPOINT,
  DELETE_WEBHOOK_ENDPOINT,
  LIST_WEBHOOK_ENDPOINTS,
  EventEnvelope,
  GET_WEBHOOK_ENDPOINT,
  INVOICE_ISSUED,
  ISSUE_INVOICE,
  LIST_WEBHOOK_ATTEMPTS,
  PAYMENT_RECORDED,
  RECORD_PAYMENT,
  REPLAY_WEBHOOK_MESSAGE,
  REPLAY_WEBHOOK_RANGE,
  ROTATE_WEBHOOK_SECRET,
  UPDATE_WEBHOOK_ENDPOINT,
  WEBHOOK_ENDPOINT_DISABLED,
  WebhookEndpointWithSecret,
  WebhookEventType,
} from '@pt/contracts';
import { anEvent, aPlatformUser, aStaff, aSystemJob, SchoolRef, WebhookReceiver } from '@pt/testing';
import { ServiceHarness } from '@pt/testing/service-harness';
import { aPlan, aSubscribedSchool } from '../billing.fixtures';
import { startBillingHarness } from '../billing.harness';
import { LifecycleService } from '../lifecycle/lifecycle.service';
import { WebhookDeliveryService } from './webhook-delivery.service';

/**
 * Webhooks on the billing service (issue 14, item 8; P28): a real HTTP receiver on
 * 127.0.0.1 (the one address this deployment's allowlist names) verifies every request
 * as a finance system would. The dispatcher runs only when a test calls it, at the time
 * the test gives, so three days of retries take no time.
 */
describe('webhooks: Standard Webhooks delivery from billing events, retries, the log, replays, disabling (billing service)', () => {
  let billing: ServiceHarness;
  let dispatcher: WebhookDeliveryService;
  let planId: string;
  let school: SchoolRef;
  const receivers: WebhookReceiver[] = [];
  const finance = aPlatformUser({ roles: ['finance'] });
  const SECOND = 1000;
  const HOUR = 3_600_000;
  /** The tests' clock: the receivers check timestamps against it and the dispatcher runs at it. */
  let nowMs = Date.now();
  const dispatchAt = (ms: number) => {
    nowMs = ms;
    return dispatcher.dispatchDue(new Date(ms));
  };

  const anEndpoint = async (eventTypes: WebhookEventType[]) => {
    const receiver = await WebhookReceiver.start({ now: () => Math.floor(nowMs / 1000) });
    receivers.push(receiver);
    const endpoint = await billing.call(CREATE_WEBHOOK_ENDPOINT, { url: receiver.url, eventTypes }, finance);
    receiver.secrets = [endpoint.secret];
    return { receiver, endpoint };
  };
  /** The event the service staged last, handed to its consumers as JetStream would. */
  const relayLatest = async <T>(event: { subject: string }): Promise<EventEnvelope<T>> => {
    const staged = (await billing.staged(event as never)) as EventEnvelope<T>[];
    const latest = staged[staged.length - 1];
    await billing.deliver(latest as EventEnvelope<unknown>);
    return latest;
  };
  const issueInvoice = async (periodOn: string) => {
    const draft = await billing.call(CREATE_INVOICE_DRAFT, { schoolId: school.id, periodOn }, finance);
    const invoice = await billing.call(ISSUE_INVOICE, { schoolId: school.id, invoiceId: draft.id }, finance);
    const event = await relayLatest<{ invoiceId: string }>(INVOICE_ISSUED);
    expect(event.data.invoiceId).toBe(invoice.id);
    return { invoice, event };
  };
  const attemptsOf = async (endpoint: WebhookEndpointWithSecret, messageId?: string) =>
    (
      await billing.call(
        LIST_WEBHOOK_ATTEMPTS,
        { endpointId: endpoint.id, ...(messageId ? { messageId } : {}) },
        finance,
      )
    ).items;

  beforeAll(async () => {
    billing = await startBillingHarness({
      BILLING_WEBHOOK_ALLOWED_ADDRESSES: '127.0.0.1',
      BILLING_WEBHOOK_DISPATCH_MS: '0',
      BILLING_WEBHOOK_TIMEOUT_MS: '3000',
      BILLING_INVOICE_RUN_INTERVAL_HOURS: '0',
      BILLING_LIFECYCLE_INTERVAL_MINUTES: '0',
    });
    dispatcher = billing.get(WebhookDeliveryService);
    planId = await aPlan(billing, finance);
    school = await aSubscribedSchool(billing, finance, { planId, endsOn: '2036-08-31' });
  });

  // Each test's endpoints are deleted after it, so the next test's receivers see only their own messages.
  afterEach(async () => {
    const { items } = await billing.call(LIST_WEBHOOK_ENDPOINTS, {}, finance);
    for (const endpoint of items) await billing.call(DELETE_WEBHOOK_ENDPOINT, { endpointId: endpoint.id }, finance);
  });

  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.stop()));
    await billing?.stop();
  });

  it('P28: platform finance registers an endpoint and gets its whsec_ secret once; bad input is refused naming the field', async () => {
    const { endpoint, receiver } = await anEndpoint(['invoice.issued', 'payment.recorded']);
    expect(endpoint).toMatchObject({
      url: receiver.url,
      status: 'enabled',
      eventTypes: ['invoice.issued', 'payment.recorded'],
    });
    expect(endpoint.secret).toMatch(/^whsec_/);
    const read = await billing.call(GET_WEBHOOK_ENDPOINT, { endpointId: endpoint.id }, finance);
    expect(read).not.toHaveProperty('secret');
    expect(read.secrets).toEqual([{ id: expect.any(String), createdAt: endpoint.createdAt, expiresAt: null }]);

    const refused = await billing.attempt(
      CREATE_WEBHOOK_ENDPOINT,
      { url: receiver.url, eventTypes: ['invoice.paid' as WebhookEventType] },
      finance,
    );
    expect(refused.errors).toEqual([expect.objectContaining({ field: 'eventTypes' })]);
    expect(
      (await billing.attempt(CREATE_WEBHOOK_ENDPOINT, { url: receiver.url, eventTypes: [] }, finance)).errors,
    ).toEqual([expect.objectContaining({ field: 'eventTypes' })]);
    const missing = await billing.attempt(
      GET_WEBHOOK_ENDPOINT,
      { endpointId: '0190a3b0-0000-7000-8000-000000000000' },
      finance,
    );
    expect(missing.code).toBe('webhook_endpoint.not_found');
  });

  it.each([
    ['a loopback address the allowlist does not name', 'https://127.0.0.2/hooks'],
    ['a private address', 'https://10.0.0.5/hooks'],
    ['the cloud metadata address', 'http://169.254.169.254/latest/meta-data'],
    ['IPv6 loopback', 'https://[::1]:8443/hooks'],
    ['plain http to a public address', 'http://93.184.216.34/hooks'],
  ])('P28: refuses an endpoint at %s (400 naming url)', async (_what, url) => {
    const refused = await billing.attempt(CREATE_WEBHOOK_ENDPOINT, { url, eventTypes: ['invoice.issued'] }, finance);
    expect(refused).toMatchObject({ kind: 'validation', errors: [expect.objectContaining({ field: 'url' })] });
  });

  it('only platform finance manages webhooks: a platform admin and a school administrator are refused', async () => {
    for (const caller of [aPlatformUser({ roles: ['platform-admin'] }), aStaff(school)]) {
      const refused = await billing.attempt(
        CREATE_WEBHOOK_ENDPOINT,
        { url: 'https://93.184.216.34/', eventTypes: ['invoice.issued'] },
        caller,
      );
      expect(refused.kind).toBe('forbidden');
    }
  });

  it('P28: an issued invoice and a recorded payment reach the receiver signed, as type, timestamp and the ids and figures finance books', async () => {
    const { endpoint, receiver } = await anEndpoint(['invoice.issued', 'payment.recorded']);
    const { receiver: paymentsOnly } = await anEndpoint(['payment.recorded']);
    const { invoice, event } = await issueInvoice('2026-09-01');
    await dispatchAt(Date.now());
    expect(receiver.verified).toHaveLength(1);
    expect(receiver.received[0].id).toBe(event.id);
    expect(JSON.parse(receiver.received[0].body)).toEqual({
      type: 'invoice.issued',
      timestamp: event.occurredAt,
      data: {
        invoiceId: invoice.id,
        schoolId: school.id,
        number: invoice.number,
        issuedOn: invoice.issuedOn,
        dueOn: invoice.dueOn,
        grossPence: invoice.grossPence,
        currency: 'GBP',
      },
    });
    expect(paymentsOnly.received).toHaveLength(0);

    const payment = await billing.call(
      RECORD_PAYMENT,
      {
        schoolId: school.id,
        method: 'bank_transfer',
        reference: 'BACS 0099',
        amountPence: 10_000,
        receivedOn: '2026-10-01',
        invoiceId: invoice.id,
      },
      finance,
    );
    await relayLatest(PAYMENT_RECORDED);
    await dispatchAt(Date.now());
    for (const r of [receiver, paymentsOnly]) {
      expect(r.verified.map((m) => JSON.parse(m.body).type)).toContain('payment.recorded');
    }
    expect(JSON.parse(paymentsOnly.verified[0].body).data).toEqual({
      paymentId: payment.id,
      schoolId: school.id,
      amountPence: 10_000,
      receivedOn: '2026-10-01',
      method: 'bank_transfer',
      reference: 'BACS 0099',
      allocations: [{ invoiceId: invoice.id, invoiceNumber: invoice.number, amountPence: 10_000 }],
      unallocatedPence: 0,
      currency: 'GBP',
    });
    const log = await attemptsOf(endpoint);
    expect(log.map((a) => [a.eventType, a.outcome, a.responseStatus])).toEqual([
      ['payment.recorded', 'succeeded', 204],
      ['invoice.issued', 'succeeded', 204],
    ]);
    // A redelivered event (JetStream after a crash) makes no second message.
    expect(await billing.deliver(event as EventEnvelope<unknown>)).toEqual(['duplicate']);
  });

  it('P28: a renewal reaches finance as subscription.renewed, with the new term', async () => {
    const { receiver } = await anEndpoint(['subscription.renewed']);
    const renewing = await aSubscribedSchool(billing, finance, { planId, endsOn: '2036-08-31' });
    const renewed = await billing.call(
      RENEW_SUBSCRIPTION,
      { schoolId: renewing.id, endsOn: '2037-08-31', pupils: 100 },
      finance,
    );
    const event = await relayLatest<{ schoolId: string; subscriptionId: string }>(SUBSCRIPTION_RENEWED);
    expect(event.data).toEqual({ schoolId: renewing.id, subscriptionId: renewed.subscription.id });
    await dispatchAt(Date.now());
    expect(receiver.verified.map((m) => JSON.parse(m.body))).toEqual([
      {
        type: 'subscription.renewed',
        timestamp: event.occurredAt,
        data: {
          schoolId: renewing.id,
          subscriptionId: renewed.subscription.id,
          planId,
          startsOn: '2036-09-01',
          endsOn: '2037-08-31',
        },
      },
    ]);
  });

  it('P28: a failing receiver sees retries after 5 s, 5 min and 30 min under the same webhook-id, and the log keeps every attempt', async () => {
    const { endpoint, receiver } = await anEndpoint(['invoice.issued']);
    receiver.answerNext(500, 503, 500);
    const { event } = await issueInvoice('2027-09-01');
    const t0 = Date.now();
    expect(await dispatchAt(t0)).toBe(1);
    expect(await dispatchAt(t0 + 4 * SECOND)).toBe(0);
    expect(await dispatchAt(t0 + 5 * SECOND)).toBe(1);
    expect(await dispatchAt(t0 + 5 * SECOND + 4 * 60 * SECOND)).toBe(0);
    expect(await dispatchAt(t0 + 5 * SECOND + 5 * 60 * SECOND)).toBe(1);
    expect(await dispatchAt(t0 + 5 * SECOND + 35 * 60 * SECOND)).toBe(1);
    expect(await dispatchAt(t0 + 10 * HOUR)).toBe(0);
    expect(receiver.received.map((r) => [r.id, r.status])).toEqual([
      [event.id, 500],
      [event.id, 503],
      [event.id, 500],
      [event.id, 204],
    ]);
    expect(receiver.verified).toHaveLength(4);
    expect(receiver.effects.size).toBe(1);
    const log = await attemptsOf(endpoint);
    expect(log.map((a) => [a.outcome, a.responseStatus, a.responseBody])).toEqual([
      ['succeeded', 204, ''],
      ['failed', 500, 'refused 500'],
      ['failed', 503, 'refused 503'],
      ['failed', 500, 'refused 500'],
    ]);
    expect(log.every((a) => a.messageId === event.id && a.latencyMs >= 0 && a.error === null)).toBe(true);
    const page = await billing.call(LIST_WEBHOOK_ATTEMPTS, { endpointId: endpoint.id, limit: 3 }, finance);
    const rest = await billing.call(
      LIST_WEBHOOK_ATTEMPTS,
      { endpointId: endpoint.id, limit: 3, cursor: page.nextCursor! },
      finance,
    );
    expect([...page.items, ...rest.items].map((a) => a.id)).toEqual(log.map((a) => a.id));
    expect(rest.nextCursor).toBeNull();
    expect((await billing.call(GET_WEBHOOK_ENDPOINT, { endpointId: endpoint.id }, finance)).failingSince).toBeNull();
  });

  it('P28: replaying a message, or a time range, sends the same webhook-id again, and the receiver applies it once', async () => {
    const { endpoint, receiver } = await anEndpoint(['invoice.issued']);
    const { event } = await issueInvoice('2028-09-01');
    await dispatchAt(Date.now());
    expect(receiver.effects.size).toBe(1);

    expect(
      await billing.call(REPLAY_WEBHOOK_MESSAGE, { endpointId: endpoint.id, messageId: event.id }, finance),
    ).toEqual({ queued: 1 });
    await dispatchAt(Date.now());
    const since = new Date(Date.parse(event.occurredAt) - 60 * SECOND).toISOString();
    const until = new Date(Date.now() + 60 * SECOND).toISOString();
    const range = await billing.call(REPLAY_WEBHOOK_RANGE, { endpointId: endpoint.id, since, until }, finance);
    // Every invoice issued in the range, including those issued before this endpoint existed.
    expect(range.queued).toBeGreaterThanOrEqual(1);
    await dispatchAt(Date.now());
    expect(receiver.verified.filter((r) => r.id === event.id).length).toBe(3);
    expect(new Set(receiver.verified.map((r) => r.body)).size).toBe(receiver.effects.size);
    expect(receiver.effects.size).toBe(range.queued);
    expect(
      await billing.call(REPLAY_WEBHOOK_RANGE, { endpointId: endpoint.id, since, until, failedOnly: true }, finance),
    ).toEqual({
      queued: 0,
    });
    const badRange = await billing.attempt(
      REPLAY_WEBHOOK_RANGE,
      { endpointId: endpoint.id, since: until, until: since },
      finance,
    );
    expect(badRange.errors).toEqual([expect.objectContaining({ field: 'until' })]);
    const unknown = await billing.attempt(
      REPLAY_WEBHOOK_MESSAGE,
      { endpointId: endpoint.id, messageId: '0190a3b0-0000-7000-8000-000000000000' },
      finance,
    );
    expect(unknown.code).toBe('webhook_message.not_found');
  });

  it('P28: secrets are stored sealed under KEY_ENCRYPTION_KEY, never in the clear and still sign; one left in the clear by an older version signs too', async () => {
    const { endpoint, receiver } = await anEndpoint(['invoice.issued']);
    const [stored] = await billing.sql<{ id: string; secret: string }>(
      'select id, secret from webhook_secret where endpoint_id = $1',
      [endpoint.id],
    );
    expect(stored.secret).toMatch(/^v1\./);
    expect(stored.secret).not.toContain(endpoint.secret.slice('whsec_'.length));
    const { receiver: legacy, endpoint: old } = await anEndpoint(['invoice.issued']);
    await billing.sql('update webhook_secret set secret = $1 where endpoint_id = $2', [old.secret, old.id]);
    await issueInvoice('2035-09-01');
    await dispatchAt(Date.now());
    expect(receiver.verified).toHaveLength(1);
    expect(legacy.verified).toHaveLength(1);
  });

  it('P28: during a rotation both secrets sign; after the overlap only the new one does', async () => {
    const { endpoint, receiver } = await anEndpoint(['invoice.issued']);
    const rotated = await billing.call(ROTATE_WEBHOOK_SECRET, { endpointId: endpoint.id, overlapHours: 1 }, finance);
    expect(rotated.secret).not.toBe(endpoint.secret);
    expect(rotated.secrets.map((s) => s.expiresAt === null)).toEqual([false, true]);
    await issueInvoice('2029-09-01');
    await dispatchAt(Date.now());
    const during = receiver.received[receiver.received.length - 1];
    expect(during.signature.split(' ')).toHaveLength(2);
    expect(during.verification.ok).toBe(true); // with the old secret alone

    receiver.secrets = [endpoint.secret]; // a receiver that never took the new secret
    const { event } = await issueInvoice('2030-09-01');
    const afterOverlap = Date.now() + 2 * HOUR;
    await dispatchAt(afterOverlap);
    const after = receiver.received[receiver.received.length - 1];
    expect(after.id).toBe(event.id);
    expect(after.signature.split(' ')).toHaveLength(1);
    expect(after.verification).toEqual({ ok: false, reason: 'no_matching_signature' });
    receiver.secrets = [rotated.secret];
    await dispatchAt(afterOverlap + 5 * SECOND);
    expect(receiver.received[receiver.received.length - 1]).toMatchObject({ id: event.id, verification: { ok: true } });
  });

  it('P28: an endpoint failing every attempt for 3 days is disabled with a notice; one answering 410 Gone at once', async () => {
    const { endpoint, receiver } = await anEndpoint(['invoice.issued']);
    const { endpoint: gone, receiver: goneReceiver } = await anEndpoint(['invoice.issued']);
    receiver.answerNext(...Array<number>(20).fill(500));
    goneReceiver.answerNext(410);
    await issueInvoice('2031-09-01');
    const t0 = Date.now();
    let at = t0;
    for (let i = 0; i < 12; i++) {
      await dispatchAt(at);
      at += 24 * HOUR;
    }
    expect(goneReceiver.received).toHaveLength(1);
    expect(await billing.call(GET_WEBHOOK_ENDPOINT, { endpointId: gone.id }, finance)).toMatchObject({
      status: 'disabled',
      disabledReason: 'gone',
    });
    const failing = await billing.call(GET_WEBHOOK_ENDPOINT, { endpointId: endpoint.id }, finance);
    expect(failing).toMatchObject({ status: 'disabled', disabledReason: 'failing' });
    expect(Date.parse(failing.disabledAt!) - t0).toBeGreaterThanOrEqual(72 * HOUR);
    const notices = (await billing.staged(WEBHOOK_ENDPOINT_DISABLED)).map((e) => e.data);
    expect(notices).toEqual(
      expect.arrayContaining([
        { endpointId: endpoint.id, reason: 'failing' },
        { endpointId: gone.id, reason: 'gone' },
      ]),
    );
    const tried = receiver.received.length;
    await issueInvoice('2032-09-01');
    await dispatchAt(at);
    expect(receiver.received).toHaveLength(tried);

    // Enabled again by finance: it takes messages again.
    await billing.call(UPDATE_WEBHOOK_ENDPOINT, { endpointId: endpoint.id, enabled: true }, finance);
    await billing.call(
      REPLAY_WEBHOOK_RANGE,
      {
        endpointId: endpoint.id,
        since: new Date(t0 - HOUR).toISOString(),
        until: new Date(at).toISOString(),
        failedOnly: true,
      },
      finance,
    );
    receiver.answerNext();
    await dispatchAt(at + SECOND);
    expect(receiver.received.length).toBeGreaterThan(tried);
  });

  it('P28: a URL that resolves to an internal address when sent is refused before any connection, and logged', async () => {
    const { endpoint } = await anEndpoint(['invoice.issued']);
    // As if its DNS now answered a private address (registration checked the old one).
    await billing.sql(`update webhook_endpoint set url = 'https://10.255.255.1/hooks' where id = $1`, [endpoint.id]);
    await issueInvoice('2033-09-01');
    await dispatchAt(Date.now());
    const [attempt] = await attemptsOf(endpoint);
    expect(attempt).toMatchObject({
      outcome: 'failed',
      responseStatus: null,
      error: 'address_not_allowed',
      latencyMs: 0,
    });
  });
  it("P28, P27: the lifecycle's events reach finance (expired, purge scheduled, each grace charge, purged); at the end of retention the school's messages go", async () => {
    const { receiver } = await anEndpoint([
      'subscription.expired',
      'subscription.grace_access_charged',
      'school.purge_scheduled',
      'school.purged',
    ]);
    const lifecycle = billing.get(LifecycleService);
    const ending = await aSubscribedSchool(billing, finance, { planId, startsOn: '2026-09-01', endsOn: '2027-08-31' });
    const relayOf = async (...events: { subject: string }[]) => {
      const subjects = events.map((e) => e.subject);
      for (const event of await billing.staged()) {
        if (event.tenantId === ending.id && subjects.includes(event.subject)) await billing.deliver(event);
      }
    };
    await lifecycle.runAt(new Date('2027-09-01T06:00:00Z'));
    const charge = await billing.call(
      RECORD_GRACE_ACCESS,
      { schoolId: ending.id, resource: 'GET /api/v1/pupils' },
      aSystemJob(),
    );
    await lifecycle.runAt(new Date('2028-03-02T06:00:00Z'));
    const { purgeId } = await billing.call(GET_PURGE_CERTIFICATE, { schoolId: ending.id }, finance);
    for (const confirmed of [
      IDENTITY_SCHOOL_PURGE_CONFIRMED,
      PUPIL_RECORDS_SCHOOL_PURGE_CONFIRMED,
      ASSESSMENT_SCHOOL_PURGE_CONFIRMED,
      AUDIT_SCHOOL_PURGE_CONFIRMED,
    ]) {
      await billing.deliver(
        anEvent(confirmed, { schoolId: ending.id, purgeId, deleted: { t: 1 } }, aSystemJob(ending)),
      );
    }
    await relayOf(SUBSCRIPTION_EXPIRED, SCHOOL_PURGE_SCHEDULED, GRACE_ACCESS_CHARGED, SCHOOL_PURGED);
    await dispatchAt(Date.now());
    // One round sends the four at once, each on its own connection: they may arrive in any order.
    const types = [
      'subscription.expired',
      'school.purge_scheduled',
      'subscription.grace_access_charged',
      'school.purged',
    ];
    const payloads = receiver.verified
      .map((r) => JSON.parse(r.body))
      .sort((a, b) => types.indexOf(a.type) - types.indexOf(b.type));
    expect(payloads.map((p) => p.type)).toEqual(types);
    expect(payloads[0].data).toEqual({
      schoolId: ending.id,
      subscriptionId: expect.any(String),
      endedOn: '2027-08-31',
      purgeDueOn: '2028-03-01',
    });
    expect(payloads[1].data).toEqual({
      schoolId: ending.id,
      purgeId,
      purgeDueOn: '2028-03-01',
      financialRecordsKeptUntil: expect.any(String),
    });
    expect(payloads[2].data).toEqual({
      schoolId: ending.id,
      chargeId: charge.id,
      chargedAt: expect.any(String),
      netPence: charge.netPence,
      vatRateBasisPoints: 2000,
      vatPence: charge.vatPence,
      grossPence: charge.grossPence,
      currency: 'GBP',
    });
    expect(payloads[3].data).toEqual({ schoolId: ending.id, purgeId, completedAt: expect.any(String) });

    // P27: the messages carry invoice numbers and amounts, so they go with the school's financial
    // records when their retention ends, deliveries and attempts too; another school's stay.
    await anEndpoint(['invoice.issued']);
    await issueInvoice('2034-09-01');
    await dispatchAt(Date.now());
    const webhookRowsOf = (schoolId: string) =>
      billing.sql<{ messages: string; deliveries: string; attempts: string }>(
        `select (select count(*) from webhook_message where school_id = $1) as messages,
                (select count(*) from webhook_delivery d join webhook_message m on m.id = d.message_id
                  where m.school_id = $1) as deliveries,
                (select count(*) from webhook_attempt a join webhook_message m on m.id = a.message_id
                  where m.school_id = $1) as attempts`,
        [schoolId],
      );
    expect(await webhookRowsOf(ending.id)).toEqual([{ messages: '4', deliveries: '4', attempts: '4' }]);
    const [another] = await webhookRowsOf(school.id);
    expect(Number(another.attempts)).toBeGreaterThan(0);
    const { financialRecordsKeptUntil } = await billing.call(GET_PURGE_CERTIFICATE, { schoolId: ending.id }, finance);
    expect(financialRecordsKeptUntil).toBe('2034-03-31');
    await lifecycle.runAt(new Date('2034-03-31T06:00:00Z'));
    expect(await webhookRowsOf(ending.id)).toEqual([{ messages: '4', deliveries: '4', attempts: '4' }]);
    await lifecycle.runAt(new Date('2034-04-01T06:00:00Z'));
    expect(await webhookRowsOf(ending.id)).toEqual([{ messages: '0', deliveries: '0', attempts: '0' }]);
    expect(await webhookRowsOf(school.id)).toEqual([another]);
  });
});
