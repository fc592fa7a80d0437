import {
  activate,
  claimsOf,
  createSchool,
  GOOD_PASSWORD,
  PLATFORM_ADMIN,
  publishedEvents,
  schoolWithAdmin,
  signIn,
  startUsersStack,
  tokenIn,
  UsersStack,
  waitForMail,
} from './users-fixtures';

/** Platform staff (no school) and schools' first admins, created by platform admins (P10, P1). */
describe('Platform users and security training (P10), schools\u2019 first admins (P1)', () => {
  let users: UsersStack;
  let platformToken: string;
  let platformAdminId: string;
  let counter = 0;

  const staffMember = (overrides: Record<string, unknown> = {}) => {
    counter += 1;
    return {
      firstName: 'Olu',
      lastName: `Ops${counter}`,
      username: `ops.member${counter}`,
      email: `ops.member${counter}@platform.test`,
      jobTitle: 'Site reliability',
      roles: ['ops'],
      ...overrides,
    };
  };

  beforeAll(async () => {
    users = await startUsersStack('usersplat');
    platformToken = await signIn(users, PLATFORM_ADMIN.login, PLATFORM_ADMIN.password);
    platformAdminId = claimsOf(platformToken).sub;
  }, 90_000);

  afterAll(async () => {
    await users?.stop();
  });

  it('P10: a platform account cannot be activated, nor sign in, until its security training is recorded', async () => {
    const body = staffMember();
    const created = await users.call('POST', '/api/v1/platform/users', { token: platformToken, body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      kind: 'platform',
      tenantId: null,
      roles: ['ops'],
      status: 'invited',
      securityTrainingCompletedAt: null,
    });
    const token = tokenIn(await waitForMail(users.mailDir, body.email, 'invitation'));

    const early = await users.call('POST', '/api/v1/auth/set-password', { body: { token, password: GOOD_PASSWORD } });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'security_training_required', userId: created.body.id });
    const signInEarly = await users.call('POST', '/api/v1/auth/sign-in', {
      body: { login: body.username, password: GOOD_PASSWORD },
    });
    expect(signInEarly.status).toBe(401);

    // Nor through the password-reset door.
    await users.call('POST', '/api/v1/auth/password-reset', { body: { login: body.email } });
    const resetToken = tokenIn(await waitForMail(users.mailDir, body.email, 'password-reset'));
    const viaReset = await users.call('POST', '/api/v1/auth/password-reset/confirm', {
      body: { token: resetToken, password: GOOD_PASSWORD },
    });
    expect(viaReset.status).toBe(409);
    expect(viaReset.body.code).toBe('security_training_required');

    const trained = await users.call('POST', `/api/v1/platform/users/${created.body.id}/security-training`, {
      token: platformToken,
      body: { completedAt: '2026-11-20', course: 'Information security and data protection induction' },
    });
    expect(trained.status).toBe(200);
    expect(trained.body.securityTrainingCompletedAt).toBe('2026-11-20T00:00:00.000Z');
    const stored = await users.sql(
      'select security_training_course, security_training_recorded_by from user_account where id = $1',
      [created.body.id],
    );
    expect(stored[0]).toEqual({
      security_training_course: 'Information security and data protection induction',
      security_training_recorded_by: platformAdminId,
    });

    // The reset link was the newest one; it now activates the account.
    const activated = await users.call('POST', '/api/v1/auth/password-reset/confirm', {
      body: { token: resetToken, password: GOOD_PASSWORD },
    });
    expect(activated.status).toBe(204);
    const opsToken = await signIn(users, body.username, GOOD_PASSWORD);
    expect(claimsOf(opsToken)).toMatchObject({
      akd: 'platform',
      tid: null,
      roles: ['ops'],
      perms: ['ops:breaches', 'ops:maintenance', 'ops:sessions'],
    });
    const events = await publishedEvents(users, 'evt.identity.user.security-training-recorded', (list) =>
      list.some((e) => e.data.userId === created.body.id),
    );
    expect(events[0].data).toEqual({ userId: created.body.id });
  });

  it('P10: the invitation link set before training works once training is recorded', async () => {
    const body = staffMember({ roles: ['support', 'finance'] });
    const created = await users.call('POST', '/api/v1/platform/users', { token: platformToken, body });
    const token = tokenIn(await waitForMail(users.mailDir, body.email, 'invitation'));
    expect(
      (await users.call('POST', '/api/v1/auth/set-password', { body: { token, password: GOOD_PASSWORD } })).status,
    ).toBe(409);
    await users.call('POST', `/api/v1/platform/users/${created.body.id}/security-training`, {
      token: platformToken,
      body: { completedAt: new Date().toISOString(), course: 'Security awareness 2026' },
    });
    expect(
      (await users.call('POST', '/api/v1/auth/set-password', { body: { token, password: GOOD_PASSWORD } })).status,
    ).toBe(204);
    const read = await users.call('GET', `/api/v1/platform/users/${created.body.id}`, { token: platformToken });
    expect(read.body.status).toBe('active');
  });

  it('P10: training is not recorded in the future, nor by the account holder for themselves', async () => {
    const created = await users.call('POST', '/api/v1/platform/users', { token: platformToken, body: staffMember() });
    const future = await users.call('POST', `/api/v1/platform/users/${created.body.id}/security-training`, {
      token: platformToken,
      body: { completedAt: new Date(Date.now() + 86_400_000).toISOString(), course: 'Later' },
    });
    expect(future.status).toBe(400);
    expect(future.body.errors).toEqual([{ field: 'completedAt', message: 'must be a date that is not in the future' }]);
    const self = await users.call('POST', `/api/v1/platform/users/${platformAdminId}/security-training`, {
      token: platformToken,
      body: { completedAt: '2026-11-01', course: 'Induction' },
    });
    expect(self.status).toBe(403);
    expect(self.body.code).toBe('training.self_record');
    const missing = await users.call('POST', `/api/v1/platform/users/${created.body.id}/security-training`, {
      token: platformToken,
      body: { completedAt: '2026-11-01' },
    });
    expect(missing.body.errors).toEqual([{ field: 'course', message: expect.any(String) }]);
  });

  it('platform accounts hold platform roles only, and only platform admins manage them', async () => {
    const schoolRole = await users.call('POST', '/api/v1/platform/users', {
      token: platformToken,
      body: staffMember({ roles: ['school-admin'] }),
    });
    expect(schoolRole.status).toBe(400);
    expect(schoolRole.body.errors[0].field).toBe('roles');
    const withTrn = await users.call('POST', '/api/v1/platform/users', {
      token: platformToken,
      body: staffMember({ teacherReferenceNumber: '1234567' }),
    });
    expect(withTrn.status).toBe(400);

    const school = await schoolWithAdmin(users, platformToken, 'platroles');
    const refused = await users.call('GET', '/api/v1/platform/users', { token: school.token });
    expect(refused.status).toBe(403);
    expect(refused.body.missing).toEqual(['platform:users']);
    // The platform list holds no school staff, and a staff id is not a platform user.
    const list = await users.call('GET', '/api/v1/platform/users?limit=200', { token: platformToken });
    expect(list.body.items.every((u: { kind: string }) => u.kind === 'platform')).toBe(true);
    expect((await users.call('GET', `/api/v1/platform/users/${school.userId}`, { token: platformToken })).status).toBe(
      404,
    );
  });

  it('the platform keeps at least one active platform admin; deactivating ends sessions', async () => {
    const last = await users.call('POST', `/api/v1/platform/users/${platformAdminId}/deactivate`, {
      token: platformToken,
    });
    expect(last.status).toBe(409);
    expect(last.body.code).toBe('user.last_admin');

    const body = staffMember({ roles: ['finance'] });
    const created = await users.call('POST', '/api/v1/platform/users', { token: platformToken, body });
    await users.call('POST', `/api/v1/platform/users/${created.body.id}/security-training`, {
      token: platformToken,
      body: { completedAt: '2026-11-02', course: 'Induction' },
    });
    await activate(users, body.email);
    const financeToken = await signIn(users, body.username, GOOD_PASSWORD);
    const gone = await users.call('POST', `/api/v1/platform/users/${created.body.id}/deactivate`, {
      token: platformToken,
    });
    expect(gone.status).toBe(200);
    await users.stack.waitUntil(
      async () => (await users.call('GET', '/api/v1/me', { token: financeToken })).status === 401,
      2000,
    );
  });

  describe("P1: a school's first admin", () => {
    it('P1: the platform invites a school\u2019s first admin, who then manages the school\u2019s users', async () => {
      const schoolId = await createSchool(users, platformToken);
      const body = { firstName: 'Hannah', lastName: 'Head', username: 'first.head', email: 'first.head@school.test' };
      const created = await users.call('POST', `/api/v1/platform/schools/${schoolId}/admins`, {
        token: platformToken,
        body,
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        tenantId: schoolId,
        kind: 'staff',
        roles: ['school-admin'],
        status: 'invited',
      });
      const invited = await publishedEvents(users, 'evt.identity.user.invited', (list) =>
        list.some((e) => e.data.userId === created.body.id),
      );
      expect(invited.find((e) => e.data.userId === created.body.id)).toEqual({
        subject: 'evt.identity.user.invited',
        tenantId: schoolId,
        data: { userId: created.body.id, kind: 'staff' },
      });

      // Until the first admin is active the platform may invite another (an invitation not taken up).
      const second = await users.call('POST', `/api/v1/platform/schools/${schoolId}/admins`, {
        token: platformToken,
        body: { ...body, username: 'second.head', email: 'second.head@school.test' },
      });
      expect(second.status).toBe(201);

      await activate(users, body.email);
      const headToken = await signIn(users, body.username, GOOD_PASSWORD);
      expect(claimsOf(headToken)).toMatchObject({ tid: schoolId, roles: ['school-admin'] });
      const list = await users.call('GET', '/api/v1/users', { token: headToken });
      expect(list.status).toBe(200);
      expect(list.body.items.map((u: { id: string }) => u.id)).toEqual([created.body.id, second.body.id]);

      const third = await users.call('POST', `/api/v1/platform/schools/${schoolId}/admins`, {
        token: platformToken,
        body: { ...body, username: 'third.head', email: 'third.head@school.test' },
      });
      expect(third.status).toBe(409);
      expect(third.body.code).toBe('school.admin_exists');
    });

    it('P1: answers 404 for a school that does not exist, and refuses unknown fields', async () => {
      const missing = await users.call('POST', '/api/v1/platform/schools/0190f0c4-1b2a-7c3d-8e4f-a1b2c3d4e5f6/admins', {
        token: platformToken,
        body: { firstName: 'A', lastName: 'B', username: 'no.school', email: 'no.school@school.test' },
      });
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('school.not_found');
      const schoolId = await createSchool(users, platformToken);
      const extra = await users.call('POST', `/api/v1/platform/schools/${schoolId}/admins`, {
        token: platformToken,
        body: { firstName: 'A', lastName: 'B', username: 'x.head', email: 'x.head@school.test', roles: ['teacher'] },
      });
      expect(extra.status).toBe(400);
      expect(extra.body.errors).toEqual([{ field: 'roles', message: 'is not an allowed field' }]);
    });
  });
});
