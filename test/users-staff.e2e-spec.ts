import {
  activate,
  GOOD_PASSWORD,
  mailsTo,
  PLATFORM_ADMIN,
  publishedEvents,
  schoolWithAdmin,
  SchoolAdmin,
  signIn,
  startUsersStack,
  tokenIn,
  UsersStack,
  waitForMail,
} from './users-fixtures';

/** Staff accounts of a school, managed by its admins through the gateway (P1, P8, P19). */
describe('Staff users: invite, list, read, change, deactivate, remove (P1, P8, P19)', () => {
  let users: UsersStack;
  let schoolA: SchoolAdmin;
  let schoolB: SchoolAdmin;
  let counter = 0;

  const profile = (overrides: Record<string, unknown> = {}) => {
    counter += 1;
    return {
      title: 'Ms',
      firstName: 'Grace',
      lastName: `Hopper${counter}`,
      username: `g.hopper${counter}`,
      email: `g.hopper${counter}@school.test`,
      jobTitle: 'Teacher of Computing',
      telephone: '+44 20 7946 0000',
      teacherReferenceNumber: '1234567',
      roles: ['teacher'],
      ...overrides,
    };
  };
  const invite = async (admin: SchoolAdmin, overrides: Record<string, unknown> = {}) => {
    const reply = await users.call('POST', '/api/v1/users', { token: admin.token, body: profile(overrides) });
    expect(reply.status).toBe(201);
    return reply.body as Record<string, any>;
  };
  /** An invited user who has set a password and signed in. */
  const activeUser = async (
    admin: SchoolAdmin,
    overrides: Record<string, unknown> = {},
  ): Promise<Record<string, any>> => {
    const user = await invite(admin, overrides);
    await activate(users, user.email);
    return { ...user, token: await signIn(users, user.username, GOOD_PASSWORD) };
  };

  beforeAll(async () => {
    users = await startUsersStack('usersstaff');
    const platformToken = await signIn(users, PLATFORM_ADMIN.login, PLATFORM_ADMIN.password);
    schoolA = await schoolWithAdmin(users, platformToken, 'staffa');
    schoolB = await schoolWithAdmin(users, platformToken, 'staffb');
  }, 90_000);

  afterAll(async () => {
    await users?.stop();
  });

  describe('P1: what a staff record holds', () => {
    it('P1: an admin invites by email; the single-use link (stored hashed) sets the password and activates the account', async () => {
      const body = profile();
      const created = await users.call('POST', '/api/v1/users', { token: schoolA.token, body });
      expect(created.status).toBe(201);
      expect(created.headers.get('location')).toBe(`/api/v1/users/${created.body.id}`);
      expect(created.headers.get('etag')).toBe('"1"');
      expect(created.body).toEqual({
        id: expect.any(String),
        tenantId: schoolA.schoolId,
        kind: 'staff',
        title: 'Ms',
        firstName: body.firstName,
        lastName: body.lastName,
        username: body.username,
        email: body.email,
        jobTitle: 'Teacher of Computing',
        telephone: '+44 20 7946 0000',
        teacherReferenceNumber: '1234567',
        roles: ['teacher'],
        classGroupIds: null,
        status: 'invited',
        lastSignInAt: null,
        createdAt: expect.any(String),
        version: 1,
      });

      const mail = await waitForMail(users.mailDir, body.email, 'invitation');
      expect(mail.text).toContain('https://app.pupil-tracking.test/set-password#token=');
      const token = tokenIn(mail);
      const stored = await users.sql(`select token_hash, expires_at from user_token where user_id = $1`, [
        created.body.id,
      ]);
      expect(stored).toHaveLength(1);
      expect(stored[0].token_hash).not.toContain(token);
      expect(new Date(stored[0].expires_at).getTime()).toBeLessThanOrEqual(Date.now() + 72 * 3600_000 + 5000);

      // Invited is not active: no sign-in until the password is set.
      const early = await users.call('POST', '/api/v1/auth/sign-in', {
        body: { login: body.username, password: GOOD_PASSWORD },
      });
      expect(early.status).toBe(401);

      const weak = await users.call('POST', '/api/v1/auth/set-password', { body: { token, password: 'short' } });
      expect(weak.status).toBe(400);
      expect(weak.body.errors[0].field).toBe('password');

      const set = await users.call('POST', '/api/v1/auth/set-password', { body: { token, password: GOOD_PASSWORD } });
      expect(set.status).toBe(204);
      const again = await users.call('POST', '/api/v1/auth/set-password', {
        body: { token, password: 'Another-Good-Pass-9' },
      });
      expect(again.status).toBe(400);
      expect(again.body.code).toBe('token.invalid');

      await signIn(users, body.email, GOOD_PASSWORD);
      const read = await users.call('GET', `/api/v1/users/${created.body.id}`, { token: schoolA.token });
      expect(read.body).toMatchObject({ status: 'active', lastSignInAt: expect.any(String) });
    });

    it('P1: refuses any field the record does not hold, naming it, on invite and on change', async () => {
      const invited = await users.call('POST', '/api/v1/users', {
        token: schoolA.token,
        body: { ...profile(), dateOfBirth: '1980-01-01', nationalInsuranceNumber: 'QQ123456C' },
      });
      expect(invited.status).toBe(400);
      expect(invited.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'dateOfBirth',
        'nationalInsuranceNumber',
      ]);
      expect(invited.body.errors[0].message).toBe('is not an allowed field');

      const user = await invite(schoolA);
      const changed = await users.call('PATCH', `/api/v1/users/${user.id}`, {
        token: schoolA.token,
        headers: { 'if-match': '"1"' },
        body: { homeAddress: '1 Secret Lane' },
      });
      expect(changed.status).toBe(400);
      expect(changed.body.errors).toEqual([{ field: 'homeAddress', message: 'is not an allowed field' }]);
    });

    it('P1: the DfE teacher reference number is optional and, when given, 7 digits; roles must exist', async () => {
      const bad = await users.call('POST', '/api/v1/users', {
        token: schoolA.token,
        body: profile({ teacherReferenceNumber: '12345', username: 'has@sign' }),
      });
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual(
        expect.arrayContaining([
          { field: 'teacherReferenceNumber', message: 'must be 7 digits' },
          { field: 'username', message: expect.any(String) },
        ]),
      );
      const without = profile();
      delete (without as Record<string, unknown>).teacherReferenceNumber;
      const created = await users.call('POST', '/api/v1/users', { token: schoolA.token, body: without });
      expect(created.status).toBe(201);
      expect(created.body.teacherReferenceNumber).toBeNull();

      const unknownRole = await users.call('POST', '/api/v1/users', {
        token: schoolA.token,
        body: profile({ roles: ['headmaster'] }),
      });
      expect(unknownRole.status).toBe(400);
      expect(unknownRole.body.errors).toEqual([{ field: 'roles', message: 'unknown role: headmaster' }]);
      const platformRole = await users.call('POST', '/api/v1/users', {
        token: schoolA.token,
        body: profile({ roles: ['platform-admin'] }),
      });
      expect(platformRole.status).toBe(400);
    });

    it('P1: usernames and emails are unique across schools: 409 naming the field only', async () => {
      const first = await invite(schoolA);
      const sameEmail = await users.call('POST', '/api/v1/users', {
        token: schoolB.token,
        body: profile({ email: first.email.toUpperCase() }),
      });
      expect(sameEmail.status).toBe(409);
      expect(sameEmail.body).toMatchObject({ code: 'user.email_taken', field: 'email' });
      expect(JSON.stringify(sameEmail.body)).not.toContain(first.email);
      const sameUsername = await users.call('POST', '/api/v1/users', {
        token: schoolB.token,
        body: profile({ username: first.username }),
      });
      expect(sameUsername.body.code).toBe('user.username_taken');
    });
  });

  describe('P8: the school manages its users', () => {
    it('P8: lists with cursor pagination, filtered by role and status', async () => {
      const office = await invite(schoolB, { roles: ['office'] });
      await invite(schoolB, { roles: ['office', 'read-only'] });
      await invite(schoolB, { roles: ['teacher'] });

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `limit=2&cursor=${encodeURIComponent(cursor)}` : 'limit=2';
        const page = await users.call('GET', `/api/v1/users?${query}`, { token: schoolB.token });
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.items.map((u: { id: string }) => u.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toContain(office.id);
      expect(seen).toContain(schoolB.userId);

      const offices = await users.call('GET', '/api/v1/users?role=office', { token: schoolB.token });
      expect(offices.body.items).toHaveLength(2);
      const invited = await users.call('GET', '/api/v1/users?status=invited&role=teacher', { token: schoolB.token });
      expect(invited.body.items.every((u: any) => u.status === 'invited' && u.roles.includes('teacher'))).toBe(true);
      const active = await users.call('GET', '/api/v1/users?status=active', { token: schoolB.token });
      expect(active.body.items.map((u: { id: string }) => u.id)).toEqual([schoolB.userId]);

      const badCursor = await users.call('GET', '/api/v1/users?cursor=bm90LWEtY3Vyc29y', { token: schoolB.token });
      expect(badCursor.status).toBe(400);
      expect(badCursor.body.errors).toEqual([{ field: 'cursor', message: 'is not a valid cursor' }]);
    });

    it('P8: changes need the ETag in If-Match: a stale one is 412, none is 428', async () => {
      const user = await invite(schoolA);
      const read = await users.call('GET', `/api/v1/users/${user.id}`, { token: schoolA.token });
      const etag = read.headers.get('etag')!;
      expect(etag).toBe('"1"');

      const missing = await users.call('PATCH', `/api/v1/users/${user.id}`, {
        token: schoolA.token,
        body: { jobTitle: 'Head of Year 7' },
      });
      expect(missing.status).toBe(428);
      expect(missing.body.code).toBe('if_match_required');

      const changed = await users.call('PATCH', `/api/v1/users/${user.id}`, {
        token: schoolA.token,
        headers: { 'if-match': etag },
        body: { jobTitle: 'Head of Year 7', telephone: null, roles: ['teacher', 'office'] },
      });
      expect(changed.status).toBe(200);
      expect(changed.headers.get('etag')).toBe('"2"');
      expect(changed.body).toMatchObject({ jobTitle: 'Head of Year 7', telephone: null, roles: ['teacher', 'office'] });

      const stale = await users.call('PATCH', `/api/v1/users/${user.id}`, {
        token: schoolA.token,
        headers: { 'if-match': etag },
        body: { jobTitle: 'Overwritten' },
      });
      expect(stale.status).toBe(412);
      expect(stale.body.code).toBe('stale_version');
      const after = await users.call('GET', `/api/v1/users/${user.id}`, { token: schoolA.token });
      expect(after.body.jobTitle).toBe('Head of Year 7');

      const events = await publishedEvents(users, 'evt.identity.user.updated', (list) =>
        list.some((e) => e.data.userId === user.id),
      );
      expect(events.find((e) => e.data.userId === user.id)!.data).toEqual({
        userId: user.id,
        fields: ['jobTitle', 'telephone', 'roles'],
      });
    });

    it('P8: deactivating refuses sign-in and ends every session at once', async () => {
      const user = await activeUser(schoolA);
      expect((await users.call('GET', '/api/v1/me', { token: user.token })).status).toBe(200);

      const deactivated = await users.call('POST', `/api/v1/users/${user.id}/deactivate`, { token: schoolA.token });
      expect(deactivated.status).toBe(200);
      expect(deactivated.body.status).toBe('deactivated');

      await users.stack.waitUntil(
        async () => (await users.call('GET', '/api/v1/me', { token: user.token })).status === 401,
        2000,
      );
      const me = await users.call('GET', '/api/v1/me', { token: user.token });
      expect(me.body.code).toBe('session_ended');
      const again = await users.call('POST', '/api/v1/auth/sign-in', {
        body: { login: user.username, password: GOOD_PASSWORD },
      });
      expect(again.status).toBe(401);
      const events = await publishedEvents(users, 'evt.identity.user.deactivated', (list) =>
        list.some((e) => e.data.userId === user.id),
      );
      expect(events.find((e) => e.data.userId === user.id)!.data).toEqual({ userId: user.id, sessionsEnded: 1 });
    });

    it('P8: removing deletes the account and its sessions; the event names ids only', async () => {
      const user = await activeUser(schoolA);
      const removed = await users.call('DELETE', `/api/v1/users/${user.id}`, { token: schoolA.token });
      expect(removed.status).toBe(204);
      expect((await users.call('GET', `/api/v1/users/${user.id}`, { token: schoolA.token })).status).toBe(404);
      await users.stack.waitUntil(
        async () => (await users.call('GET', '/api/v1/me', { token: user.token })).status === 401,
        2000,
      );
      expect(await users.sql('select 1 from user_account where id = $1', [user.id])).toHaveLength(0);

      const events = await publishedEvents(users, 'evt.identity.user.removed', (list) =>
        list.some((e) => e.data.userId === user.id),
      );
      const event = events.find((e) => e.data.userId === user.id)!;
      expect(event).toEqual({
        subject: 'evt.identity.user.removed',
        tenantId: schoolA.schoolId,
        data: { userId: user.id },
      });
    });

    it('P8: a new invitation link replaces the old one; only invited users get one', async () => {
      const user = await invite(schoolA);
      const firstToken = tokenIn(await waitForMail(users.mailDir, user.email, 'invitation'));
      const resent = await users.call('POST', `/api/v1/users/${user.id}/invitation`, { token: schoolA.token });
      expect(resent.status).toBe(200);
      await waitForMail(users.mailDir, user.email, 'invitation', 1);
      expect(mailsTo(users.mailDir, user.email, 'invitation')).toHaveLength(2);
      const old = await users.call('POST', '/api/v1/auth/set-password', {
        body: { token: firstToken, password: GOOD_PASSWORD },
      });
      expect(old.status).toBe(400);
      await activate(users, user.email);
      const notInvited = await users.call('POST', `/api/v1/users/${user.id}/invitation`, { token: schoolA.token });
      expect(notInvited.status).toBe(409);
      expect(notInvited.body.code).toBe('user.not_invited');
    });

    it('P8: the school keeps at least one active user who can manage users (409 user.last_admin)', async () => {
      const selfDeactivate = await users.call('POST', `/api/v1/users/${schoolB.userId}/deactivate`, {
        token: schoolB.token,
      });
      expect(selfDeactivate.status).toBe(409);
      expect(selfDeactivate.body.code).toBe('user.last_admin');
      const me = await users.call('GET', `/api/v1/users/${schoolB.userId}`, { token: schoolB.token });
      const demote = await users.call('PATCH', `/api/v1/users/${schoolB.userId}`, {
        token: schoolB.token,
        headers: { 'if-match': me.headers.get('etag')! },
        body: { roles: ['teacher'] },
      });
      expect(demote.status).toBe(409);
      expect(demote.body.code).toBe('user.last_admin');
      expect((await users.call('DELETE', `/api/v1/users/${schoolB.userId}`, { token: schoolB.token })).status).toBe(
        409,
      );
    });
  });

  describe('P19: only the school, only admins', () => {
    it('P19: an admin of school A gets 404 for every user id of school B on every user route, as for a missing id', async () => {
      const ofB = await invite(schoolB);
      const missing = '0190f0c4-1b2a-7c3d-8e4f-a1b2c3d4e5f6';
      const routes: Array<[string, string, Record<string, unknown>?]> = [
        ['GET', '/api/v1/users/{id}'],
        ['PATCH', '/api/v1/users/{id}', { jobTitle: 'Taken over' }],
        ['POST', '/api/v1/users/{id}/deactivate'],
        ['POST', '/api/v1/users/{id}/invitation'],
        ['DELETE', '/api/v1/users/{id}'],
      ];
      for (const [method, path, body] of routes) {
        const other = await users.call(method, path.replace('{id}', ofB.id), {
          token: schoolA.token,
          body,
          headers: { 'if-match': '"1"' },
        });
        const absent = await users.call(method, path.replace('{id}', missing), {
          token: schoolA.token,
          body,
          headers: { 'if-match': '"1"' },
        });
        expect([method, path, other.status]).toEqual([method, path, 404]);
        delete other.body.requestId;
        delete absent.body.requestId;
        expect(other.body).toEqual(absent.body);
        expect(other.body.code).toBe('user.not_found');
      }
      for (const adminId of [schoolB.userId]) {
        expect((await users.call('GET', `/api/v1/users/${adminId}`, { token: schoolA.token })).status).toBe(404);
      }
      const list = await users.call('GET', '/api/v1/users?limit=200', { token: schoolA.token });
      expect(list.body.items.map((u: { id: string }) => u.id)).not.toContain(ofB.id);
      const untouched = await users.call('GET', `/api/v1/users/${ofB.id}`, { token: schoolB.token });
      expect(untouched.body).toMatchObject({ status: 'invited', version: 1 });
    });

    it('P19: staff without users:manage are refused (403), and platform tokens have no school here', async () => {
      const teacher = await activeUser(schoolA, { roles: ['teacher'] });
      const refused = await users.call('GET', '/api/v1/users', { token: teacher.token });
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ code: 'permission_denied', missing: ['users:manage'] });
      const platformToken = await signIn(users, PLATFORM_ADMIN.login, PLATFORM_ADMIN.password);
      expect((await users.call('GET', '/api/v1/users', { token: platformToken })).status).toBe(403);
    });

    it('P19: nobody hands out a role with permissions they do not hold', async () => {
      // A senior leader may read users but not manage them; give one users:manage through a custom role.
      const role = await users.call('POST', '/api/v1/roles', {
        token: schoolA.token,
        body: { name: 'staff-manager', permissions: ['users:manage', 'users:read'] },
      });
      expect(role.status).toBe(201);
      const manager = await activeUser(schoolA, { roles: ['staff-manager'] });
      const escalate = await users.call('POST', '/api/v1/users', {
        token: manager.token,
        body: profile({ roles: ['school-admin'] }),
      });
      expect(escalate.status).toBe(403);
      expect(escalate.body.code).toBe('role.escalation');
      expect(escalate.body.missing).toContain('pupils:erase');
      const allowed = await users.call('POST', '/api/v1/users', {
        token: manager.token,
        body: profile({ roles: ['staff-manager'] }),
      });
      expect(allowed.status).toBe(201);
    });
  });

  it('keeps names, emails and tokens out of logs and events (ids only)', async () => {
    const body = profile({ firstName: 'Zebedee', lastName: 'Quillfeather' });
    const created = await users.call('POST', '/api/v1/users', { token: schoolA.token, body });
    const token = tokenIn(await waitForMail(users.mailDir, body.email, 'invitation'));
    await users.call('POST', '/api/v1/auth/set-password', { body: { token, password: GOOD_PASSWORD } });
    const invited = await publishedEvents(users, 'evt.identity.user.invited', (list) =>
      list.some((e) => e.data.userId === created.body.id),
    );
    expect(invited.find((e) => e.data.userId === created.body.id)!.data).toEqual({
      userId: created.body.id,
      kind: 'staff',
    });
    const logs = JSON.stringify([...users.stack.logsOf('identity'), ...users.stack.logsOf('gateway')]);
    for (const secret of [body.email, body.firstName, body.lastName, body.username, token, GOOD_PASSWORD]) {
      expect(logs).not.toContain(secret);
    }
    expect(logs).toContain('"mailKind":"invitation"');
    // Every refusal in this file was a known failure with its own status, never an unexpected error.
    const errors = [...users.stack.logsOf('identity'), ...users.stack.logsOf('gateway')].filter(
      (line) => line.level === 'error' || line.level === 'fatal' || line.status === 500,
    );
    expect(errors).toEqual([]);
  });
});
