import { EventEnvelope } from '@pt/contracts';
import { World } from '@pt/testing';
import { hash } from '@node-rs/argon2';
import { randomUUID } from 'node:crypto';

const ADMIN = { login: 'support.admin@platform.test', password: 'Support-Admin-Pass-1' };
const SUPPORT = { login: 'helper@platform.test', password: 'Support-Helper-Pass-1' };

describe('P12: support enters a school only under its consent', () => {
  let world: World;
  let adminToken: string;
  let supportToken: string;
  let headToken: string;
  let otherHeadToken: string;
  let schoolId: string;

  const createSchool = async (n: number) =>
    (
      await world.call(adminToken, 'POST', '/api/v1/platform/schools', {
        name: `Support School ${n}`,
        laCode: '997',
        establishmentNumber: String(2000 + n),
        address: { line1: '1 Lane', town: 'Town', postcode: 'TE1 1ST' },
        contact: { name: 'Office', email: 'office@support.test' },
      })
    ).body.id as string;

  beforeAll(async () => {
    world = await World.start({
      label: 'support',
      processes: ['gateway', 'identity'],
      admin: ADMIN,
    });
    adminToken = (await world.signIn(ADMIN.login, ADMIN.password)).token;
    schoolId = await createSchool(1);
    const otherSchoolId = await createSchool(2);
    await world.staff(schoolId, ['school-admin'], {
      username: 'head.one',
      password: 'Head-One-Pass-12',
      signIn: false,
    });
    await world.staff(otherSchoolId, ['school-admin'], {
      username: 'head.two',
      password: 'Head-Two-Pass-12',
      signIn: false,
    });
    headToken = (await world.signIn('head.one', 'Head-One-Pass-12')).token;
    otherHeadToken = (await world.signIn('head.two', 'Head-Two-Pass-12')).token;
    // A platform support user (training recorded), inserted directly: platform staff have their own suite.
    await world.sql(
      'identity',
      `insert into user_account (id, tenant_id, kind, username, email, first_name, last_name, password_hash, roles, status)
       values ($1, null, 'platform', $2, $2, 'Sam', 'Support', $3, '{support}', 'active')`,
      [randomUUID(), SUPPORT.login, await hash(SUPPORT.password)],
    );
    supportToken = (await world.signIn(SUPPORT.login, SUPPORT.password)).token;
  }, 90_000);

  afterAll(async () => {
    await world?.stop();
  });

  it('support cannot read a school without a grant', async () => {
    expect((await world.call(supportToken, 'GET', '/api/v1/school')).status).toBe(403);
    expect((await world.call(supportToken, 'GET', '/api/v1/platform/support-grants')).body.items).toEqual([]);
  });

  it('a school admin grants time-boxed, read-only access by default; support sees it and enters', async () => {
    const grant = await world.call(headToken, 'POST', '/api/v1/support-grants', {
      reason: 'Import problem #123',
      durationHours: 2,
    });
    expect(grant.status).toBe(201);
    expect(grant.body).toMatchObject({
      schoolId,
      active: true,
      permissions: ['assessments:read', 'pupils:read', 'reports:read', 'users:read'],
    });
    const hours = (Date.parse(grant.body.expiresAt) - Date.parse(grant.body.startsAt)) / 3600_000;
    expect(hours).toBe(2);

    const visible = await world.call(supportToken, 'GET', '/api/v1/platform/support-grants');
    expect(visible.body.items.map((g: { id: string }) => g.id)).toContain(grant.body.id);

    const entered = await world.call(supportToken, 'POST', `/api/v1/platform/support-grants/${grant.body.id}/sessions`);
    expect(entered.status).toBe(201);
    const claims = JSON.parse(Buffer.from(entered.body.accessToken.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ tid: schoolId, sgi: grant.body.id, perms: grant.body.permissions });
    expect(claims.exp * 1000).toBeLessThanOrEqual(Date.parse(grant.body.expiresAt));

    const school = await world.call(entered.body.accessToken, 'GET', '/api/v1/school');
    expect(school.status).toBe(200);
    expect(school.body.id).toBe(schoolId);
    // Read-only: what the school did not grant stays closed.
    expect(
      (await world.call(entered.body.accessToken, 'POST', '/api/v1/support-grants', { reason: 'x', durationHours: 1 }))
        .status,
    ).toBe(403);
  });

  it('records entering under the grant as an event carrying the grant id, for the school to see (P12)', async () => {
    const grant = await world.call(headToken, 'POST', '/api/v1/support-grants', { reason: 'Check', durationHours: 1 });
    await world.call(supportToken, 'POST', `/api/v1/platform/support-grants/${grant.body.id}/sessions`);
    let found: EventEnvelope<{ grantId: string }> | undefined;
    await world.until(async () => {
      const entered = await world.stack.publishedEvents<{ grantId: string }>('evt.identity.support-grant.entered');
      found = entered.find((event: EventEnvelope<{ grantId: string }>) => event.data.grantId === grant.body.id);
      return found !== undefined;
    }, 5000);
    expect(found).toMatchObject({ tenantId: schoolId, actor: { kind: 'platform', supportGrantId: grant.body.id } });
  });

  it('revoking the grant ends the support session at once and refuses new ones', async () => {
    const grant = await world.call(headToken, 'POST', '/api/v1/support-grants', {
      reason: 'Short look',
      durationHours: 1,
    });
    const entered = await world.call(supportToken, 'POST', `/api/v1/platform/support-grants/${grant.body.id}/sessions`);
    expect((await world.call(entered.body.accessToken, 'GET', '/api/v1/school')).status).toBe(200);
    const revoked = await world.call(headToken, 'DELETE', `/api/v1/support-grants/${grant.body.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ active: false, revokedAt: expect.any(String) });
    await world.until(
      async () => (await world.call(entered.body.accessToken, 'GET', '/api/v1/school')).status === 401,
      2000,
    );
    const again = await world.call(supportToken, 'POST', `/api/v1/platform/support-grants/${grant.body.id}/sessions`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('support_grant.inactive');
  });

  it('a school cannot see, or revoke, another school’s grant (404)', async () => {
    const grant = await world.call(headToken, 'POST', '/api/v1/support-grants', { reason: 'Mine', durationHours: 1 });
    expect((await world.call(otherHeadToken, 'DELETE', `/api/v1/support-grants/${grant.body.id}`)).status).toBe(404);
    const theirs = await world.call(otherHeadToken, 'GET', '/api/v1/support-grants');
    expect(theirs.body.items.map((g: { id: string }) => g.id)).not.toContain(grant.body.id);
  });

  it('refuses to grant what the granting admin does not hold, or longer than a week', async () => {
    const tooLong = await world.call(headToken, 'POST', '/api/v1/support-grants', { reason: 'x', durationHours: 500 });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors[0].field).toBe('durationHours');
    const foreign = await world.call(headToken, 'POST', '/api/v1/support-grants', {
      reason: 'x',
      durationHours: 1,
      permissions: ['platform:schools'],
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors[0].field).toBe('permissions');
  });

  it('only support staff may enter, and only school admins may grant', async () => {
    expect((await world.call(headToken, 'GET', '/api/v1/platform/support-grants')).status).toBe(403);
    expect(
      (await world.call(supportToken, 'POST', '/api/v1/support-grants', { reason: 'self', durationHours: 1 })).status,
    ).toBe(403);
  });
});
