import { activate, claimsOf, schoolWithAdmin, tokenIn, World, WORLD_PASSWORD } from '@pt/testing';

/** Platform staff (no school) and schools' first admins, created by platform admins (P10, P1). */
describe('Platform users and security training (P10), schools\u2019 first admins (P1)', () => {
  let world: World;
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
    world = await World.start({ label: 'usersplat', processes: ['gateway', 'identity'], mail: true });
    platformToken = world.platformAdmin.token;
    platformAdminId = claimsOf(platformToken).sub;
  }, 90_000);

  afterAll(async () => {
    await world?.stop();
  });

  it('P10: a platform account cannot be activated, nor sign in, until its security training is recorded', async () => {
    const body = staffMember();
    const created = await world.call(platformToken, 'POST', '/api/v1/platform/users', body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      kind: 'platform',
      tenantId: null,
      roles: ['ops'],
      status: 'invited',
      securityTrainingCompletedAt: null,
    });
    const token = tokenIn(await world.mail(body.email, 'invitation'));

    const early = await world.call(null, 'POST', '/api/v1/auth/set-password', { token, password: WORLD_PASSWORD });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'user.security_training_required', userId: created.body.id });
    const signInEarly = await world.call(null, 'POST', '/api/v1/auth/sign-in', {
      login: body.username,
      password: WORLD_PASSWORD,
    });
    expect(signInEarly.status).toBe(401);

    // Nor through the password-reset door.
    await world.call(null, 'POST', '/api/v1/auth/password-reset', { login: body.email });
    const resetToken = tokenIn(await world.mail(body.email, 'password-reset'));
    const viaReset = await world.call(null, 'POST', '/api/v1/auth/password-reset/confirm', {
      token: resetToken,
      password: WORLD_PASSWORD,
    });
    expect(viaReset.status).toBe(409);
    expect(viaReset.body.code).toBe('user.security_training_required');

    const trained = await world.call(
      platformToken,
      'POST',
      `/api/v1/platform/users/${created.body.id}/security-training`,
      { completedAt: '2026-11-20', course: 'Information security and data protection induction' },
    );
    expect(trained.status).toBe(200);
    expect(trained.body.securityTrainingCompletedAt).toBe('2026-11-20T00:00:00.000Z');
    const stored = await world.sql(
      'identity',
      'select security_training_course, security_training_recorded_by from user_account where id = $1',
      [created.body.id],
    );
    expect(stored[0]).toEqual({
      security_training_course: 'Information security and data protection induction',
      security_training_recorded_by: platformAdminId,
    });

    // The reset link was the newest one; it now activates the account.
    const activated = await world.call(null, 'POST', '/api/v1/auth/password-reset/confirm', {
      token: resetToken,
      password: WORLD_PASSWORD,
    });
    expect(activated.status).toBe(204);
    const opsToken = (await world.signIn(body.username, WORLD_PASSWORD)).token;
    expect(claimsOf(opsToken)).toMatchObject({
      akd: 'platform',
      tid: null,
      roles: ['ops'],
      perms: ['ops:breaches', 'ops:maintenance', 'ops:sessions'],
    });
    const events = await world.eventsOf('evt.identity.user.security-training-recorded', (list) =>
      list.some((e) => e.data.userId === created.body.id),
    );
    expect(events[0].data).toEqual({ userId: created.body.id });
  });

  it('P10: the invitation link set before training works once training is recorded', async () => {
    const body = staffMember({ roles: ['support', 'finance'] });
    const created = await world.call(platformToken, 'POST', '/api/v1/platform/users', body);
    const token = tokenIn(await world.mail(body.email, 'invitation'));
    expect(
      (await world.call(null, 'POST', '/api/v1/auth/set-password', { token, password: WORLD_PASSWORD })).status,
    ).toBe(409);
    await world.call(platformToken, 'POST', `/api/v1/platform/users/${created.body.id}/security-training`, {
      completedAt: new Date().toISOString(),
      course: 'Security awareness 2026',
    });
    expect(
      (await world.call(null, 'POST', '/api/v1/auth/set-password', { token, password: WORLD_PASSWORD })).status,
    ).toBe(204);
    const read = await world.call(platformToken, 'GET', `/api/v1/platform/users/${created.body.id}`);
    expect(read.body.status).toBe('active');
  });

  it('P10: training is not recorded in the future, nor by the account holder for themselves', async () => {
    const created = await world.call(platformToken, 'POST', '/api/v1/platform/users', staffMember());
    const future = await world.call(
      platformToken,
      'POST',
      `/api/v1/platform/users/${created.body.id}/security-training`,
      { completedAt: new Date(Date.now() + 86_400_000).toISOString(), course: 'Later' },
    );
    expect(future.status).toBe(400);
    expect(future.body.errors).toEqual([{ field: 'completedAt', message: 'must be a date that is not in the future' }]);
    const self = await world.call(
      platformToken,
      'POST',
      `/api/v1/platform/users/${platformAdminId}/security-training`,
      { completedAt: '2026-11-01', course: 'Induction' },
    );
    expect(self.status).toBe(403);
    expect(self.body.code).toBe('training.self_record');
    const missing = await world.call(
      platformToken,
      'POST',
      `/api/v1/platform/users/${created.body.id}/security-training`,
      { completedAt: '2026-11-01' },
    );
    expect(missing.body.errors).toEqual([{ field: 'course', message: expect.any(String) }]);
  });

  it('platform accounts hold platform roles only, and only platform admins manage them', async () => {
    const schoolRole = await world.call(
      platformToken,
      'POST',
      '/api/v1/platform/users',
      staffMember({ roles: ['school-admin'] }),
    );
    expect(schoolRole.status).toBe(400);
    expect(schoolRole.body.errors[0].field).toBe('roles');
    const withTrn = await world.call(
      platformToken,
      'POST',
      '/api/v1/platform/users',
      staffMember({ teacherReferenceNumber: '1234567' }),
    );
    expect(withTrn.status).toBe(400);

    const school = await schoolWithAdmin(world, 'platroles');
    const refused = await world.call(school.token, 'GET', '/api/v1/platform/users');
    expect(refused.status).toBe(403);
    expect(refused.body.missing).toEqual(['platform:users']);
    // The platform list holds no school staff, and a staff id is not a platform user.
    const list = await world.call(platformToken, 'GET', '/api/v1/platform/users?limit=200');
    expect(list.body.items.every((u: { kind: string }) => u.kind === 'platform')).toBe(true);
    expect((await world.call(platformToken, 'GET', `/api/v1/platform/users/${school.userId}`)).status).toBe(404);
  });

  it('the platform keeps at least one active platform admin; deactivating ends sessions', async () => {
    const last = await world.call(platformToken, 'POST', `/api/v1/platform/users/${platformAdminId}/deactivate`);
    expect(last.status).toBe(409);
    expect(last.body.code).toBe('user.last_admin');

    const body = staffMember({ roles: ['finance'] });
    const created = await world.call(platformToken, 'POST', '/api/v1/platform/users', body);
    await world.call(platformToken, 'POST', `/api/v1/platform/users/${created.body.id}/security-training`, {
      completedAt: '2026-11-02',
      course: 'Induction',
    });
    await activate(world, body.email);
    const financeToken = (await world.signIn(body.username, WORLD_PASSWORD)).token;
    const gone = await world.call(platformToken, 'POST', `/api/v1/platform/users/${created.body.id}/deactivate`);
    expect(gone.status).toBe(200);
    await world.until(async () => (await world.call(financeToken, 'GET', '/api/v1/me')).status === 401, 2000);
  });

  describe("P1: a school's first admin", () => {
    it('P1: the platform invites a school\u2019s first admin, who then manages the school\u2019s users', async () => {
      const schoolId = (await world.school({ laCode: '998' })).id;
      const body = { firstName: 'Hannah', lastName: 'Head', username: 'first.head', email: 'first.head@school.test' };
      const created = await world.call(platformToken, 'POST', `/api/v1/platform/schools/${schoolId}/admins`, body);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        tenantId: schoolId,
        kind: 'staff',
        roles: ['school-admin'],
        status: 'invited',
      });
      const invited = await world.eventsOf('evt.identity.user.invited', (list) =>
        list.some((e) => e.data.userId === created.body.id),
      );
      expect(invited.find((e) => e.data.userId === created.body.id)).toEqual({
        subject: 'evt.identity.user.invited',
        tenantId: schoolId,
        data: { userId: created.body.id, kind: 'staff' },
      });

      // Until the first admin is active the platform may invite another (an invitation not taken up).
      const second = await world.call(platformToken, 'POST', `/api/v1/platform/schools/${schoolId}/admins`, {
        ...body,
        username: 'second.head',
        email: 'second.head@school.test',
      });
      expect(second.status).toBe(201);

      await activate(world, body.email);
      const headToken = (await world.signIn(body.username, WORLD_PASSWORD)).token;
      expect(claimsOf(headToken)).toMatchObject({ tid: schoolId, roles: ['school-admin'] });
      const list = await world.call(headToken, 'GET', '/api/v1/users');
      expect(list.status).toBe(200);
      expect(list.body.items.map((u: { id: string }) => u.id)).toEqual([created.body.id, second.body.id]);

      const third = await world.call(platformToken, 'POST', `/api/v1/platform/schools/${schoolId}/admins`, {
        ...body,
        username: 'third.head',
        email: 'third.head@school.test',
      });
      expect(third.status).toBe(409);
      expect(third.body.code).toBe('school.admin_exists');
    });

    it('P1: answers 404 for a school that does not exist, and refuses unknown fields', async () => {
      const missing = await world.call(
        platformToken,
        'POST',
        '/api/v1/platform/schools/0190f0c4-1b2a-7c3d-8e4f-a1b2c3d4e5f6/admins',
        { firstName: 'A', lastName: 'B', username: 'no.school', email: 'no.school@school.test' },
      );
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('school.not_found');
      const schoolId = (await world.school({ laCode: '998' })).id;
      const extra = await world.call(platformToken, 'POST', `/api/v1/platform/schools/${schoolId}/admins`, {
        firstName: 'A',
        lastName: 'B',
        username: 'x.head',
        email: 'x.head@school.test',
        roles: ['teacher'],
      });
      expect(extra.status).toBe(400);
      expect(extra.body.errors).toEqual([{ field: 'roles', message: 'is not an allowed field' }]);
    });
  });
});
