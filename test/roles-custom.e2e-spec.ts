import { BUILT_IN_SCHOOL_ROLES } from '@pt/contracts';
import { activate, claimsOf, SchoolAdmin, schoolWithAdmin, World, WORLD_PASSWORD } from '@pt/testing';

/** P19: access is limited to a business need: built-in and custom roles, class groups, only inside the school. */
describe('Roles: built-in and custom roles, class-group limits (P19)', () => {
  let world: World;
  let school: SchoolAdmin;
  let other: SchoolAdmin;
  let counter = 0;
  // The school's own class groups (pupil-records'): a user is limited only to groups of their school.
  let GROUP_7A: string;
  let GROUP_7B: string;
  let GROUP_8C: string;

  const createRole = (admin: SchoolAdmin, body: Record<string, unknown>) =>
    world.call(admin.token, 'POST', '/api/v1/roles', body);
  /** A staff member who has set a password and signed in, with their token pair. */
  const member = async (roles: string[], classGroupIds?: string[]) => {
    counter += 1;
    const username = `role.member${counter}`;
    const email = `${username}@school.test`;
    const created = await world.call(school.token, 'POST', '/api/v1/users', {
      firstName: 'Rolf',
      lastName: `Member${counter}`,
      username,
      email,
      roles,
      classGroupIds,
    });
    expect(created.status).toBe(201);
    await activate(world, email);
    const pair = await world.call(null, 'POST', '/api/v1/auth/sign-in', { login: username, password: WORLD_PASSWORD });
    return { id: created.body.id as string, accessToken: pair.body.accessToken, refreshToken: pair.body.refreshToken };
  };
  const refresh = async (refreshToken: string) => {
    const reply = await world.call(null, 'POST', '/api/v1/auth/refresh', { refreshToken });
    expect(reply.status).toBe(200);
    return reply.body as { accessToken: string; refreshToken: string };
  };

  beforeAll(async () => {
    world = await World.start({ label: 'roles', processes: ['gateway', 'identity', 'pupil-records'], mail: true });
    school = await schoolWithAdmin(world, 'roles');
    other = await schoolWithAdmin(world, 'rolesother');
    await world.sign(school.schoolId);
    GROUP_7A = await world.classGroup(school.token, '7A');
    GROUP_7B = await world.classGroup(school.token, '7B');
    GROUP_8C = await world.classGroup(school.token, '8C');
  }, 90_000);

  afterAll(async () => {
    await world?.stop();
  });

  it('P19: lists the built-in roles with their permissions', async () => {
    const list = await world.call(school.token, 'GET', '/api/v1/roles');
    expect(list.status).toBe(200);
    expect(list.body.nextCursor).toBeNull();
    for (const [name, permissions] of Object.entries(BUILT_IN_SCHOOL_ROLES)) {
      expect(list.body.items).toContainEqual({
        id: null,
        name,
        builtIn: true,
        permissions: [...permissions],
        version: null,
      });
    }
  });

  it("P19: a custom role's permissions, and a teacher's class groups, are in the holder's access token", async () => {
    const role = await createRole(school, { name: 'head-of-year', permissions: ['reports:read', 'pupils:read'] });
    expect(role.status).toBe(201);
    expect(role.body).toEqual({
      id: expect.any(String),
      name: 'head-of-year',
      builtIn: false,
      permissions: ['pupils:read', 'reports:read'],
      version: 1,
    });
    expect(role.headers.get('etag')).toBe('"1"');

    const holder = await member(['head-of-year', 'teacher'], [GROUP_7A, GROUP_7B]);
    expect(claimsOf(holder.accessToken)).toMatchObject({
      roles: ['head-of-year', 'teacher'],
      perms: ['assessments:read', 'assessments:write', 'pupils:read', 'reports:read'],
      cgs: [GROUP_7A, GROUP_7B],
    });
    const unlimited = await member(['teacher']);
    expect(claimsOf(unlimited.accessToken).cgs).toBeNull();

    const created = await world.eventsOf('evt.identity.role.created');
    expect(created.map((e) => e.data)).toContainEqual({ roleId: role.body.id });
  });

  it('P19: a change of role permissions or class groups applies at the next refresh, without ending sessions', async () => {
    const role = await createRole(school, { name: 'pastoral', permissions: ['pupils:read'] });
    const holder = await member(['pastoral'], [GROUP_7A]);
    expect(claimsOf(holder.accessToken).perms).toEqual(['pupils:read']);

    const changed = await world.call(
      school.token,
      'PATCH',
      `/api/v1/roles/${role.body.id}`,
      { permissions: ['pupils:read', 'consents:manage'] },
      { headers: { 'if-match': role.headers.get('etag')! } },
    );
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ permissions: ['consents:manage', 'pupils:read'], version: 2 });
    const user = await world.call(school.token, 'GET', `/api/v1/users/${holder.id}`);
    const regrouped = await world.call(
      school.token,
      'PATCH',
      `/api/v1/users/${holder.id}`,
      { classGroupIds: [GROUP_8C] },
      { headers: { 'if-match': user.headers.get('etag')! } },
    );
    expect(regrouped.status).toBe(200);

    // The session goes on with the old token until it refreshes; /me says what it may do
    // meanwhile (the token's set, which the API applies), and the new set from the refresh.
    const before = await world.call(holder.accessToken, 'GET', '/api/v1/me');
    expect(before.status).toBe(200);
    expect(before.body.permissions).toEqual(['pupils:read']);
    const next = await refresh(holder.refreshToken);
    expect(claimsOf(next.accessToken)).toMatchObject({ perms: ['consents:manage', 'pupils:read'], cgs: [GROUP_8C] });
    expect((await world.call(next.accessToken, 'GET', '/api/v1/me')).body.permissions).toEqual([
      'consents:manage',
      'pupils:read',
    ]);

    const updated = await world.eventsOf('evt.identity.role.updated', (list) =>
      list.some((e) => e.data.roleId === role.body.id),
    );
    expect(updated.find((e) => e.data.roleId === role.body.id)!.data).toEqual({
      roleId: role.body.id,
      fields: ['permissions'],
      affectedUsers: 1,
    });
  });

  it('P19: renaming keeps the holders; a role still held cannot be deleted; an unused one can', async () => {
    const role = await createRole(school, { name: 'sendco', permissions: ['pupils:read', 'consents:manage'] });
    const holder = await member(['sendco', 'read-only']);
    const renamed = await world.call(
      school.token,
      'PATCH',
      `/api/v1/roles/${role.body.id}`,
      { name: 'senco' },
      { headers: { 'if-match': '"1"' } },
    );
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('senco');
    const user = await world.call(school.token, 'GET', `/api/v1/users/${holder.id}`);
    expect(user.body.roles).toEqual(['senco', 'read-only']);
    expect(claimsOf((await refresh(holder.refreshToken)).accessToken).perms).toContain('consents:manage');

    const inUse = await world.call(school.token, 'DELETE', `/api/v1/roles/${role.body.id}`);
    expect(inUse.status).toBe(409);
    expect(inUse.body).toMatchObject({ code: 'role.in_use', users: 1 });

    await world.call(
      school.token,
      'PATCH',
      `/api/v1/users/${holder.id}`,
      { roles: ['read-only'] },
      { headers: { 'if-match': user.headers.get('etag')! } },
    );
    expect((await world.call(school.token, 'DELETE', `/api/v1/roles/${role.body.id}`)).status).toBe(204);
    expect((await world.call(school.token, 'GET', `/api/v1/roles/${role.body.id}`)).status).toBe(404);
    const deleted = await world.eventsOf('evt.identity.role.deleted');
    expect(deleted.map((e) => e.data)).toEqual([{ roleId: role.body.id }]);
  });

  it('P19: names are unique and never built-in; permissions are school permissions only; stale changes are refused', async () => {
    expect((await createRole(school, { name: 'teacher', permissions: ['pupils:read'] })).body.code).toBe(
      'role.name_taken',
    );
    expect((await createRole(school, { name: 'ops', permissions: ['pupils:read'] })).status).toBe(409);
    await createRole(school, { name: 'librarian', permissions: ['pupils:read'] });
    const duplicate = await createRole(school, { name: 'librarian', permissions: ['reports:read'] });
    expect(duplicate.status).toBe(409);
    // Names are per school: another school may use the same one.
    expect((await createRole(other, { name: 'librarian', permissions: ['pupils:read'] })).status).toBe(201);

    const platform = await createRole(school, { name: 'sneaky', permissions: ['pupils:read', 'platform:schools'] });
    expect(platform.status).toBe(400);
    expect(platform.body.errors[0].field).toBe('permissions');
    const badName = await createRole(school, { name: 'Head Of Year!', permissions: ['pupils:read'] });
    expect(badName.body.errors[0].field).toBe('name');
    const extra = await createRole(school, { name: 'extra', permissions: ['pupils:read'], builtIn: true });
    expect(extra.body.errors).toEqual([{ field: 'builtIn', message: 'is not an allowed field' }]);

    const role = await createRole(school, { name: 'exams-officer', permissions: ['reports:read'] });
    const missing = await world.call(school.token, 'PATCH', `/api/v1/roles/${role.body.id}`, {
      permissions: ['pupils:read'],
    });
    expect(missing.status).toBe(428);
    await world.call(
      school.token,
      'PATCH',
      `/api/v1/roles/${role.body.id}`,
      { permissions: ['assessments:read'] },
      { headers: { 'if-match': '"1"' } },
    );
    const stale = await world.call(
      school.token,
      'PATCH',
      `/api/v1/roles/${role.body.id}`,
      { permissions: ['pupils:read'] },
      { headers: { 'if-match': '"1"' } },
    );
    expect(stale.status).toBe(412);
  });

  it("P19: another school's roles are not found (404) and cannot be given to its staff", async () => {
    const role = await createRole(school, { name: 'only-here', permissions: ['pupils:read'] });
    for (const [method, body] of [['GET'], ['PATCH', { name: 'taken-over' }], ['DELETE']] as const) {
      const reply = await world.call(other.token, method, `/api/v1/roles/${role.body.id}`, body, {
        headers: { 'if-match': '"1"' },
      });
      expect([method, reply.status, reply.body.code]).toEqual([method, 404, 'role.not_found']);
    }
    const list = await world.call(other.token, 'GET', '/api/v1/roles');
    expect(list.body.items.map((r: { name: string }) => r.name)).not.toContain('only-here');
    const borrowed = await world.call(other.token, 'POST', '/api/v1/users', {
      firstName: 'B',
      lastName: 'Orrow',
      username: 'b.orrow',
      email: 'b.orrow@school.test',
      roles: ['only-here'],
    });
    expect(borrowed.status).toBe(400);
    expect(borrowed.body.errors).toEqual([{ field: 'roles', message: 'unknown role: only-here' }]);
  });

  it('P19: only roles:manage may define roles, and never with permissions the editor lacks', async () => {
    const teacher = await member(['teacher']);
    const refused = await world.call(teacher.accessToken, 'GET', '/api/v1/roles');
    expect(refused.status).toBe(403);
    expect(refused.body.missing).toEqual(['roles:manage']);

    await createRole(school, { name: 'role-editor', permissions: ['roles:manage', 'pupils:read', 'reports:read'] });
    const editor = await member(['role-editor']);
    const escalate = await world.call(editor.accessToken, 'POST', '/api/v1/roles', {
      name: 'eraser',
      permissions: ['pupils:read', 'pupils:erase'],
    });
    expect(escalate.status).toBe(403);
    expect(escalate.body).toMatchObject({ code: 'role.escalation', missing: ['pupils:erase'] });
    const within = await world.call(editor.accessToken, 'POST', '/api/v1/roles', {
      name: 'reader',
      permissions: ['reports:read'],
    });
    expect(within.status).toBe(201);
  });
});
