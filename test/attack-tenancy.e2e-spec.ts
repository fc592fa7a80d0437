import { Staff, World } from '@pt/testing';
import { randomUUID } from 'node:crypto';

/**
 * Tenancy, attacked from inside one school through the gateway (issue 15): another
 * school's ids on every kind of resource, ids of another school written into this
 * school's records, tenant ids smuggled in headers, queries and bodies, and fields a
 * school must not set (mass assignment). Another school's id answers 404, exactly like an
 * id that does not exist (P19).
 */
describe('Attack suite: tenancy', () => {
  let world: World;
  let adminA: Staff;
  let adminB: Staff;
  let schoolA: string;
  let schoolB: string;
  const theirs: Record<string, string> = {};
  const ours: Record<string, string> = {};
  let counter = 0;

  const newUser = (fields: Record<string, unknown> = {}) => {
    counter += 1;
    return {
      firstName: 'Nia',
      lastName: 'Evans',
      username: `tenancy.user${counter}`,
      email: `tenancy.user${counter}@school.test`,
      roles: ['teacher'],
      ...fields,
    };
  };

  beforeAll(async () => {
    world = await World.start({
      label: 'atktenancy',
      processes: ['gateway', 'identity', 'pupil-records', 'audit'],
      mail: true,
    });
    schoolA = (await world.school({ signed: true })).id;
    schoolB = (await world.school({ signed: true })).id;
    adminA = await world.staff(schoolA, ['school-admin']);
    adminB = await world.staff(schoolB, ['school-admin']);
    ours.pupil = (await world.pupil(adminA)).id;
    ours.classGroup = await world.classGroup(adminA, '7A');
    ours.staff = (await world.staff(schoolA, ['teacher'], { signIn: false })).id;
    theirs.pupil = (await world.pupil(adminB)).id;
    theirs.classGroup = await world.classGroup(adminB, '9Z');
    theirs.staff = (await world.staff(schoolB, ['teacher'], { signIn: false })).id;
    theirs.role = (
      await world.call(adminB, 'POST', '/api/v1/roles', { name: 'their-role', permissions: ['reports:read'] })
    ).body.id;
    theirs.grant = (
      await world.call(adminB, 'POST', '/api/v1/support-grants', { reason: 'Help', durationHours: 1 })
    ).body.id;
    theirs.rightsRequest = (
      await world.call(adminB, 'POST', '/api/v1/rights-requests', {
        kind: 'access',
        subject: { type: 'staff', id: theirs.staff },
        requestedBy: { type: 'other' },
        receivedOn: new Date().toISOString().slice(0, 10),
      })
    ).body.id;
    for (const [kind, id] of Object.entries(theirs)) if (!id) throw new Error(`their ${kind} was not made`);
  }, 120_000);

  afterAll(async () => {
    await world?.stop();
  });

  describe("another school's ids are refused, not stored", () => {
    it("P19: a user invited with another school's class group is refused 404 naming the entry, and nothing is stored", async () => {
      const body = newUser({ classGroupIds: [ours.classGroup, theirs.classGroup] });
      const refused = await world.call(adminA, 'POST', '/api/v1/users', body);
      expect(refused.status).toBe(404);
      expect(refused.body).toMatchObject({
        code: 'class_group.not_found',
        errors: [{ field: 'classGroupIds[1]', message: 'is not a class group of this school' }],
      });
      expect(
        await world.sql('identity', 'select id from user_account where username = $1', [body.username]),
      ).toHaveLength(0);
      // An id of no school at all answers the same.
      const unknown = await world.call(adminA, 'POST', '/api/v1/users', newUser({ classGroupIds: [randomUUID()] }));
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('class_group.not_found');

      const accepted = await world.call(adminA, 'POST', '/api/v1/users', newUser({ classGroupIds: [ours.classGroup] }));
      expect(accepted.status).toBe(201);
    });

    it("P19: a user's class groups cannot be changed to another school's", async () => {
      const created = await world.call(adminA, 'POST', '/api/v1/users', newUser());
      const user = await world.call(adminA, 'GET', `/api/v1/users/${created.body.id}`);
      const refused = await world.call(
        adminA,
        'PATCH',
        `/api/v1/users/${created.body.id}`,
        { classGroupIds: [theirs.classGroup] },
        { headers: { 'if-match': user.headers.get('etag')! } },
      );
      expect(refused.status).toBe(404);
      expect(refused.body.errors).toEqual([
        { field: 'classGroupIds[0]', message: 'is not a class group of this school' },
      ]);
      const [row] = await world.sql('identity', 'select class_group_ids from user_account where id = $1', [
        created.body.id,
      ]);
      expect(row.class_group_ids).toBeNull();
    });

    it("P21, P22: a rights request naming another school's pupil or member of staff is refused 404, and the register holds no row about them", async () => {
      const request = (
        subject: { type: string; id: string },
        requestedBy: Record<string, unknown> = { type: 'other' },
      ) =>
        world.call(adminA, 'POST', '/api/v1/rights-requests', {
          kind: 'access',
          subject,
          requestedBy,
          receivedOn: new Date().toISOString().slice(0, 10),
        });
      const aboutTheirPupil = await request({ type: 'pupil', id: theirs.pupil });
      expect(aboutTheirPupil.status).toBe(404);
      expect(aboutTheirPupil.body).toMatchObject({
        code: 'rights_request.person_not_found',
        errors: [{ field: 'subject.id', message: 'is not a pupil of this school' }],
      });
      const aboutTheirStaff = await request({ type: 'staff', id: theirs.staff });
      expect(aboutTheirStaff.status).toBe(404);
      expect(aboutTheirStaff.body.errors).toEqual([
        { field: 'subject.id', message: 'is not a member of staff of this school' },
      ]);
      const byTheirStaff = await request({ type: 'pupil', id: ours.pupil }, { type: 'staff', id: theirs.staff });
      expect(byTheirStaff.status).toBe(404);
      expect(byTheirStaff.body.errors).toEqual([
        { field: 'requestedBy.id', message: 'is not a member of staff of this school' },
      ]);
      expect(
        await world.sql(
          'audit',
          'select id from rights_request where tenant_id = $1 and (subject_id = any($2) or requested_by_id = any($2))',
          [schoolA, [theirs.pupil, theirs.staff]],
        ),
      ).toHaveLength(0);

      expect((await request({ type: 'pupil', id: ours.pupil })).status).toBe(201);
      expect((await request({ type: 'staff', id: ours.staff }, { type: 'staff', id: adminA.id })).status).toBe(201);
    });

    it("P12: another school's support grant has no actions feed here: 404, as for an unknown grant", async () => {
      const foreign = await world.call(adminA, 'GET', `/api/v1/support-grants/${theirs.grant}/actions`);
      expect(foreign.status).toBe(404);
      expect(foreign.body.code).toBe('support_grant.not_found');
      const unknown = await world.call(adminA, 'GET', `/api/v1/support-grants/${randomUUID()}/actions`);
      expect(unknown.status).toBe(404);
      const mine = await world.call(adminA, 'POST', '/api/v1/support-grants', { reason: 'Check', durationHours: 1 });
      const feed = await world.call(adminA, 'GET', `/api/v1/support-grants/${mine.body.id}/actions`);
      expect(feed.status).toBe(200);
      expect(feed.body.items).toEqual([]);
    });
  });

  describe("every kind of resource answers another school's id as an unknown one", () => {
    const routes = (id: Record<string, string>) =>
      [
        ['GET', `/api/v1/pupils/${id.pupil}`],
        ['GET', `/api/v1/pupils/${id.pupil}/restrictions`],
        ['DELETE', `/api/v1/class-groups/${id.classGroup}`],
        ['GET', `/api/v1/users/${id.staff}`],
        ['POST', `/api/v1/users/${id.staff}/deactivate`],
        ['GET', `/api/v1/roles/${id.role}`],
        ['DELETE', `/api/v1/support-grants/${id.grant}`],
        ['GET', `/api/v1/support-grants/${id.grant}/actions`],
        ['GET', `/api/v1/rights-requests/${id.rightsRequest}`],
        ['POST', `/api/v1/rights-requests/${id.rightsRequest}/extension`],
      ] as const;

    it("P19: each answers 404 with the same code for another school's id as for an id that exists nowhere", async () => {
      const nowhere = Object.fromEntries(Object.keys(theirs).map((kind) => [kind, randomUUID()]));
      const foreign = routes(theirs);
      const unknown = routes(nowhere);
      for (let i = 0; i < foreign.length; i++) {
        const [method, path] = foreign[i];
        const body =
          method === 'POST' ? (path.endsWith('/extension') ? { months: 1, reason: 'Complex' } : {}) : undefined;
        const headers = path.includes('/users/') && method === 'POST' ? { 'if-match': '"1"' } : undefined;
        const theirReply = await world.call(adminA, method, path, body, { headers });
        const unknownReply = await world.call(adminA, method, unknown[i][1], body, { headers });
        expect({ route: `${method} ${path.replace(/[0-9a-f-]{36}/g, '{id}')}`, status: theirReply.status }).toEqual({
          route: `${method} ${path.replace(/[0-9a-f-]{36}/g, '{id}')}`,
          status: 404,
        });
        expect(theirReply.body.code).toBe(unknownReply.body.code);
      }
      // Nothing of theirs changed.
      const [group] = await world.sql('pupil-records', 'select id from class_group where id = $1', [theirs.classGroup]);
      expect(group).toBeDefined();
      const [grant] = await world.sql('identity', 'select revoked_at from support_grant where id = $1', [theirs.grant]);
      expect(grant.revoked_at).toBeNull();
    });
  });

  describe('tenant spoofing and mass assignment', () => {
    it('a tenant named in a header, the query or the body is never taken: the token decides the school', async () => {
      const spoofed = await world.call(adminA, 'GET', `/api/v1/pupils/${theirs.pupil}`, undefined, {
        headers: { 'x-tenant-id': schoolB, 'x-school-id': schoolB },
      });
      expect(spoofed.status).toBe(404);

      const byQuery = await world.call(adminA, 'GET', `/api/v1/pupils?tenantId=${schoolB}`);
      expect(byQuery.status).toBe(400);
      expect(byQuery.body.errors.map((e: { field: string }) => e.field)).toContain('tenantId');

      for (const field of ['tenantId', 'schoolId']) {
        const byBody = await world.call(adminA, 'POST', '/api/v1/class-groups', {
          name: `8${field}`,
          [field]: schoolB,
        });
        expect(byBody.status).toBe(400);
        expect(byBody.body.errors).toEqual([expect.objectContaining({ field })]);
      }

      const viaHeader = await world.call(
        adminA,
        'POST',
        '/api/v1/class-groups',
        { name: '8H' },
        {
          headers: { 'x-tenant-id': schoolB },
        },
      );
      expect(viaHeader.status).toBe(201);
      const [row] = await world.sql('pupil-records', 'select tenant_id from class_group where id = $1', [
        viaHeader.body.id,
      ]);
      expect(row.tenant_id).toBe(schoolA);
    });

    it('fields a school may not set are refused by name: tenant, kind, status and platform roles on a user', async () => {
      for (const [field, value] of [
        ['tenantId', schoolB],
        ['schoolId', schoolB],
        ['kind', 'platform'],
        ['status', 'active'],
        ['passwordHash', 'x'],
      ] as const) {
        const reply = await world.call(adminA, 'POST', '/api/v1/users', newUser({ [field]: value }));
        expect({ field, status: reply.status }).toEqual({ field, status: 400 });
        expect(reply.body.errors).toEqual([expect.objectContaining({ field })]);
      }
      const platformRole = await world.call(adminA, 'POST', '/api/v1/users', newUser({ roles: ['platform-admin'] }));
      expect(platformRole.status).toBe(400);
      expect(platformRole.body.errors[0].field).toMatch(/^roles/);

      const role = await world.call(adminA, 'POST', '/api/v1/roles', {
        name: 'sneaky',
        permissions: ['reports:read', 'platform:schools'],
      });
      expect(role.status).toBe(400);
      expect(role.body.errors[0].field).toMatch(/^permissions/);
    });
  });
});
