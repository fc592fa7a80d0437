import {
  BEGIN_IDEMPOTENT_REQUEST,
  FINANCE_LIST_INVOICES,
  FinanceApiKeyView,
  FinanceInvoicePage,
  InvoiceView,
  IssuedFinanceApiKey,
  PlanView,
} from '@pt/contracts';
import { Staff, World } from '@pt/testing';
import { randomUUID } from 'node:crypto';
import {
  idempotencyCallerOf,
  idempotencyKeyHash,
  requestFingerprint,
} from '../apps/gateway/src/idempotency/idempotency-key';

/** The finance API (issue 14 item 7, P28) through the gateway: keys, scopes, rate, lists. */
describe('P28: finance systems reach invoices through the finance API with scoped, rotatable, rate-limited keys', () => {
  let world: World;
  let finance: Staff;
  let invoice: InvoiceView;
  let payments: string;
  const RATE_LIMIT = 12;
  const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString();

  const makeKey = async (scopes: string[], expiresAt = inAWeek()) => {
    const made = await world.call(finance, 'POST', '/api/v1/platform/finance-api-keys', {
      name: `sync ${randomUUID().slice(0, 6)}`,
      scopes,
      expiresAt,
    });
    expect(made.status).toBe(201);
    return made.body as IssuedFinanceApiKey;
  };

  beforeAll(async () => {
    world = await World.start({
      label: 'financeapi',
      processes: ['gateway', 'identity', 'billing'],
      envFor: { identity: { FINANCE_API_RATE_LIMIT: String(RATE_LIMIT), FINANCE_API_RATE_WINDOW_SECONDS: '60' } },
    });
    finance = await world.staff(null, ['finance']);
    const plan = (
      await world.call(finance, 'POST', '/api/v1/platform/billing/plans', {
        code: `fin-${randomUUID().slice(0, 8)}`,
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
    const subscription = `/api/v1/platform/billing/schools/${school.id}/subscription`;
    await world.until(
      async () => {
        const reply = await world.call(finance, 'POST', subscription, {
          planId: plan.id,
          startsOn: '2026-09-01',
          endsOn: '2027-08-31',
          pupils: 100,
          billingContactEmail: 'bursar@trust.example',
          legalEntity: {
            kind: 'la_school',
            name: 'Testbury Primary School',
            address: { line1: 'County Hall', town: 'Testbury', postcode: 'TE1 1ST' },
          },
        });
        return reply.status === 201;
      },
      15_000,
      200,
    );
    payments = `/api/v1/platform/billing/schools/${school.id}/payments`;
    const invoices = `/api/v1/platform/billing/schools/${school.id}/invoices`;
    const draft = (await world.call(finance, 'POST', invoices, {})).body as InvoiceView;
    invoice = (await world.call(finance, 'POST', `${invoices}/${draft.id}/issue`)).body as InvoiceView;
    expect(invoice.status).toBe('issued');
  });

  afterAll(async () => {
    await world?.stop();
  });

  it('P28: a key is shown once with a recognisable prefix and checksum, stored only as a hash, listed by its last four', async () => {
    const key = await makeKey(['invoices:read']);
    expect(key.key).toMatch(/^ptfin_[0-9A-Za-z]{38}$/);
    expect(key).toMatchObject({ scopes: ['invoices:read'], lastFour: key.key.slice(-4), active: true });
    const stored = await world.sql('identity', 'select * from finance_api_key where id = $1', [key.id]);
    expect(JSON.stringify(stored)).not.toContain(key.key);
    const listed = (await world.call(finance, 'GET', '/api/v1/platform/finance-api-keys')).body as {
      items: FinanceApiKeyView[];
    };
    const mine = listed.items.find((item) => item.id === key.id);
    expect(mine).toMatchObject({ lastFour: key.key.slice(-4) });
    expect(JSON.stringify(listed)).not.toContain(key.key);
  });

  it('P28: a key with the scope lists invoices, with RateLimit-Policy and RateLimit headers', async () => {
    const key = await makeKey(['invoices:read']);
    const page = await world.call(key.key, 'GET', '/api/v1/finance/invoices?limit=200');
    expect(page.status).toBe(200);
    expect((page.body as FinanceInvoicePage).items.map((item) => item.id)).toContain(invoice.id);
    expect(page.headers.get('ratelimit-policy')).toBe(`"per-key";q=${RATE_LIMIT};w=60`);
    expect(page.headers.get('ratelimit')).toMatch(new RegExp(`^"per-key";r=${RATE_LIMIT - 1};t=\\d+$`));
  });

  it('P28: a key without the route’s scope gets 403 problem+json, and keys reach no route outside the finance API', async () => {
    const key = await makeKey(['payments:read']);
    const refused = await world.call(key.key, 'GET', '/api/v1/finance/invoices');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ code: 'permission_denied', missing: ['invoices:read'] });

    const everything = await makeKey(['invoices:read', 'payments:read', 'payments:write', 'webhooks:manage']);
    for (const path of ['/api/v1/me', '/api/v1/platform/finance-api-keys', '/api/v1/platform/billing/aged-debt']) {
      const elsewhere = await world.call(everything.key, 'GET', path);
      expect({ path, status: elsewhere.status, code: elsewhere.body.code }).toEqual({
        path,
        status: 403,
        code: 'api_key.route_not_allowed',
      });
    }
  });

  it('P28: the bus handler checks the scope too: a platform user without it is refused where the data is', async () => {
    const actor = {
      id: randomUUID(),
      kind: 'platform' as const,
      roles: ['finance'],
      permissions: ['billing:invoices'],
    };
    const refused = await world.send(FINANCE_LIST_INVOICES, {}, { actor }).then(
      () => null,
      (error: { code?: string }) => error.code,
    );
    expect(refused).toBe('permission_denied');
  });

  it('P28: a mistyped key fails its checksum, an unknown or revoked key is refused with 401', async () => {
    const key = await makeKey(['invoices:read']);
    const typo = key.key.slice(0, 10) + (key.key[10] === 'a' ? 'b' : 'a') + key.key.slice(11);
    expect((await world.call(typo, 'GET', '/api/v1/finance/invoices')).body.code).toBe('api_key.invalid');

    expect((await world.call(key.key, 'GET', '/api/v1/finance/invoices')).status).toBe(200);
    const revoked = await world.call(finance, 'DELETE', `/api/v1/platform/finance-api-keys/${key.id}`);
    expect(revoked.body).toMatchObject({ active: false });
    const after = await world.call(key.key, 'GET', '/api/v1/finance/invoices');
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('api_key.invalid');
  });

  it('P28: over its rate a key gets 429 with Retry-After, and other keys are not held back', async () => {
    const key = await makeKey(['invoices:read']);
    const statuses: number[] = [];
    let last;
    for (let i = 0; i <= RATE_LIMIT; i++) {
      last = await world.call(key.key, 'GET', '/api/v1/finance/invoices?limit=1');
      statuses.push(last.status);
    }
    expect(statuses.filter((status) => status === 200)).toHaveLength(RATE_LIMIT);
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(last!.headers.get('ratelimit')).toMatch(/^"per-key";r=0;t=\d+$/);
    expect(last!.body.code).toBe('api_key.rate_limited');
    const other = await makeKey(['invoices:read']);
    expect((await world.call(other.key, 'GET', '/api/v1/finance/invoices?limit=1')).status).toBe(200);
  });

  it('P28: lists page by cursor and updated_since', async () => {
    const key = await makeKey(['invoices:read']);
    const since = encodeURIComponent(invoice.updatedAt);
    const first = (await world.call(key.key, 'GET', `/api/v1/finance/invoices?updated_since=${since}&limit=1`))
      .body as FinanceInvoicePage;
    expect(first.items.map((item) => item.id)).toEqual([invoice.id]);
    const later = encodeURIComponent(new Date(Date.parse(invoice.updatedAt) + 1).toISOString());
    const none = (await world.call(key.key, 'GET', `/api/v1/finance/invoices?updated_since=${later}`))
      .body as FinanceInvoicePage;
    expect(none.items.map((item) => item.id)).not.toContain(invoice.id);
    const bad = await world.call(key.key, 'GET', '/api/v1/finance/invoices?cursor=nope');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('cursor');
  });

  it('P28, P26: credit notes, payments, subscriptions and grace charges are listed too, each behind its scope', async () => {
    const reader = await makeKey(['invoices:read']);
    const payer = await makeKey(['payments:read']);
    for (const path of [
      '/api/v1/finance/credit-notes',
      '/api/v1/finance/subscriptions',
      '/api/v1/finance/grace-charges',
    ]) {
      const page = await world.call(reader.key, 'GET', `${path}?limit=1`);
      expect({ path, status: page.status }).toEqual({ path, status: 200 });
      expect(page.body).toHaveProperty('nextCursor');
    }
    const subscriptions = await world.call(reader.key, 'GET', '/api/v1/finance/subscriptions?limit=200');
    expect(subscriptions.body.items.map((item: { schoolId: string }) => item.schoolId)).toContain(invoice.schoolId);
    expect((await world.call(reader.key, 'GET', '/api/v1/finance/payments')).status).toBe(403);
    const payments = await world.call(payer.key, 'GET', '/api/v1/finance/payments?limit=5');
    expect(payments.status).toBe(200);
    expect((await world.call(payer.key, 'GET', '/api/v1/finance/credit-notes')).status).toBe(403);
    expect((await world.call(payer.key, 'GET', '/api/v1/finance/grace-charges')).status).toBe(403);
  });

  it('P28: the subscriptions list names the billing contact (personal data) only to a key with payments:write', async () => {
    const readerOnly = await makeKey(['invoices:read']);
    const collector = await makeKey(['invoices:read', 'payments:write']);
    const path = '/api/v1/finance/subscriptions?limit=100';
    const ours = (reply: { body: { items: Record<string, unknown>[] } }) =>
      reply.body.items.find((item) => item.schoolId === invoice.schoolId)!;
    const minimised = ours(await world.call(readerOnly.key, 'GET', path));
    expect(minimised).toMatchObject({ schoolId: invoice.schoolId, legalEntity: expect.anything() });
    expect(minimised).not.toHaveProperty('billingContactEmail');
    expect(ours(await world.call(collector.key, 'GET', path))).toMatchObject({
      billingContactEmail: 'bursar@trust.example',
    });
  });

  it('P28: a key downloads the period’s invoices as a Xero import CSV', async () => {
    const key = await makeKey(['invoices:read']);
    const day = invoice.issuedOn!;
    const file = await world.call(key.key, 'GET', `/api/v1/finance/exports/xero?from=${day}&to=${day}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('text/csv');
    expect(file.headers.get('content-disposition')).toContain(`invoices-xero-${day}-to-${day}.csv`);
    expect(file.text.split('\r\n')[0]).toMatch(/^\*ContactName,/);
    expect(file.text).toContain(invoice.number!);
    const unknown = await world.call(key.key, 'GET', `/api/v1/finance/exports/sage?from=${day}&to=${day}`);
    expect(unknown.status).toBe(400);
  });

  it('P28: a payments:write key records a payment, and its retry with the same Idempotency-Key records nothing twice', async () => {
    const writer = await makeKey(['payments:write']);
    const reader = await makeKey(['payments:read']);
    const reference = `FEED-${randomUUID().slice(0, 8)}`;
    const path = `/api/v1/finance/schools/${invoice.schoolId}/payments`;
    const body = { method: 'bank_transfer', reference, amountPence: 500, receivedOn: '2026-10-02' };
    const headers = { headers: { 'Idempotency-Key': `"${randomUUID()}"` } };
    const first = await world.call(writer.key, 'POST', path, body, headers);
    expect(first.status).toBe(201);
    const retry = await world.call(writer.key, 'POST', path, body, headers);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await world.sql('billing', 'select id from payment where reference = $1', [reference])).toHaveLength(1);
    expect((await world.call(reader.key, 'POST', path, body)).status).toBe(403);
  });

  it('P28: rotation gives a new key while the old one works until the overlap ends; an expired key is refused', async () => {
    const old = await makeKey(['invoices:read']);
    const overlapEnds = new Date(Date.now() + 3600_000).toISOString();
    const rotated = await world.call(finance, 'POST', `/api/v1/platform/finance-api-keys/${old.id}/rotations`, {
      oldKeyExpiresAt: overlapEnds,
    });
    expect(rotated.status).toBe(201);
    const fresh = rotated.body as IssuedFinanceApiKey;
    expect(fresh.key).not.toBe(old.key);
    expect(fresh.scopes).toEqual(['invoices:read']);
    expect((await world.call(old.key, 'GET', '/api/v1/finance/invoices?limit=1')).status).toBe(200);
    expect((await world.call(fresh.key, 'GET', '/api/v1/finance/invoices?limit=1')).status).toBe(200);
    const again = await world.call(finance, 'POST', `/api/v1/platform/finance-api-keys/${old.id}/rotations`, {
      oldKeyExpiresAt: overlapEnds,
    });
    expect(again.status).toBe(409);

    await world.setClock(2 * 3600_000);
    try {
      expect((await world.call(old.key, 'GET', '/api/v1/finance/invoices?limit=1')).status).toBe(401);
      expect((await world.call(fresh.key, 'GET', '/api/v1/finance/invoices?limit=1')).status).toBe(200);
      await world.setClock(8 * 86_400_000);
      expect((await world.call(fresh.key, 'GET', '/api/v1/finance/invoices?limit=1')).status).toBe(401);
    } finally {
      await world.setClock(0);
    }
  });

  it('refuses a key made with a scope that does not exist, or already expired, naming the field', async () => {
    const made = await world.call(finance, 'POST', '/api/v1/platform/finance-api-keys', {
      name: 'x',
      scopes: ['pupils:read'],
      expiresAt: inAWeek(),
    });
    expect(made.status).toBe(400);
    expect(made.body.errors[0].field).toBe('scopes');
    const past = await world.call(finance, 'POST', '/api/v1/platform/finance-api-keys', {
      name: 'x',
      scopes: ['invoices:read'],
      expiresAt: new Date(Date.now() - 1000).toISOString(),
    });
    expect(past.status).toBe(400);
    expect(past.body.errors[0].field).toBe('expiresAt');
  });

  describe('P28: Idempotency-Key on every write (a payment recorded by platform finance here)', () => {
    const payment = (reference: string, amountPence = 1000) => ({
      method: 'bank_transfer',
      reference,
      amountPence,
      receivedOn: '2026-10-01',
    });
    const withKey = (key: string) => ({ headers: { 'Idempotency-Key': `"${key}"` } });
    const paymentsWith = (reference: string) =>
      world.sql('billing', 'select id from payment where reference = $1', [reference]);

    it('P28: the same key and body replays the first answer without doing it again', async () => {
      const key = randomUUID();
      const reference = `BACS-${randomUUID().slice(0, 8)}`;
      const first = await world.call(finance, 'POST', payments, payment(reference), withKey(key));
      expect(first.status).toBe(201);
      const again = await world.call(finance, 'POST', payments, payment(reference), withKey(key));
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(await paymentsWith(reference)).toHaveLength(1);
    });

    it('P28: the same key with another body is 422', async () => {
      const key = randomUUID();
      const reference = `BACS-${randomUUID().slice(0, 8)}`;
      expect((await world.call(finance, 'POST', payments, payment(reference), withKey(key))).status).toBe(201);
      const other = await world.call(finance, 'POST', payments, payment(reference, 2000), withKey(key));
      expect(other.status).toBe(422);
      expect(other.headers.get('content-type')).toContain('application/problem+json');
      expect(other.body.code).toBe('idempotency_key.reused');
      expect(await paymentsWith(reference)).toHaveLength(1);
    });

    it('P28: while the first request with the key is in flight, a retry is 409', async () => {
      const key = randomUUID();
      const reference = `BACS-${randomUUID().slice(0, 8)}`;
      // The first request as a gateway replica holds it while its service works on it.
      const held = await world.send(
        BEGIN_IDEMPOTENT_REQUEST,
        {
          caller: idempotencyCallerOf({
            userId: finance.id,
            sessionId: '',
            tenantId: null,
            actorKind: 'platform',
            roles: [],
            permissions: [],
            classGroupIds: null,
          }),
          keyHash: idempotencyKeyHash(key),
          fingerprint: requestFingerprint('POST', payments, payment(reference)),
          owner: 'another-gateway',
          leaseSeconds: 60,
        },
        { actor: { id: null, kind: 'system', roles: [] } },
      );
      expect(held.outcome).toBe('proceed');
      const retry = await world.call(finance, 'POST', payments, payment(reference), withKey(key));
      expect(retry.status).toBe(409);
      expect(retry.body.code).toBe('idempotency_key.in_flight');
      expect(await paymentsWith(reference)).toHaveLength(0);
    });

    it('P28: after 24 hours the key is forgotten, and the request runs again', async () => {
      const key = randomUUID();
      const reference = `BACS-${randomUUID().slice(0, 8)}`;
      expect((await world.call(finance, 'POST', payments, payment(reference), withKey(key))).status).toBe(201);
      await world.sql(
        'identity',
        `update idempotency_record set expires_at = now() - interval '1 second' where key_hash = $1`,
        [idempotencyKeyHash(key)],
      );
      // And billing's record of the reply, kept with the payment for as long.
      await world.sql('billing', `update idempotent_reply set created_at = now() - interval '25 hours'`);
      const later = await world.call(finance, 'POST', payments, payment(reference), withKey(key));
      expect(later.status).toBe(201);
      expect(later.headers.get('idempotent-replayed')).toBeNull();
      expect(await paymentsWith(reference)).toHaveLength(2);
    });

    it('P28: a request refused as bad input keeps nothing, so the corrected request may use the key', async () => {
      const key = randomUUID();
      const reference = `BACS-${randomUUID().slice(0, 8)}`;
      const bad = await world.call(finance, 'POST', payments, { ...payment(reference), amountPence: -5 }, withKey(key));
      expect(bad.status).toBe(400);
      const good = await world.call(finance, 'POST', payments, payment(reference), withKey(key));
      expect(good.status).toBe(201);
    });

    it('P28: keys are per caller, and a malformed key is 400 naming the header', async () => {
      const key = randomUUID();
      const reference = `BACS-${randomUUID().slice(0, 8)}`;
      const colleague = await world.staff(null, ['finance']);
      expect((await world.call(finance, 'POST', payments, payment(reference), withKey(key))).status).toBe(201);
      const theirs = await world.call(colleague, 'POST', payments, payment(reference), withKey(key));
      expect(theirs.status).toBe(201);
      expect(theirs.headers.get('idempotent-replayed')).toBeNull();
      const malformed = await world.call(finance, 'POST', payments, payment(reference), {
        headers: { 'Idempotency-Key': '"unterminated' },
      });
      expect(malformed.status).toBe(400);
      expect(malformed.body.errors[0].field).toBe('Idempotency-Key');
    });
  });
});
