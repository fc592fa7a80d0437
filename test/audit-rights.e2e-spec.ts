import { RightsRequestView } from '@pt/contracts';
import { Reply, World } from '@pt/testing';
import { randomUUID } from 'node:crypto';

const DAY_MS = 86_400_000;

/** A UTC calendar date `days` from today. */
const dayFromToday = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);

describe('P21, P22: the rights register records requests with their ICO due dates', () => {
  let world: World;
  let adminToken: string;
  const schools: string[] = [];
  const heads: string[] = [];
  let teacherToken: string;

  const createSchool = async (n: number) =>
    (
      await world.call(adminToken, 'POST', '/api/v1/platform/schools', {
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
    const reply = await world.call(token, 'POST', '/api/v1/rights-requests', request(overrides));
    expect(reply.status).toBe(201);
    return reply.body as RightsRequestView;
  };

  /** P21: a request about a pupil or a parent is completed as done only after the identity check. */
  const checkIdentity = async (requestId: string) => {
    const reply = await world.call(heads[0], 'POST', `/api/v1/rights-requests/${requestId}/identity-check`, {
      method: 'known-to-staff',
    });
    expect(reply.status).toBe(200);
  };

  beforeAll(async () => {
    world = await World.start({
      label: 'rights',
      processes: ['gateway', 'identity', 'audit'],
    });
    adminToken = world.platformAdmin.token;
    for (let n = 1; n <= 2; n++) {
      schools.push(await createSchool(n));
      const username = `rights.head${n}`;
      await world.staff(schools[n - 1], ['school-admin'], {
        username: username,
        password: `Head-${n}-Pass-1234`,
        signIn: false,
      });
      heads.push((await world.signIn(username, `Head-${n}-Pass-1234`)).token);
    }
    await world.staff(schools[0], ['teacher'], {
      username: 'rights.teacher1',
      password: 'Teacher-1-Pass-123',
      signIn: false,
    });
    teacherToken = (await world.signIn('rights.teacher1', 'Teacher-1-Pass-123')).token;
  }, 90_000);

  afterAll(async () => {
    await world?.stop();
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
    const fetched = await world.call(heads[0], 'GET', `/api/v1/rights-requests/${view.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toMatchObject({ id: view.id, dueOn: '2026-04-30' });

    const entries = async () =>
      ((await world.call(heads[0], 'GET', `/api/v1/audit-entries?subjectType=rights-request&subjectId=${view.id}`)).body
        .items ?? []) as { action: string; detail: Record<string, unknown> }[];
    await world.until(async () => (await entries()).some((e) => e.action === 'audit.rights-request.recorded'), 10_000);
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
    const extended = await world.call(heads[0], 'POST', `/api/v1/rights-requests/${view.id}/extension`, {
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

    const again = await world.call(heads[0], 'POST', `/api/v1/rights-requests/${view.id}/extension`, {
      months: 1,
      reason: 'Still more',
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('rights_request.already_extended');

    const late = await record(heads[0], { receivedOn: '2026-01-05' });
    expect(late.dueOn).toBe('2026-02-05');
    const tooLate = await world.call(heads[0], 'POST', `/api/v1/rights-requests/${late.id}/extension`, {
      months: 1,
      reason: 'Too late',
    });
    expect(tooLate.status).toBe(409);
    expect(tooLate.body.code).toBe('rights_request.extension_too_late');
    expect((await world.call(heads[0], 'GET', `/api/v1/rights-requests/${late.id}`)).body.extendedTo).toBeNull();
  });

  it('P22: completing a request records the outcome, what was done and when, once', async () => {
    const view = await record(heads[0], { kind: 'rectification', subject: { type: 'parent', id: randomUUID() } });
    await checkIdentity(view.id);
    const before = Date.now();
    const done = await world.call(heads[0], 'POST', `/api/v1/rights-requests/${view.id}/completion`, {
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

    const twice = await world.call(heads[0], 'POST', `/api/v1/rights-requests/${view.id}/completion`, {
      outcome: 'refused',
      summary: 'x',
    });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('rights_request.already_completed');
    const extendDone = await world.call(heads[0], 'POST', `/api/v1/rights-requests/${view.id}/extension`, {
      months: 1,
      reason: 'x',
    });
    expect(extendDone.status).toBe(409);

    const completed = await world.call(heads[0], 'GET', '/api/v1/rights-requests?status=completed');
    expect((completed.body.items as RightsRequestView[]).map((i) => i.id)).toEqual([view.id]);
  });

  it('P21: the register lists overdue requests (open and past their due date) with dueOn, extendedTo, daysLeft', async () => {
    const overdue = await record(heads[0], { kind: 'erasure', receivedOn: '2026-01-05' });
    expect(overdue).toMatchObject({ dueOn: '2026-02-05', overdue: true });
    expect(overdue.daysLeft).toBeLessThan(0);
    const closedLate = await record(heads[0], { kind: 'objection', receivedOn: '2026-01-06' });
    await checkIdentity(closedLate.id);
    await world.call(heads[0], 'POST', `/api/v1/rights-requests/${closedLate.id}/completion`, {
      outcome: 'partly-done',
      summary: 'Objection upheld for marketing only',
    });
    const list = await world.call(heads[0], 'GET', '/api/v1/rights-requests?overdue=true');
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
    const all = await world.call(heads[0], 'GET', '/api/v1/rights-requests?limit=2');
    expect(all.body.items).toHaveLength(2);
    expect(all.body.nextCursor).toBeTruthy();
    const next = await world.call(
      heads[0],
      'GET',
      `/api/v1/rights-requests?limit=2&cursor=${encodeURIComponent(all.body.nextCursor)}`,
    );
    expect(next.status).toBe(200);
    const firstIds = (all.body.items as RightsRequestView[]).map((i) => i.id);
    for (const item of next.body.items as RightsRequestView[]) expect(firstIds).not.toContain(item.id);
  });

  it("P21: another school's request is not found, and its register does not show it", async () => {
    const view = await record(heads[0]);
    expect((await world.call(heads[1], 'GET', `/api/v1/rights-requests/${view.id}`)).status).toBe(404);
    const extend = await world.call(heads[1], 'POST', `/api/v1/rights-requests/${view.id}/extension`, {
      months: 1,
      reason: 'x',
    });
    expect(extend.status).toBe(404);
    const complete = await world.call(heads[1], 'POST', `/api/v1/rights-requests/${view.id}/completion`, {
      outcome: 'done',
      summary: 'x',
    });
    expect(complete.status).toBe(404);
    const other = await world.call(heads[1], 'GET', '/api/v1/rights-requests');
    expect(other.status).toBe(200);
    expect(other.body.items).toEqual([]);
    expect((await world.call(heads[0], 'GET', `/api/v1/rights-requests/${randomUUID()}`)).status).toBe(404);
  });

  it('P22: validation names each field', async () => {
    const bad = await world.call(heads[0], 'POST', '/api/v1/rights-requests', {
      kind: 'complaint',
      subject: { type: 'governor', id: 'nope' },
      requestedBy: { type: 'parent', id: 'x' },
      receivedOn: '31/01/2027',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
      ['kind', 'receivedOn', 'requestedBy.id', 'subject.id', 'subject.type'].sort(),
    );
    const impossible = await world.call(
      heads[0],
      'POST',
      '/api/v1/rights-requests',
      request({ receivedOn: '2027-02-29' }),
    );
    expect(impossible.status).toBe(400);
    expect(impossible.body.errors).toEqual([{ field: 'receivedOn', message: 'must be a calendar date (YYYY-MM-DD)' }]);
    const view = await record(heads[0]);
    const extension = await world.call(heads[0], 'POST', `/api/v1/rights-requests/${view.id}/extension`, { months: 3 });
    expect(extension.status).toBe(400);
    expect(extension.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['months', 'reason']);
    const completion = await world.call(heads[0], 'POST', `/api/v1/rights-requests/${view.id}/completion`, {
      outcome: 'ignored',
      summary: '',
    });
    expect(completion.status).toBe(400);
    expect(completion.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['outcome', 'summary']);
    const query = await world.call(heads[0], 'GET', '/api/v1/rights-requests?status=lost&overdue=maybe');
    expect(query.status).toBe(400);
    expect(query.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['overdue', 'status']);
  });

  it('P22: staff without rights:manage are refused (403)', async () => {
    const view = await record(heads[0]);
    expect((await world.call(teacherToken, 'POST', '/api/v1/rights-requests', request())).status).toBe(403);
    expect((await world.call(teacherToken, 'GET', '/api/v1/rights-requests')).status).toBe(403);
    expect((await world.call(teacherToken, 'GET', `/api/v1/rights-requests/${view.id}`)).status).toBe(403);
    expect(
      (
        await world.call(teacherToken, 'POST', `/api/v1/rights-requests/${view.id}/extension`, {
          months: 1,
          reason: 'x',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await world.call(teacherToken, 'POST', `/api/v1/rights-requests/${view.id}/completion`, {
          outcome: 'done',
          summary: 'x',
        })
      ).status,
    ).toBe(403);
  });
});
