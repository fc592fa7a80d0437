import { BreachIncidentView, NoticeView } from '@pt/contracts';
import { Mail, mailsTo, Reply, World } from '@pt/testing';
import { hash } from '@node-rs/argon2';
import { randomUUID } from 'node:crypto';

const OPS = { login: 'breach.ops@platform.test', password: 'Breach-Ops-Pass-12' };
const HOUR_MS = 3_600_000;

describe('P23: the breach register notifies every affected school and keeps the 72-hour clock', () => {
  let world: World;
  let adminToken: string;
  let opsToken: string;
  let opsId: string;
  const schools: string[] = [];
  const heads: { token: string; email: string }[] = [];
  let teacherToken: string;
  let unaffectedHeadToken: string;

  const createSchool = async (n: number) =>
    (
      await world.call(adminToken, 'POST', '/api/v1/platform/schools', {
        name: `Breach School ${n}`,
        laCode: '995',
        establishmentNumber: String(4000 + n),
        address: { line1: '1 Lane', town: 'Town', postcode: 'TE1 1ST' },
        contact: { name: 'Office', email: 'office@breach.test' },
      })
    ).body.id as string;

  const waitForMails = async (to: string, count = 1): Promise<Mail[]> => {
    let found: Mail[] = [];
    await world.until(async () => {
      found = world.mails(to, 'breach-notice');
      return found.length >= count;
    }, 10_000);
    return found;
  };

  const incident = (affectedSchoolIds: string[], detectedAt = new Date(Date.now() - 5 * HOUR_MS)) => ({
    detectedAt: detectedAt.toISOString(),
    nature: 'A misconfigured export bucket was publicly readable',
    dataCategories: ['pupil names', 'assessment results'],
    approxPeople: 420,
    approxRecords: 3100,
    likelyConsequences: 'Pupils could be identified with their attainment',
    measuresTaken: 'Bucket made private; access logs under review',
    contactPoint: 'dpo@pupil-tracking.test',
    affectedSchoolIds,
  });

  beforeAll(async () => {
    world = await World.start({ label: 'breaches', processes: ['gateway', 'identity', 'audit'], mail: true });
    adminToken = world.platformAdmin.token;
    for (let n = 1; n <= 4; n++) schools.push(await createSchool(n));
    for (let n = 1; n <= 4; n++) {
      const username = `breach.head${n}`;
      await world.staff(schools[n - 1], ['school-admin'], {
        username: username,
        password: `Head-${n}-Pass-1234`,
        signIn: false,
      });
      heads.push({
        token: (await world.signIn(username, `Head-${n}-Pass-1234`)).token,
        email: `${username}@school.test`,
      });
    }
    unaffectedHeadToken = heads[2].token;
    await world.staff(schools[0], ['teacher'], {
      username: 'breach.teacher1',
      password: 'Teacher-1-Pass-123',
      signIn: false,
    });
    teacherToken = (await world.signIn('breach.teacher1', 'Teacher-1-Pass-123')).token;
    // An ops platform user, inserted directly: platform staff have their own suite.
    opsId = randomUUID();
    await world.sql(
      'identity',
      `insert into user_account (id, tenant_id, kind, username, email, first_name, last_name, password_hash, roles, status)
       values ($1, null, 'platform', $2, $2, 'Olu', 'Ops', $3, '{ops}', 'active')`,
      [opsId, OPS.login, await hash(OPS.password)],
    );
    opsToken = (await world.signIn(OPS.login, OPS.password)).token;
  }, 90_000);

  afterAll(async () => {
    await world?.stop();
  });

  it("P23: recording an incident emails each affected school's admins, posts an in-app notice, and records notifiedAt", async () => {
    const detectedAt = new Date(Date.now() - 5 * HOUR_MS);
    const recorded = await world.call(
      opsToken,
      'POST',
      '/api/v1/ops/breaches',
      incident([schools[0], schools[1]], detectedAt),
    );
    expect(recorded.status).toBe(201);
    const view = recorded.body as BreachIncidentView;
    expect(view).toMatchObject({
      detectedAt: detectedAt.toISOString(),
      approxPeople: 420,
      approxRecords: 3100,
      dataCategories: ['pupil names', 'assessment results'],
      recordedBy: opsId,
      notificationDeadline: new Date(detectedAt.getTime() + 72 * HOUR_MS).toISOString(),
      deadlinePassed: false,
      updates: [],
    });
    expect(view.hoursSinceDetection).toBeGreaterThanOrEqual(5);
    expect(view.hoursSinceDetection).toBeLessThan(6);
    expect(view.affectedSchools.map((s) => s.schoolId).sort()).toEqual([schools[0], schools[1]].sort());
    for (const school of view.affectedSchools) {
      expect(school.notifiedAt).not.toBeNull();
      expect(school.recipients).toBe(1);
      expect(new Date(school.notifiedAt!).getTime()).toBeGreaterThanOrEqual(new Date(view.recordedAt).getTime());
    }

    for (const head of [heads[0], heads[1]]) {
      const [mail] = await waitForMails(head.email);
      expect(mail.text).toContain(view.id);
      expect(mail.text).toContain(view.notificationDeadline);
      // The platform writes the message from ids and times: nothing of the incident's free text.
      expect(mail.text).not.toContain('pupil names');
      expect(mail.text).not.toContain('misconfigured');
    }
    expect(world.mails(heads[2].email, 'breach-notice')).toHaveLength(0);
    expect(world.mails('breach.teacher1@school.test', 'breach-notice')).toHaveLength(0);

    for (const [index, token] of [heads[0].token, heads[1].token, teacherToken].entries()) {
      const notices = await world.call(token, 'GET', '/api/v1/notices');
      expect(notices.status).toBe(200);
      const items = notices.body.items as NoticeView[];
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({
        subject: 'breach',
        incidentId: view.id,
        detectedAt: view.detectedAt,
        deadline: view.notificationDeadline,
      });
      const notifiedAt = view.affectedSchools.find((s) => s.schoolId === schools[index === 1 ? 1 : 0])!.notifiedAt;
      expect(items[0].createdAt).toBe(notifiedAt);
    }
    expect((await world.call(unaffectedHeadToken, 'GET', '/api/v1/notices')).body.items).toEqual([]);
  });

  it('P23: the register lists incidents by cursor with the hours since detection against the 72-hour deadline', async () => {
    const old = await world.call(
      opsToken,
      'POST',
      '/api/v1/ops/breaches',
      incident([schools[3]], new Date(Date.now() - 80 * HOUR_MS)),
    );
    expect(old.status).toBe(201);
    expect(old.body).toMatchObject({ deadlinePassed: true });
    expect(old.body.hoursSinceDetection).toBeGreaterThanOrEqual(80);

    const first = await world.call(opsToken, 'GET', '/api/v1/ops/breaches?limit=1');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(1);
    expect(first.body.items[0].id).toBe(old.body.id);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await world.call(opsToken, 'GET', `/api/v1/ops/breaches?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.items[0].id).not.toBe(old.body.id);
    expect(second.body.items[0].affectedSchools.every((s: { notifiedAt: string | null }) => s.notifiedAt)).toBe(true);
    await waitForMails(heads[3].email);
  });

  it('P23: later updates are kept as a list with times; schools added later are notified, once', async () => {
    const recorded = await world.call(opsToken, 'POST', '/api/v1/ops/breaches', incident([schools[0]]));
    const id = recorded.body.id as string;
    const update = await world.call(opsToken, 'POST', `/api/v1/ops/breaches/${id}/updates`, {
      note: 'Root cause found: a deploy script reset the bucket policy',
      measuresTaken: 'Deploy script fixed; policy monitored',
    });
    expect(update.status).toBe(201);
    await world.call(opsToken, 'POST', `/api/v1/ops/breaches/${id}/updates`, {
      note: 'ICO informed by affected schools',
    });

    const added = await world.call(opsToken, 'POST', `/api/v1/ops/breaches/${id}/schools`, {
      schoolIds: [schools[0], schools[2]],
    });
    expect(added.status).toBe(201);
    const got = await world.call(opsToken, 'GET', `/api/v1/ops/breaches/${id}`);
    expect(got.status).toBe(200);
    const view = got.body as BreachIncidentView;
    expect(view.measuresTaken).toBe('Deploy script fixed; policy monitored');
    expect(view.updates.map((u) => [u.note, u.measuresTaken])).toEqual([
      ['Root cause found: a deploy script reset the bucket policy', 'Deploy script fixed; policy monitored'],
      ['ICO informed by affected schools', null],
    ]);
    expect(new Date(view.updates[0].recordedAt).getTime()).toBeLessThanOrEqual(
      new Date(view.updates[1].recordedAt).getTime(),
    );
    expect(view.affectedSchools.map((s) => s.schoolId)).toEqual([schools[0], schools[2]]);
    expect(view.affectedSchools.every((s) => s.notifiedAt !== null)).toBe(true);

    await waitForMails(heads[2].email);
    const notices = await world.call(unaffectedHeadToken, 'GET', '/api/v1/notices');
    expect((notices.body.items as NoticeView[]).map((n) => n.incidentId)).toEqual([id]);
    // School 1 was notified once for this incident, not again when the list grew.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const school1Mails = world.mails(heads[0].email, 'breach-notice').filter((m) => m.text.includes(id));
    expect(school1Mails).toHaveLength(1);
  });

  it('P23: every change is a durable event (ids only) in the platform audit chain; each notice in its school’s', async () => {
    const id = (await world.call(opsToken, 'GET', '/api/v1/ops/breaches?limit=200')).body.items.at(-1).id as string;
    const actionsOf = async (query: string) =>
      ((await world.call(adminToken, 'GET', `/api/v1/platform/audit-entries?${query}&limit=200`)).body.items ?? []) as {
        action: string;
        subjectId: string | null;
        actorId: string | null;
        detail: Record<string, unknown>;
      }[];
    await world.until(async () => {
      const actions = (await actionsOf('subjectType=breach')).filter((e) => e.subjectId === id).map((e) => e.action);
      return ['audit.breach.recorded', 'audit.breach.school-added', 'audit.breach.school-notified'].every((a) =>
        actions.includes(a),
      );
    }, 10_000);
    const entries = (await actionsOf('subjectType=breach')).filter((e) => e.subjectId === id);
    expect(entries.every((e) => e.actorId === opsId)).toBe(true);
    expect(JSON.stringify(entries)).not.toContain('misconfigured');
    await world.until(
      async () =>
        (await actionsOf(`schoolId=${schools[0]}&action=identity.notice.created`)).some((e) => e.subjectId === id),
      10_000,
    );
  });

  it('P23: staff, and the platform admin without ops:breaches, are refused', async () => {
    const body = incident([schools[0]]);
    for (const token of [heads[0].token, adminToken]) {
      expect((await world.call(token, 'POST', '/api/v1/ops/breaches', body)).status).toBe(403);
      expect((await world.call(token, 'GET', '/api/v1/ops/breaches')).status).toBe(403);
    }
    const someId = (await world.call(opsToken, 'GET', '/api/v1/ops/breaches')).body.items[0].id as string;
    expect((await world.call(heads[0].token, 'GET', `/api/v1/ops/breaches/${someId}`)).status).toBe(403);
    expect((await world.call(adminToken, 'POST', `/api/v1/ops/breaches/${someId}/updates`, { note: 'x' })).status).toBe(
      403,
    );
    // Platform staff have no school: the notices route is for a school's staff.
    expect((await world.call(opsToken, 'GET', '/api/v1/notices')).status).toBe(403);
  });

  it('P23: validation names each bad field; an unknown school is named by its place in the list', async () => {
    const bad = await world.call(opsToken, 'POST', '/api/v1/ops/breaches', {
      ...incident(['not-a-uuid']),
      detectedAt: 'yesterday',
      approxPeople: -1,
      nature: '',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'affectedSchoolIds',
      'approxPeople',
      'detectedAt',
      'nature',
    ]);

    const future = await world.call(
      opsToken,
      'POST',
      '/api/v1/ops/breaches',
      incident([schools[0]], new Date(Date.now() + 24 * HOUR_MS)),
    );
    expect(future.status).toBe(400);
    expect(future.body.errors).toEqual([{ field: 'detectedAt', message: 'must not be in the future' }]);

    const unknown = await world.call(opsToken, 'POST', '/api/v1/ops/breaches', incident([schools[0], randomUUID()]));
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ field: 'affectedSchoolIds[1]', message: 'is not a school' }]);

    const missing = await world.call(opsToken, 'GET', `/api/v1/ops/breaches/${randomUUID()}`);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('breach.not_found');
  });
});
