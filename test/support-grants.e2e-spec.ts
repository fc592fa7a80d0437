import { EventEnvelope } from '@pt/contracts';
import { identitySql, insertStaffUser, signInThroughGateway, TestStack } from '@pt/testing';
import { hash } from '@node-rs/argon2';
import { randomUUID } from 'node:crypto';

const ADMIN = { login: 'support.admin@platform.test', password: 'Support-Admin-Pass-1' };
const SUPPORT = { login: 'helper@platform.test', password: 'Support-Helper-Pass-1' };

describe('P12: support enters a school only under its consent', () => {
  let stack: TestStack;
  let adminToken: string;
  let supportToken: string;
  let headToken: string;
  let otherHeadToken: string;
  let schoolId: string;

  const call = async (method: string, path: string, token: string, body?: unknown) => {
    const response = await fetch(`${stack.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as Record<string, any> };
  };
  const createSchool = async (n: number) =>
    (
      await call('POST', '/api/v1/platform/schools', adminToken, {
        name: `Support School ${n}`,
        laCode: '997',
        establishmentNumber: String(2000 + n),
        address: { line1: '1 Lane', town: 'Town', postcode: 'TE1 1ST' },
        contact: { name: 'Office', email: 'office@support.test' },
      })
    ).body.id as string;

  beforeAll(async () => {
    stack = await TestStack.start({
      label: 'support',
      processes: ['gateway', 'identity'],
      envFor: { identity: { BOOTSTRAP_ADMIN_EMAIL: ADMIN.login, BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password } },
    });
    adminToken = await signInThroughGateway(stack, ADMIN.login, ADMIN.password);
    schoolId = await createSchool(1);
    const otherSchoolId = await createSchool(2);
    await insertStaffUser(stack, { tenantId: schoolId, username: 'head.one', password: 'Head-One-Pass-12' });
    await insertStaffUser(stack, { tenantId: otherSchoolId, username: 'head.two', password: 'Head-Two-Pass-12' });
    headToken = await signInThroughGateway(stack, 'head.one', 'Head-One-Pass-12');
    otherHeadToken = await signInThroughGateway(stack, 'head.two', 'Head-Two-Pass-12');
    // A platform support user (training recorded), inserted directly: platform staff have their own suite.
    await identitySql(
      stack,
      `insert into user_account (id, tenant_id, kind, username, email, first_name, last_name, password_hash, roles, status)
       values ($1, null, 'platform', $2, $2, 'Sam', 'Support', $3, '{support}', 'active')`,
      [randomUUID(), SUPPORT.login, await hash(SUPPORT.password)],
    );
    supportToken = await signInThroughGateway(stack, SUPPORT.login, SUPPORT.password);
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('support cannot read a school without a grant', async () => {
    expect((await call('GET', '/api/v1/school', supportToken)).status).toBe(403);
    expect((await call('GET', '/api/v1/platform/support-grants', supportToken)).body.items).toEqual([]);
  });

  it('a school admin grants time-boxed, read-only access by default; support sees it and enters', async () => {
    const grant = await call('POST', '/api/v1/support-grants', headToken, {
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

    const visible = await call('GET', '/api/v1/platform/support-grants', supportToken);
    expect(visible.body.items.map((g: { id: string }) => g.id)).toContain(grant.body.id);

    const entered = await call('POST', `/api/v1/platform/support-grants/${grant.body.id}/sessions`, supportToken);
    expect(entered.status).toBe(201);
    const claims = JSON.parse(Buffer.from(entered.body.accessToken.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ tid: schoolId, sgi: grant.body.id, perms: grant.body.permissions });
    expect(claims.exp * 1000).toBeLessThanOrEqual(Date.parse(grant.body.expiresAt));

    const school = await call('GET', '/api/v1/school', entered.body.accessToken);
    expect(school.status).toBe(200);
    expect(school.body.id).toBe(schoolId);
    // Read-only: what the school did not grant stays closed.
    expect(
      (await call('POST', '/api/v1/support-grants', entered.body.accessToken, { reason: 'x', durationHours: 1 }))
        .status,
    ).toBe(403);
  });

  it('records entering under the grant as an event carrying the grant id, for the school to see (P12)', async () => {
    const grant = await call('POST', '/api/v1/support-grants', headToken, { reason: 'Check', durationHours: 1 });
    await call('POST', `/api/v1/platform/support-grants/${grant.body.id}/sessions`, supportToken);
    let found: EventEnvelope<{ grantId: string }> | undefined;
    await stack.waitUntil(async () => {
      const entered = await stack.publishedEvents<{ grantId: string }>('evt.identity.support-grant.entered');
      found = entered.find((event) => event.data.grantId === grant.body.id);
      return found !== undefined;
    }, 5000);
    expect(found).toMatchObject({ tenantId: schoolId, actor: { kind: 'platform', supportGrantId: grant.body.id } });
  });

  it('revoking the grant ends the support session at once and refuses new ones', async () => {
    const grant = await call('POST', '/api/v1/support-grants', headToken, { reason: 'Short look', durationHours: 1 });
    const entered = await call('POST', `/api/v1/platform/support-grants/${grant.body.id}/sessions`, supportToken);
    expect((await call('GET', '/api/v1/school', entered.body.accessToken)).status).toBe(200);
    const revoked = await call('DELETE', `/api/v1/support-grants/${grant.body.id}`, headToken);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ active: false, revokedAt: expect.any(String) });
    await stack.waitUntil(
      async () => (await call('GET', '/api/v1/school', entered.body.accessToken)).status === 401,
      2000,
    );
    const again = await call('POST', `/api/v1/platform/support-grants/${grant.body.id}/sessions`, supportToken);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('support_grant.inactive');
  });

  it('a school cannot see, or revoke, another school’s grant (404)', async () => {
    const grant = await call('POST', '/api/v1/support-grants', headToken, { reason: 'Mine', durationHours: 1 });
    expect((await call('DELETE', `/api/v1/support-grants/${grant.body.id}`, otherHeadToken)).status).toBe(404);
    const theirs = await call('GET', '/api/v1/support-grants', otherHeadToken);
    expect(theirs.body.items.map((g: { id: string }) => g.id)).not.toContain(grant.body.id);
  });

  it('refuses to grant what the granting admin does not hold, or longer than a week', async () => {
    const tooLong = await call('POST', '/api/v1/support-grants', headToken, { reason: 'x', durationHours: 500 });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors[0].field).toBe('durationHours');
    const foreign = await call('POST', '/api/v1/support-grants', headToken, {
      reason: 'x',
      durationHours: 1,
      permissions: ['platform:schools'],
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors[0].field).toBe('permissions');
  });

  it('only support staff may enter, and only school admins may grant', async () => {
    expect((await call('GET', '/api/v1/platform/support-grants', headToken)).status).toBe(403);
    expect(
      (await call('POST', '/api/v1/support-grants', supportToken, { reason: 'self', durationHours: 1 })).status,
    ).toBe(403);
  });
});
