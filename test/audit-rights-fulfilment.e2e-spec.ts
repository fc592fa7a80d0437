import { NoticeView, RightsExportBundle, RightsRequestDetail, RightsRequestView } from '@pt/contracts';
import { mailsTo, Reply, World } from '@pt/testing';
import { randomUUID } from 'node:crypto';

const DAY_MS = 86_400_000;

/** A UTC calendar date `days` from today. */
const dayFromToday = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);

interface Staff {
  id: string;
  username: string;
  email: string;
  token: string;
}

/**
 * Fulfilling data-subject rights requests (P21, P22): the identity check for pupils and
 * parents, reminders, the subject-access bundle from every service behind a one-time link,
 * and the owning service's operation for an erasure.
 */
describe('P21, P22: fulfilling rights requests', () => {
  let world: World;
  let adminToken: string;
  const schools: string[] = [];
  const heads: Staff[] = [];
  let teacher: Staff;
  let subject: Staff;
  let colleague: Staff;

  const staff = async (schoolId: string, username: string, roles?: string[]): Promise<Staff> => {
    const password = `${username}-Pass-1234`;
    const { id } = await world.staff(schoolId, roles, { username, password, signIn: false });
    return {
      id,
      username,
      email: `${username}@school.test`,
      token: (await world.signIn(username, password)).token,
    };
  };

  const record = async (token: string, body: Record<string, unknown>) => {
    const reply = await world.call(token, 'POST', '/api/v1/rights-requests', {
      requestedBy: { type: 'parent', id: randomUUID() },
      receivedOn: dayFromToday(0),
      ...body,
    });
    expect(reply.status).toBe(201);
    return reply.body as RightsRequestView;
  };

  /** A pupil of the nth school (a request naming a pupil must name one of the school's own). */
  const pupilOf = async (n = 0) => (await world.pupil(heads[n].token)).id as string;

  const download = (token: string, url: string) =>
    fetch(`${world.stack.baseUrl}${url}`, { headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    world = await World.start({
      label: 'rights-fulfil',
      mail: true,
      envFor: {
        // Reminders only when a test asks for them.
        audit: { RIGHTS_REMINDER_INTERVAL_MINUTES: '0', RIGHTS_DOWNLOAD_TTL_MINUTES: '30' },
      },
    });
    adminToken = world.platformAdmin.token;
    for (let n = 1; n <= 2; n++) {
      const created = await world.call(adminToken, 'POST', '/api/v1/platform/schools', {
        name: `Fulfil School ${n}`,
        laCode: '995',
        establishmentNumber: String(6000 + n),
        address: { line1: '1 Lane', town: 'Town', postcode: 'TE1 1ST' },
        contact: { name: 'Office', email: 'office@fulfil.test' },
      });
      schools.push(created.body.id as string);
      await world.sign(created.body.id as string);
      heads.push(await staff(schools[n - 1], `fulfil.head${n}`));
    }
    teacher = await staff(schools[0], 'fulfil.teacher1', ['teacher']);
    subject = await staff(schools[0], 'fulfil.subject1', ['teacher']);
    colleague = await staff(schools[0], 'fulfil.colleague1', ['teacher']);
  }, 120_000);

  afterAll(async () => {
    await world?.stop();
  });

  it('P21: a received date in the future is refused, naming receivedOn; today is accepted', async () => {
    const future = await world.call(heads[0].token, 'POST', '/api/v1/rights-requests', {
      kind: 'access',
      subject: { type: 'pupil', id: await pupilOf() },
      requestedBy: { type: 'parent' },
      receivedOn: dayFromToday(2),
    });
    expect(future.status).toBe(400);
    expect(future.body.errors).toEqual([{ field: 'receivedOn', message: 'must not be in the future' }]);
    await record(heads[0].token, { kind: 'access', subject: { type: 'pupil', id: await pupilOf() } });
  });

  it('P21: a request about a pupil or a parent is not fulfilled before the identity check is recorded', async () => {
    const pupilRequest = await record(heads[0].token, {
      kind: 'access',
      subject: { type: 'pupil', id: await pupilOf() },
    });
    const detail = (await world.call(heads[0].token, 'GET', `/api/v1/rights-requests/${pupilRequest.id}`)).body;
    expect(detail).toMatchObject({ identityCheck: null, identityCheckRequired: true });

    const exported = await world.call(heads[0].token, 'POST', `/api/v1/rights-requests/${pupilRequest.id}/export`);
    expect(exported.status).toBe(409);
    expect(exported.body.code).toBe('rights_request.identity_check_required');
    const completed = await world.call(
      heads[0].token,
      'POST',
      `/api/v1/rights-requests/${pupilRequest.id}/completion`,
      {
        outcome: 'done',
        summary: 'Sent',
      },
    );
    expect(completed.status).toBe(409);
    expect(completed.body.code).toBe('rights_request.identity_check_required');

    const parentErasure = await record(heads[0].token, {
      kind: 'erasure',
      subject: { type: 'parent', id: randomUUID() },
    });
    const acted = await world.call(heads[0].token, 'POST', `/api/v1/rights-requests/${parentErasure.id}/actions`, {
      summary: 'Asked to be removed',
    });
    expect(acted.status).toBe(409);
    expect(acted.body.code).toBe('rights_request.identity_check_required');

    const bad = await world.call(heads[0].token, 'POST', `/api/v1/rights-requests/${pupilRequest.id}/identity-check`, {
      method: 'trust-me',
      checkedAt: 'yesterday',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['checkedAt', 'method']);
    const future = await world.call(
      heads[0].token,
      'POST',
      `/api/v1/rights-requests/${pupilRequest.id}/identity-check`,
      {
        method: 'photo-id-in-person',
        checkedAt: new Date(Date.now() + DAY_MS).toISOString(),
      },
    );
    expect(future.status).toBe(400);
    expect(future.body.errors).toEqual([{ field: 'checkedAt', message: 'must not be in the future' }]);
    const other = await world.call(
      heads[0].token,
      'POST',
      `/api/v1/rights-requests/${pupilRequest.id}/identity-check`,
      {
        method: 'other',
      },
    );
    expect(other.status).toBe(400);
    expect(other.body.errors.map((e: { field: string }) => e.field)).toEqual(['note']);
    const elsewhere = await world.call(
      heads[1].token,
      'POST',
      `/api/v1/rights-requests/${pupilRequest.id}/identity-check`,
      {
        method: 'known-to-staff',
      },
    );
    expect(elsewhere.status).toBe(404);

    const checked = await world.call(
      heads[0].token,
      'POST',
      `/api/v1/rights-requests/${pupilRequest.id}/identity-check`,
      {
        method: 'photo-id-in-person',
      },
    );
    expect(checked.status).toBe(200);
    expect(checked.body).toMatchObject({
      identityCheckRequired: false,
      identityCheck: { method: 'photo-id-in-person', note: null, checkedBy: heads[0].id },
    });
    expect(Date.now() - Date.parse(checked.body.identityCheck.checkedAt)).toBeLessThan(60_000);
    const twice = await world.call(
      heads[0].token,
      'POST',
      `/api/v1/rights-requests/${pupilRequest.id}/identity-check`,
      {
        method: 'known-to-staff',
      },
    );
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('rights_request.identity_already_checked');

    const done = await world.call(heads[0].token, 'POST', `/api/v1/rights-requests/${pupilRequest.id}/completion`, {
      outcome: 'done',
      summary: 'Bundle sent to the parent',
    });
    expect(done.status).toBe(200);

    // A requester who could not be identified is refused without a check.
    const unverified = await record(heads[0].token, { kind: 'access', subject: { type: 'parent', id: randomUUID() } });
    const refused = await world.call(heads[0].token, 'POST', `/api/v1/rights-requests/${unverified.id}/completion`, {
      outcome: 'refused',
      summary: 'The requester could not prove who they are',
    });
    expect(refused.status).toBe(200);

    // Staff subjects are the school's own employees: no check is required.
    const staffRequest = await record(heads[0].token, { kind: 'access', subject: { type: 'staff', id: subject.id } });
    const staffDetail = (await world.call(heads[0].token, 'GET', `/api/v1/rights-requests/${staffRequest.id}`)).body;
    expect(staffDetail).toMatchObject({ identityCheck: null, identityCheckRequired: false });
  });

  it('P21: due-soon and overdue requests remind the staff who manage rights requests once, by email and in-app notice', async () => {
    const dueSoon = await record(heads[0].token, {
      kind: 'access',
      subject: { type: 'staff', id: colleague.id },
      receivedOn: dayFromToday(-27),
    });
    expect(dueSoon.daysLeft).toBeGreaterThanOrEqual(0);
    expect(dueSoon.daysLeft).toBeLessThanOrEqual(7);
    const overdue = await record(heads[0].token, {
      kind: 'erasure',
      subject: { type: 'pupil', id: await pupilOf() },
      receivedOn: '2026-01-05',
    });
    const notDue = await record(heads[0].token, { kind: 'objection', subject: { type: 'pupil', id: await pupilOf() } });
    const otherSchool = await record(heads[1].token, {
      kind: 'objection',
      subject: { type: 'pupil', id: await pupilOf(1) },
      receivedOn: '2026-02-10',
    });

    expect((await world.call(heads[0].token, 'POST', '/api/v1/platform/rights-reminder-runs')).status).toBe(403);
    const first = await world.call(adminToken, 'POST', '/api/v1/platform/rights-reminder-runs');
    expect(first.status).toBe(200);
    expect(first.body.failed).toBe(0);
    expect(first.body.sent).toBeGreaterThanOrEqual(3);

    const remindersOf = async (id: string, token = heads[0].token) =>
      ((await world.call(token, 'GET', `/api/v1/rights-requests/${id}`)).body as RightsRequestDetail).reminders;
    expect((await remindersOf(dueSoon.id)).map((r) => r.stage)).toEqual(['due-soon']);
    expect((await remindersOf(overdue.id)).map((r) => r.stage)).toEqual(['overdue']);
    expect(await remindersOf(notDue.id)).toEqual([]);
    expect((await remindersOf(otherSchool.id, heads[1].token)).map((r) => r.stage)).toEqual(['overdue']);

    const mailsAbout = (to: string, id: string) =>
      world.mails(to, 'rights-reminder').filter((m) => m.text.includes(id));
    // Mail is sent after the run answers, each message on its own: wait for every one read below.
    await world.until(
      async () =>
        mailsAbout(heads[0].email, overdue.id).length > 0 &&
        mailsAbout(heads[0].email, dueSoon.id).length > 0 &&
        mailsAbout(heads[1].email, otherSchool.id).length > 0,
      10_000,
    );

    const second = await world.call(adminToken, 'POST', '/api/v1/platform/rights-reminder-runs');
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ sent: 0, failed: 0 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(mailsAbout(heads[0].email, overdue.id)).toHaveLength(1);
    expect(mailsAbout(heads[0].email, dueSoon.id)).toHaveLength(1);
    expect(mailsAbout(heads[0].email, dueSoon.id)[0].text).toContain(dueSoon.dueOn);
    // Only staff with rights:manage, and only of the request's own school.
    expect(mailsAbout(teacher.email, overdue.id)).toHaveLength(0);
    expect(mailsAbout(heads[1].email, overdue.id)).toHaveLength(0);
    expect(mailsAbout(heads[1].email, otherSchool.id)).toHaveLength(1);
    // No personal data: the reminder names the request, not whom it is about.
    expect(mailsAbout(heads[0].email, dueSoon.id)[0].text).not.toContain(colleague.id);

    const notices = (await world.call(heads[0].token, 'GET', '/api/v1/notices')).body.items as NoticeView[];
    const about = (id: string) => notices.filter((n) => n.incidentId === id);
    expect(about(overdue.id).map((n) => n.subject)).toEqual(['rights-overdue']);
    expect(about(dueSoon.id).map((n) => n.subject)).toEqual(['rights-due-soon']);
    expect(about(dueSoon.id)[0].deadline.slice(0, 10)).toBe(dueSoon.dueOn);
    expect(about(otherSchool.id)).toEqual([]);
    // In-app too, only staff who handle rights requests see the reminders.
    const teacherNotices = (await world.call(teacher.token, 'GET', '/api/v1/notices')).body.items as NoticeView[];
    expect(teacherNotices.filter((n) => n.incidentId === overdue.id)).toEqual([]);
  });

  it("P21: a staff member's subject-access bundle holds identity's data about them, a section from every service, and nothing of a colleague", async () => {
    const request = await record(heads[0].token, {
      kind: 'access',
      subject: { type: 'staff', id: subject.id },
      requestedBy: { type: 'staff', id: subject.id },
    });
    const before = Date.now();
    const exported = await world.call(heads[0].token, 'POST', `/api/v1/rights-requests/${request.id}/export`);
    expect(exported.status).toBe(201);
    expect(exported.body.downloadUrl).toMatch(/^\/api\/v1\/rights-downloads\/[A-Za-z0-9_-]{43}$/);
    const expiresIn = Date.parse(exported.body.expiresAt) - before;
    expect(expiresIn).toBeGreaterThan(29 * 60_000);
    expect(expiresIn).toBeLessThanOrEqual(31 * 60_000);
    expect(exported.body.sections).toEqual(
      expect.arrayContaining([
        { service: 'identity', found: true },
        { service: 'assessment', found: false },
        { service: 'billing', found: false },
      ]),
    );

    const response = await download(heads[0].token, exported.body.downloadUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="rights-export-${request.id}.json"`);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await response.text();
    const bundle = JSON.parse(text) as RightsExportBundle;
    expect(bundle.request).toEqual({ id: request.id, kind: 'access', subject: { type: 'staff', id: subject.id } });
    expect(bundle.sections.map((s) => s.service).sort()).toEqual(
      ['assessment', 'audit', 'billing', 'identity', 'pupil-records'].sort(),
    );
    for (const section of bundle.sections) expect(typeof section.found).toBe('boolean');
    const identity = bundle.sections.find((s) => s.service === 'identity')!;
    expect(identity.found).toBe(true);
    expect(identity.records.profile).toEqual([
      expect.objectContaining({ id: subject.id, username: subject.username, email: subject.email }),
    ]);
    expect(identity.records.roles).toEqual([{ roles: ['teacher'], classGroupIds: null }]);
    expect(identity.records.marketingPreference).toEqual([{ optIn: false, changedAt: null }]);
    expect(identity.records.sessions.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(identity)).not.toContain('password');
    for (const empty of ['assessment', 'billing']) {
      expect(bundle.sections.find((s) => s.service === empty)).toEqual({
        service: empty,
        found: false,
        records: {},
        files: [],
      });
    }
    // Nothing of anyone else: the colleague's id, username and email appear nowhere.
    expect(text).not.toContain(colleague.id);
    expect(text).not.toContain(colleague.username);
    expect(text).not.toContain(heads[0].email);

    const again = await download(heads[0].token, exported.body.downloadUrl);
    expect(again.status).toBe(404);
    const detail = (await world.call(heads[0].token, 'GET', `/api/v1/rights-requests/${request.id}`))
      .body as RightsRequestDetail;
    expect(detail.exports).toHaveLength(1);
    expect(detail.exports[0]).toMatchObject({
      id: exported.body.exportId,
      producedBy: heads[0].id,
      downloadedBy: heads[0].id,
    });
    expect(detail.exports[0].downloadedAt).toBeTruthy();
  });

  it("P21: the one-time link is 404 for another school's staff and once spent; staff without rights:manage are refused", async () => {
    const request = await record(heads[0].token, { kind: 'portability', subject: { type: 'staff', id: subject.id } });
    const exported = await world.call(heads[0].token, 'POST', `/api/v1/rights-requests/${request.id}/export`);
    expect(exported.status).toBe(201);
    expect((await download(heads[1].token, exported.body.downloadUrl)).status).toBe(404);
    expect((await download(teacher.token, exported.body.downloadUrl)).status).toBe(403);
    expect((await download(heads[0].token, '/api/v1/rights-downloads/not-a-token')).status).toBe(404);
    expect((await download(heads[0].token, exported.body.downloadUrl)).status).toBe(200);
    expect((await download(heads[0].token, exported.body.downloadUrl)).status).toBe(404);

    expect((await world.call(heads[1].token, 'POST', `/api/v1/rights-requests/${request.id}/export`)).status).toBe(404);
    const erasure = await record(heads[0].token, { kind: 'erasure', subject: { type: 'staff', id: subject.id } });
    const notExportable = await world.call(heads[0].token, 'POST', `/api/v1/rights-requests/${erasure.id}/export`);
    expect(notExportable.status).toBe(409);
    expect(notExportable.body.code).toBe('rights_request.not_exportable');
  });

  it('P21: when a service does not answer, no bundle is made and the 503 names the service', async () => {
    const request = await record(heads[0].token, { kind: 'access', subject: { type: 'staff', id: subject.id } });
    await world.stack.stopProcess('billing');
    try {
      const exported = await world.call(heads[0].token, 'POST', `/api/v1/rights-requests/${request.id}/export`);
      expect(exported.status).toBe(503);
      expect(exported.body.code).toBe('rights_export.service_unavailable');
      expect(exported.body.services).toContain('billing');
      for (const answering of ['identity', 'assessment', 'audit'])
        expect(exported.body.services).not.toContain(answering);
      expect(exported.body.detail).toContain('billing');
      const detail = (await world.call(heads[0].token, 'GET', `/api/v1/rights-requests/${request.id}`)).body;
      expect(detail.exports).toEqual([]);
    } finally {
      await world.stack.startProcess('billing');
    }
  });

  it("P22: an erasure request about a staff member runs identity's removal and records the outcome; a refusal keeps the service's code", async () => {
    const leaver = await staff(schools[0], 'fulfil.leaver1', ['teacher']);
    const request = await record(heads[0].token, { kind: 'erasure', subject: { type: 'staff', id: leaver.id } });
    const blank = await world.call(heads[0].token, 'POST', `/api/v1/rights-requests/${request.id}/actions`, {
      summary: '',
    });
    expect(blank.status).toBe(400);
    expect(blank.body.errors.map((e: { field: string }) => e.field)).toEqual(['summary']);
    expect(
      (await world.call(heads[1].token, 'POST', `/api/v1/rights-requests/${request.id}/actions`, { summary: 'x' }))
        .status,
    ).toBe(404);

    const acted = await world.call(heads[0].token, 'POST', `/api/v1/rights-requests/${request.id}/actions`, {
      summary: 'Left the school; asked for the account to be erased',
    });
    expect(acted.status).toBe(200);
    expect((acted.body as RightsRequestDetail).actions).toEqual([
      expect.objectContaining({
        operation: 'identity.user.remove',
        outcome: 'done',
        errorCode: null,
        performedBy: heads[0].id,
        summary: 'Left the school; asked for the account to be erased',
      }),
    ]);
    expect((await world.call(heads[0].token, 'GET', `/api/v1/users/${leaver.id}`)).status).toBe(404);
    const again = await world.call(heads[0].token, 'POST', `/api/v1/rights-requests/${request.id}/actions`, {
      summary: 'Again',
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('rights_request.action_already_done');

    // Two requests about one member of staff: once the first has erased the account, the
    // second's operation is refused by identity, and the refusal is recorded.
    const former = await staff(schools[0], 'fulfil.former1', ['teacher']);
    const first = await record(heads[0].token, { kind: 'erasure', subject: { type: 'staff', id: former.id } });
    const second = await record(heads[0].token, { kind: 'erasure', subject: { type: 'staff', id: former.id } });
    const erased = await world.call(heads[0].token, 'POST', `/api/v1/rights-requests/${first.id}/actions`, {
      summary: 'Former supply teacher',
    });
    expect(erased.status).toBe(200);
    const refused = await world.call(heads[0].token, 'POST', `/api/v1/rights-requests/${second.id}/actions`, {
      summary: 'Former supply teacher',
    });
    expect(refused.status).toBe(200);
    expect((refused.body as RightsRequestDetail).actions).toEqual([
      expect.objectContaining({ operation: 'identity.user.remove', outcome: 'refused', errorCode: 'user.not_found' }),
    ]);
  });

  it('P22: rectification and consent withdrawal, done through the ordinary APIs, are recorded; a right with no operation is 409', async () => {
    const rectification = await record(heads[0].token, {
      kind: 'rectification',
      subject: { type: 'staff', id: subject.id },
    });
    const recorded = await world.call(heads[0].token, 'POST', `/api/v1/rights-requests/${rectification.id}/actions`, {
      summary: 'Job title corrected through the staff record',
    });
    expect(recorded.status).toBe(200);
    expect((recorded.body as RightsRequestDetail).actions).toEqual([
      expect.objectContaining({
        operation: 'recorded',
        outcome: 'recorded',
        summary: 'Job title corrected through the staff record',
      }),
    ]);
    const objection = await record(heads[0].token, { kind: 'objection', subject: { type: 'staff', id: subject.id } });
    const none = await world.call(heads[0].token, 'POST', `/api/v1/rights-requests/${objection.id}/actions`, {
      summary: 'x',
    });
    expect(none.status).toBe(409);
    expect(none.body.code).toBe('rights_request.no_operation');
  });
});
