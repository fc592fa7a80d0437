import { RightsRequestView } from '@pt/contracts';
import { insertStaffUser, signInThroughGateway, TestStack } from '@pt/testing';
import { randomUUID } from 'node:crypto';
import { gatewayCaller, Reply } from './audit-support';

const ADMIN = { login: 'rights.admin@platform.test', password: 'Rights-Admin-Pass-1' };
const DAY_MS = 86_400_000;

/** A UTC calendar date `days` from today. */
const dayFromToday = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);

describe('P21, P22: the rights register records requests with their ICO due dates', () => {
  let stack: TestStack;
  let call: (method: string, path: string, token: string, body?: unknown) => Promise<Reply>;
  let adminToken: string;
  const schools: string[] = [];
  const heads: string[] = [];
  let teacherToken: string;

  const createSchool = async (n: number) =>
    (
      await call('POST', '/api/v1/platform/schools', adminToken, {
        name: `Rights School ${n}`,
        laCode: '994',
        establishmentNumber: String(5000 + n),
        address: { line1: '1 Lane', town: 'Town', postcode: 'TE1 1ST' },
        contact: { name: 'Office', email: 'office@rights.test' },
      })
    ).body.id as string;

  const request = (overrides: Record<string, unknown> = {}) => ({
    kind: 'access',
    subject: { type: 'pupil', id: randomUUID() },
    requestedBy: { type: 'parent', id: randomUUID() },
    receivedOn: dayFromToday(0),
    notes: 'Asked at the school office by a parent',
    ...overrides,
  });

  const record = async (token: string, overrides: Record<string, unknown> = {}) => {
    const reply = await call('POST', '/api/v1/rights-requests', token, request(overrides));
    expect(reply.status).toBe(201);
    return reply.body as RightsRequestView;
  };

  /** P21: a request about a pupil or a parent is completed as done only after the identity check. */
  const checkIdentity = async (requestId: string) => {
    const reply = await call('POST', `/api/v1/rights-requests/${requestId}/identity-check`, heads[0], {
      method: 'known-to-staff',
    });
    expect(reply.status).toBe(200);
  };

  beforeAll(async () => {
    stack = await TestStack.start({
      label: 'rights',
      processes: ['gateway', 'identity', 'audit'],
      envFor: { identity: { BOOTSTRAP_ADMIN_EMAIL: ADMIN.login, BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password } },
    });
    call = gatewayCaller(stack);
    adminToken = await signInThroughGateway(stack, ADMIN.login, ADMIN.password);
    for (let n = 1; n <= 2; n++) {
      schools.push(await createSchool(n));
      const username = `rights.head${n}`;
      await insertStaffUser(stack, { tenantId: schools[n - 1], username, password: `Head-${n}-Pass-1234` });
      heads.push(await signInThroughGateway(stack, username, `Head-${n}-Pass-1234`));
    }
    await insertStaffUser(stack, {
      tenantId: schools[0],
      username: 'rights.teacher1',
      password: 'Teacher-1-Pass-123',
      roles: ['teacher'],
    });
    teacherToken = await signInThroughGateway(stack, 'rights.teacher1', 'Teacher-1-Pass-123');
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('P21: recording a request gives its due date one calendar month after receipt, and the audit log records it by id', async () => {
    const subjectId = randomUUID();
    const view = await record(heads[0], {
      kind: 'portability',
      subject: { type: 'staff', id: subjectId },
      requestedBy: { type: 'other' },
      receivedOn: '2026-03-31',
    });
    expect(view).toMatchObject({
      kind: 'portability',
      subject: { type: 'staff', id: subjectId },
      requestedBy: { type: 'other', id: null },
      receivedOn: '2026-03-31',
      dueOn: '2026-04-30',
      extendedTo: null,
      status: 'open',
      completion: null,
    });
    const fetched = await call('GET', `/api/v1/rights-requests/${view.id}`, heads[0]);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toMatchObject({ id: view.id, dueOn: '2026-04-30' });

    const entries = async () =>
      ((await call('GET', `/api/v1/audit-entries?subjectType=rights-request&subjectId=${view.id}`, heads[0])).body
        .items ?? []) as { action: string; detail: Record<string, unknown> }[];
    await stack.waitUntil(
      async () => (await entries()).some((e) => e.action === 'audit.rights-request.recorded'),
      10_000,
    );
    const [entry] = (await entries()).filter((e) => e.action === 'audit.rights-request.recorded');
    expect(entry.detail).toMatchObject({ requestId: view.id, kind: 'portability', subjectType: 'staff', subjectId });
    expect(JSON.stringify(await entries())).not.toContain('school office');
  });

  it('P21: a request received 31 January 2026 is due 28 February 2026 (no 31st: the last day of the month)', async () => {
    // Received dates in the future are refused, so the month-end case is one already past.
    const view = await record(heads[0], { receivedOn: '2026-01-31' });
    expect(view.dueOn).toBe('2026-02-28');
    expect(view.overdue).toBe(view.dueOn < dayFromToday(0));
  });

  it('P21: an extension within the first month moves the due date; a second one or a late one is refused', async () => {
    const today = dayFromToday(0);
    const view = await record(heads[0], { receivedOn: today });
    const extended = await call('POST', `/api/v1/rights-requests/${view.id}/extension`, heads[0], {
      months: 2,
      reason: 'Records are held across several systems',
    });
    expect(extended.status).toBe(200);
    const body = extended.body as RightsRequestView;
    const expectedTo = (() => {
      const [y, m, d] = view.dueOn.split('-').map(Number);
      const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
      const mm = ((m + 1) % 12) + 1;
      const yy = y + Math.floor((m + 1) / 12);
      return `${yy}-${String(mm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
    })();
    expect(body).toMatchObject({ dueOn: view.dueOn, extendedTo: expectedTo, overdue: false });
    expect(body.extension).toMatchObject({ months: 2, reason: 'Records are held across several systems' });
    expect(body.daysLeft).toBe(Math.round((Date.parse(expectedTo) - Date.parse(today)) / DAY_MS));

    const again = await call('POST', `/api/v1/rights-requests/${view.id}/extension`, heads[0], {
      months: 1,
      reason: 'Still more',
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('rights_request.already_extended');

    const late = await record(heads[0], { receivedOn: '2026-01-05' });
    expect(late.dueOn).toBe('2026-02-05');
    const tooLate = await call('POST', `/api/v1/rights-requests/${late.id}/extension`, heads[0], {
      months: 1,
      reason: 'Too late',
    });
    expect(tooLate.status).toBe(409);
    expect(tooLate.body.code).toBe('rights_request.extension_too_late');
    expect((await call('GET', `/api/v1/rights-requests/${late.id}`, heads[0])).body.extendedTo).toBeNull();
  });

  it('P22: completing a request records the outcome, what was done and when, once', async () => {
    const view = await record(heads[0], { kind: 'rectification', subject: { type: 'parent', id: randomUUID() } });
    await checkIdentity(view.id);
    const before = Date.now();
    const done = await call('POST', `/api/v1/rights-requests/${view.id}/completion`, heads[0], {
      outcome: 'done',
      summary: 'Contact details corrected in the pupil record',
    });
    expect(done.status).toBe(200);
    const body = done.body as RightsRequestView;
    expect(body).toMatchObject({
      status: 'completed',
      overdue: false,
      daysLeft: null,
      completion: { outcome: 'done', summary: 'Contact details corrected in the pupil record' },
    });
    expect(new Date(body.completion!.completedAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(body.completion!.completedBy).toBeTruthy();

    const twice = await call('POST', `/api/v1/rights-requests/${view.id}/completion`, heads[0], {
      outcome: 'refused',
      summary: 'x',
    });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('rights_request.already_completed');
    const extendDone = await call('POST', `/api/v1/rights-requests/${view.id}/extension`, heads[0], {
      months: 1,
      reason: 'x',
    });
    expect(extendDone.status).toBe(409);

    const completed = await call('GET', '/api/v1/rights-requests?status=completed', heads[0]);
    expect((completed.body.items as RightsRequestView[]).map((i) => i.id)).toEqual([view.id]);
  });

  it('P21: the register lists overdue requests (open and past their due date) with dueOn, extendedTo, daysLeft', async () => {
    const overdue = await record(heads[0], { kind: 'erasure', receivedOn: '2026-01-05' });
    expect(overdue).toMatchObject({ dueOn: '2026-02-05', overdue: true });
    expect(overdue.daysLeft).toBeLessThan(0);
    const closedLate = await record(heads[0], { kind: 'objection', receivedOn: '2026-01-06' });
    await checkIdentity(closedLate.id);
    await call('POST', `/api/v1/rights-requests/${closedLate.id}/completion`, heads[0], {
      outcome: 'partly-done',
      summary: 'Objection upheld for marketing only',
    });
    const list = await call('GET', '/api/v1/rights-requests?overdue=true', heads[0]);
    expect(list.status).toBe(200);
    const items = list.body.items as RightsRequestView[];
    expect(items.map((i) => i.id)).toContain(overdue.id);
    expect(items.map((i) => i.id)).not.toContain(closedLate.id);
    for (const item of items) {
      expect(item.overdue).toBe(true);
      expect(item).toHaveProperty('dueOn');
      expect(item).toHaveProperty('extendedTo');
      expect(item.daysLeft).toBeLessThan(0);
    }
    const all = await call('GET', '/api/v1/rights-requests?limit=2', heads[0]);
    expect(all.body.items).toHaveLength(2);
    expect(all.body.nextCursor).toBeTruthy();
    const next = await call(
      'GET',
      `/api/v1/rights-requests?limit=2&cursor=${encodeURIComponent(all.body.nextCursor)}`,
      heads[0],
    );
    expect(next.status).toBe(200);
    const firstIds = (all.body.items as RightsRequestView[]).map((i) => i.id);
    for (const item of next.body.items as RightsRequestView[]) expect(firstIds).not.toContain(item.id);
  });

  it("P21: another school's request is not found, and its register does not show it", async () => {
    const view = await record(heads[0]);
    expect((await call('GET', `/api/v1/rights-requests/${view.id}`, heads[1])).status).toBe(404);
    const extend = await call('POST', `/api/v1/rights-requests/${view.id}/extension`, heads[1], {
      months: 1,
      reason: 'x',
    });
    expect(extend.status).toBe(404);
    const complete = await call('POST', `/api/v1/rights-requests/${view.id}/completion`, heads[1], {
      outcome: 'done',
      summary: 'x',
    });
    expect(complete.status).toBe(404);
    const other = await call('GET', '/api/v1/rights-requests', heads[1]);
    expect(other.status).toBe(200);
    expect(other.body.items).toEqual([]);
    expect((await call('GET', `/api/v1/rights-requests/${randomUUID()}`, heads[0])).status).toBe(404);
  });

  it('P22: validation names each field', async () => {
    const bad = await call('POST', '/api/v1/rights-requests', heads[0], {
      kind: 'complaint',
      subject: { type: 'governor', id: 'nope' },
      requestedBy: { type: 'parent', id: 'x' },
      receivedOn: '31/01/2027',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
      ['kind', 'receivedOn', 'requestedBy.id', 'subject.id', 'subject.type'].sort(),
    );
    const impossible = await call('POST', '/api/v1/rights-requests', heads[0], request({ receivedOn: '2027-02-29' }));
    expect(impossible.status).toBe(400);
    expect(impossible.body.errors).toEqual([{ field: 'receivedOn', message: 'must be a calendar date (YYYY-MM-DD)' }]);
    const view = await record(heads[0]);
    const extension = await call('POST', `/api/v1/rights-requests/${view.id}/extension`, heads[0], { months: 3 });
    expect(extension.status).toBe(400);
    expect(extension.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['months', 'reason']);
    const completion = await call('POST', `/api/v1/rights-requests/${view.id}/completion`, heads[0], {
      outcome: 'ignored',
      summary: '',
    });
    expect(completion.status).toBe(400);
    expect(completion.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['outcome', 'summary']);
    const query = await call('GET', '/api/v1/rights-requests?status=lost&overdue=maybe', heads[0]);
    expect(query.status).toBe(400);
    expect(query.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['overdue', 'status']);
  });

  it('P22: staff without rights:manage are refused (403)', async () => {
    const view = await record(heads[0]);
    expect((await call('POST', '/api/v1/rights-requests', teacherToken, request())).status).toBe(403);
    expect((await call('GET', '/api/v1/rights-requests', teacherToken)).status).toBe(403);
    expect((await call('GET', `/api/v1/rights-requests/${view.id}`, teacherToken)).status).toBe(403);
    expect(
      (await call('POST', `/api/v1/rights-requests/${view.id}/extension`, teacherToken, { months: 1, reason: 'x' }))
        .status,
    ).toBe(403);
    expect(
      (
        await call('POST', `/api/v1/rights-requests/${view.id}/completion`, teacherToken, {
          outcome: 'done',
          summary: 'x',
        })
      ).status,
    ).toBe(403);
  });
});
