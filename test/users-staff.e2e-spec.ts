import { activate, SchoolAdmin, schoolWithAdmin, tokenIn, World, WORLD_PASSWORD } from '@pt/testing';

/** Staff accounts of a school, managed by its admins through the gateway (P1, P8, P19). */
describe('Staff users: invite, list, read, change, deactivate, remove (P1, P8, P19)', () => {
  let world: World;
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
    const reply = await world.call(admin.token, 'POST', '/api/v1/users', profile(overrides));
    expect(reply.status).toBe(201);
    return reply.body as Record<string, any>;
  };
  /** An invited user who has set a password and signed in. */
  const activeUser = async (
    admin: SchoolAdmin,
    overrides: Record<string, unknown> = {},
  ): Promise<Record<string, any>> => {
    const user = await invite(admin, overrides);
    await activate(world, user.email);
    return { ...user, token: (await world.signIn(user.username, WORLD_PASSWORD)).token };
  };

  beforeAll(async () => {
    world = await World.start({ label: 'usersstaff', processes: ['gateway', 'identity'], mail: true });
    schoolA = await schoolWithAdmin(world, 'staffa');
    schoolB = await schoolWithAdmin(world, 'staffb');
  }, 90_000);

  afterAll(async () => {
    await world?.stop();
  });

  describe('P1: what a staff record holds', () => {
    it('P1: an admin invites by email; the single-use link (stored hashed) sets the password and activates the account', async () => {
      const body = profile();
      const created = await world.call(schoolA.token, 'POST', '/api/v1/users', body);
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

      const mail = await world.mail(body.email, 'invitation');
      expect(mail.text).toContain('https://app.pupil-tracking.test/set-password#token=');
      const token = tokenIn(mail);
      const stored = await world.sql('identity', `select token_hash, expires_at from user_token where user_id = $1`, [
        created.body.id,
      ]);
      expect(stored).toHaveLength(1);
      expect(stored[0].token_hash).not.toContain(token);
      expect(new Date(stored[0].expires_at).getTime()).toBeLessThanOrEqual(Date.now() + 72 * 3600_000 + 5000);

      // Invited is not active: no sign-in until the password is set.
      const early = await world.call(null, 'POST', '/api/v1/auth/sign-in', {
        login: body.username,
        password: WORLD_PASSWORD,
      });
      expect(early.status).toBe(401);

      const weak = await world.call(null, 'POST', '/api/v1/auth/set-password', { token, password: 'short' });
      expect(weak.status).toBe(400);
      expect(weak.body.errors[0].field).toBe('password');

      const set = await world.call(null, 'POST', '/api/v1/auth/set-password', { token, password: WORLD_PASSWORD });
      expect(set.status).toBe(204);
      const again = await world.call(null, 'POST', '/api/v1/auth/set-password', {
        token,
        password: 'Another-Good-Pass-9',
      });
      expect(again.status).toBe(400);
      expect(again.body.code).toBe('token.invalid');

      (await world.signIn(body.email, WORLD_PASSWORD)).token;
      const read = await world.call(schoolA.token, 'GET', `/api/v1/users/${created.body.id}`);
      expect(read.body).toMatchObject({ status: 'active', lastSignInAt: expect.any(String) });
    });

    it('P1: refuses any field the record does not hold, naming it, on invite and on change', async () => {
      const invited = await world.call(schoolA.token, 'POST', '/api/v1/users', {
        ...profile(),
        dateOfBirth: '1980-01-01',
        nationalInsuranceNumber: 'QQ123456C',
      });
      expect(invited.status).toBe(400);
      expect(invited.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'dateOfBirth',
        'nationalInsuranceNumber',
      ]);
      expect(invited.body.errors[0].message).toBe('is not an allowed field');

      const user = await invite(schoolA);
      const changed = await world.call(
        schoolA.token,
        'PATCH',
        `/api/v1/users/${user.id}`,
        { homeAddress: '1 Secret Lane' },
        { headers: { 'if-match': '"1"' } },
      );
      expect(changed.status).toBe(400);
      expect(changed.body.errors).toEqual([{ field: 'homeAddress', message: 'is not an allowed field' }]);
    });

    it('P1: the DfE teacher reference number is optional and, when given, 7 digits; roles must exist', async () => {
      const bad = await world.call(
        schoolA.token,
        'POST',
        '/api/v1/users',
        profile({ teacherReferenceNumber: '12345', username: 'has@sign' }),
      );
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual(
        expect.arrayContaining([
          { field: 'teacherReferenceNumber', message: 'must be 7 digits' },
          { field: 'username', message: expect.any(String) },
        ]),
      );
      const without = profile();
      delete (without as Record<string, unknown>).teacherReferenceNumber;
      const created = await world.call(schoolA.token, 'POST', '/api/v1/users', without);
      expect(created.status).toBe(201);
      expect(created.body.teacherReferenceNumber).toBeNull();

      const unknownRole = await world.call(schoolA.token, 'POST', '/api/v1/users', profile({ roles: ['headmaster'] }));
      expect(unknownRole.status).toBe(400);
      expect(unknownRole.body.errors).toEqual([{ field: 'roles', message: 'unknown role: headmaster' }]);
      const platformRole = await world.call(
        schoolA.token,
        'POST',
        '/api/v1/users',
        profile({ roles: ['platform-admin'] }),
      );
      expect(platformRole.status).toBe(400);
    });

    it('P1: usernames and emails are unique across schools: 409 naming the field only', async () => {
      const first = await invite(schoolA);
      const sameEmail = await world.call(
        schoolB.token,
        'POST',
        '/api/v1/users',
        profile({ email: first.email.toUpperCase() }),
      );
      expect(sameEmail.status).toBe(409);
      expect(sameEmail.body).toMatchObject({ code: 'user.email_taken', field: 'email' });
      expect(JSON.stringify(sameEmail.body)).not.toContain(first.email);
      const sameUsername = await world.call(
        schoolB.token,
        'POST',
        '/api/v1/users',
        profile({ username: first.username }),
      );
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
        const page = await world.call(schoolB.token, 'GET', `/api/v1/users?${query}`);
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.items.map((u: { id: string }) => u.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toContain(office.id);
      expect(seen).toContain(schoolB.userId);

      const offices = await world.call(schoolB.token, 'GET', '/api/v1/users?role=office');
      expect(offices.body.items).toHaveLength(2);
      const invited = await world.call(schoolB.token, 'GET', '/api/v1/users?status=invited&role=teacher');
      expect(invited.body.items.every((u: any) => u.status === 'invited' && u.roles.includes('teacher'))).toBe(true);
      const active = await world.call(schoolB.token, 'GET', '/api/v1/users?status=active');
      expect(active.body.items.map((u: { id: string }) => u.id)).toEqual([schoolB.userId]);

      const badCursor = await world.call(schoolB.token, 'GET', '/api/v1/users?cursor=bm90LWEtY3Vyc29y');
      expect(badCursor.status).toBe(400);
      expect(badCursor.body.errors).toEqual([{ field: 'cursor', message: 'is not a valid cursor' }]);
    });

    it('P8: changes need the ETag in If-Match: a stale one is 412, none is 428', async () => {
      const user = await invite(schoolA);
      const read = await world.call(schoolA.token, 'GET', `/api/v1/users/${user.id}`);
      const etag = read.headers.get('etag')!;
      expect(etag).toBe('"1"');

      const missing = await world.call(schoolA.token, 'PATCH', `/api/v1/users/${user.id}`, {
        jobTitle: 'Head of Year 7',
      });
      expect(missing.status).toBe(428);
      expect(missing.body.code).toBe('version.if_match_required');

      const changed = await world.call(
        schoolA.token,
        'PATCH',
        `/api/v1/users/${user.id}`,
        { jobTitle: 'Head of Year 7', telephone: null, roles: ['teacher', 'office'] },
        { headers: { 'if-match': etag } },
      );
      expect(changed.status).toBe(200);
      expect(changed.headers.get('etag')).toBe('"2"');
      expect(changed.body).toMatchObject({ jobTitle: 'Head of Year 7', telephone: null, roles: ['teacher', 'office'] });

      const stale = await world.call(
        schoolA.token,
        'PATCH',
        `/api/v1/users/${user.id}`,
        { jobTitle: 'Overwritten' },
        { headers: { 'if-match': etag } },
      );
      expect(stale.status).toBe(412);
      expect(stale.body.code).toBe('stale_version');
      const after = await world.call(schoolA.token, 'GET', `/api/v1/users/${user.id}`);
      expect(after.body.jobTitle).toBe('Head of Year 7');

      const events = await world.eventsOf('evt.identity.user.updated', (list) =>
        list.some((e) => e.data.userId === user.id),
      );
      expect(events.find((e) => e.data.userId === user.id)!.data).toEqual({
        userId: user.id,
        fields: ['jobTitle', 'telephone', 'roles'],
      });
    });

    it('P8: deactivating refuses sign-in and ends every session at once', async () => {
      const user = await activeUser(schoolA);
      expect((await world.call(user.token, 'GET', '/api/v1/me')).status).toBe(200);

      const deactivated = await world.call(schoolA.token, 'POST', `/api/v1/users/${user.id}/deactivate`);
      expect(deactivated.status).toBe(200);
      expect(deactivated.body.status).toBe('deactivated');

      await world.until(async () => (await world.call(user.token, 'GET', '/api/v1/me')).status === 401, 2000);
      const me = await world.call(user.token, 'GET', '/api/v1/me');
      expect(me.body.code).toBe('session.ended');
      const again = await world.call(null, 'POST', '/api/v1/auth/sign-in', {
        login: user.username,
        password: WORLD_PASSWORD,
      });
      expect(again.status).toBe(401);
      const events = await world.eventsOf('evt.identity.user.deactivated', (list) =>
        list.some((e) => e.data.userId === user.id),
      );
      expect(events.find((e) => e.data.userId === user.id)!.data).toEqual({ userId: user.id, sessionsEnded: 1 });
    });

    it('P8: reactivating lets a deactivated account sign in again (invited if it never set a password); the event names the field', async () => {
      const user = await activeUser(schoolA);
      expect((await world.call(schoolA.token, 'POST', `/api/v1/users/${user.id}/deactivate`)).status).toBe(200);

      const stale = await world.call(schoolA.token, 'POST', `/api/v1/users/${user.id}/reactivate`, undefined, {
        headers: { 'if-match': '"1"' },
      });
      expect(stale.status).toBe(412);
      const back = await world.call(schoolA.token, 'POST', `/api/v1/users/${user.id}/reactivate`);
      expect(back.status).toBe(200);
      expect(back.body).toMatchObject({ status: 'active', roles: ['teacher'] });
      expect(back.headers.get('etag')).toBe(`"${back.body.version}"`);
      const signIn = await world.call(null, 'POST', '/api/v1/auth/sign-in', {
        login: user.username,
        password: WORLD_PASSWORD,
      });
      expect(signIn.status).toBe(200);
      // Reactivating an account that is not deactivated changes nothing.
      const again = await world.call(schoolA.token, 'POST', `/api/v1/users/${user.id}/reactivate`);
      expect(again.body.version).toBe(back.body.version);

      const events = await world.eventsOf('evt.identity.user.updated', (list) =>
        list.some((e) => e.data.userId === user.id),
      );
      expect(events.filter((e) => e.data.userId === user.id).map((e) => e.data)).toEqual([
        { userId: user.id, fields: ['status'] },
      ]);

      const invited = await invite(schoolA);
      await world.call(schoolA.token, 'POST', `/api/v1/users/${invited.id}/deactivate`);
      const reinvited = await world.call(schoolA.token, 'POST', `/api/v1/users/${invited.id}/reactivate`);
      expect(reinvited.body.status).toBe('invited');
      expect((await world.call(schoolA.token, 'POST', `/api/v1/users/${invited.id}/invitation`)).status).toBe(200);
    });

    it('P8: removing deletes the account and its sessions; the event names ids only', async () => {
      const user = await activeUser(schoolA);
      const removed = await world.call(schoolA.token, 'DELETE', `/api/v1/users/${user.id}`);
      expect(removed.status).toBe(204);
      expect((await world.call(schoolA.token, 'GET', `/api/v1/users/${user.id}`)).status).toBe(404);
      await world.until(async () => (await world.call(user.token, 'GET', '/api/v1/me')).status === 401, 2000);
      expect(await world.sql('identity', 'select 1 from user_account where id = $1', [user.id])).toHaveLength(0);

      const events = await world.eventsOf('evt.identity.user.removed', (list) =>
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
      const firstToken = tokenIn(await world.mail(user.email, 'invitation'));
      const resent = await world.call(schoolA.token, 'POST', `/api/v1/users/${user.id}/invitation`);
      expect(resent.status).toBe(200);
      await world.mail(user.email, 'invitation', 1);
      expect(world.mails(user.email, 'invitation')).toHaveLength(2);
      const old = await world.call(null, 'POST', '/api/v1/auth/set-password', {
        token: firstToken,
        password: WORLD_PASSWORD,
      });
      expect(old.status).toBe(400);
      await activate(world, user.email);
      const notInvited = await world.call(schoolA.token, 'POST', `/api/v1/users/${user.id}/invitation`);
      expect(notInvited.status).toBe(409);
      expect(notInvited.body.code).toBe('user.not_invited');
    });

    it('P8: the school keeps at least one active user who can manage users (409 user.last_admin)', async () => {
      const selfDeactivate = await world.call(schoolB.token, 'POST', `/api/v1/users/${schoolB.userId}/deactivate`);
      expect(selfDeactivate.status).toBe(409);
      expect(selfDeactivate.body.code).toBe('user.last_admin');
      const me = await world.call(schoolB.token, 'GET', `/api/v1/users/${schoolB.userId}`);
      const demote = await world.call(
        schoolB.token,
        'PATCH',
        `/api/v1/users/${schoolB.userId}`,
        { roles: ['teacher'] },
        { headers: { 'if-match': me.headers.get('etag')! } },
      );
      expect(demote.status).toBe(409);
      expect(demote.body.code).toBe('user.last_admin');
      expect((await world.call(schoolB.token, 'DELETE', `/api/v1/users/${schoolB.userId}`)).status).toBe(409);
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
        ['POST', '/api/v1/users/{id}/reactivate'],
        ['POST', '/api/v1/users/{id}/invitation'],
        ['DELETE', '/api/v1/users/{id}'],
      ];
      for (const [method, path, body] of routes) {
        const other = await world.call(schoolA.token, method, path.replace('{id}', ofB.id), body, {
          headers: { 'if-match': '"1"' },
        });
        const absent = await world.call(schoolA.token, method, path.replace('{id}', missing), body, {
          headers: { 'if-match': '"1"' },
        });
        expect([method, path, other.status]).toEqual([method, path, 404]);
        delete other.body.requestId;
        delete absent.body.requestId;
        expect(other.body).toEqual(absent.body);
        expect(other.body.code).toBe('user.not_found');
      }
      for (const adminId of [schoolB.userId]) {
        expect((await world.call(schoolA.token, 'GET', `/api/v1/users/${adminId}`)).status).toBe(404);
      }
      const list = await world.call(schoolA.token, 'GET', '/api/v1/users?limit=200');
      expect(list.body.items.map((u: { id: string }) => u.id)).not.toContain(ofB.id);
      const untouched = await world.call(schoolB.token, 'GET', `/api/v1/users/${ofB.id}`);
      expect(untouched.body).toMatchObject({ status: 'invited', version: 1 });
    });

    it('P19: staff without users:manage are refused (403), and platform tokens have no school here', async () => {
      const teacher = await activeUser(schoolA, { roles: ['teacher'] });
      const refused = await world.call(teacher.token, 'GET', '/api/v1/users');
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ code: 'permission_denied', missing: ['users:manage'] });
      expect((await world.call(world.platformAdmin, 'GET', '/api/v1/users')).status).toBe(403);
    });

    it('P19: nobody hands out a role with permissions they do not hold', async () => {
      // A senior leader may read users but not manage them; give one users:manage through a custom role.
      const role = await world.call(schoolA.token, 'POST', '/api/v1/roles', {
        name: 'staff-manager',
        permissions: ['users:manage', 'users:read'],
      });
      expect(role.status).toBe(201);
      const manager = await activeUser(schoolA, { roles: ['staff-manager'] });
      const escalate = await world.call(manager.token, 'POST', '/api/v1/users', profile({ roles: ['school-admin'] }));
      expect(escalate.status).toBe(403);
      expect(escalate.body.code).toBe('role.escalation');
      expect(escalate.body.missing).toContain('pupils:erase');
      const allowed = await world.call(manager.token, 'POST', '/api/v1/users', profile({ roles: ['staff-manager'] }));
      expect(allowed.status).toBe(201);
    });
  });

  it('keeps names, emails and tokens out of logs and events (ids only)', async () => {
    const body = profile({ firstName: 'Zebedee', lastName: 'Quillfeather' });
    const created = await world.call(schoolA.token, 'POST', '/api/v1/users', body);
    const token = tokenIn(await world.mail(body.email, 'invitation'));
    await world.call(null, 'POST', '/api/v1/auth/set-password', { token, password: WORLD_PASSWORD });
    const invited = await world.eventsOf('evt.identity.user.invited', (list) =>
      list.some((e) => e.data.userId === created.body.id),
    );
    expect(invited.find((e) => e.data.userId === created.body.id)!.data).toEqual({
      userId: created.body.id,
      kind: 'staff',
    });
    const logs = JSON.stringify([...world.stack.logsOf('identity'), ...world.stack.logsOf('gateway')]);
    for (const secret of [body.email, body.firstName, body.lastName, body.username, token, WORLD_PASSWORD]) {
      expect(logs).not.toContain(secret);
    }
    expect(logs).toContain('"mailKind":"invitation"');
    // Every refusal in this file was a known failure with its own status, never an unexpected error.
    const errors = [...world.stack.logsOf('identity'), ...world.stack.logsOf('gateway')].filter(
      (line) => line.level === 'error' || line.level === 'fatal' || line.status === 500,
    );
    expect(errors).toEqual([]);
  });
});
