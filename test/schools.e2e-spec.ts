import { GET_SCHOOL, SchoolStatus } from '@pt/contracts';
import { BusException } from '@pt/platform/bus/bus-exception';
import { World } from '@pt/testing';
import { hash } from '@node-rs/argon2';
import { randomUUID } from 'node:crypto';

const ADMIN = { login: 'schools.admin@platform.test', password: 'Schools-Admin-Pass-1' };

describe('Schools: platform admins create and onboard schools (P11)', () => {
  let world: World;
  let adminToken: string;
  let counter = 0;

  const call = (method: string, path: string, body?: unknown, token = adminToken) =>
    world.call<Record<string, any>>(token, method, path, body);
  const newSchool = (overrides: Record<string, unknown> = {}) => ({
    name: `Test Primary ${++counter}`,
    laCode: '999',
    establishmentNumber: String(1000 + counter),
    address: { line1: '1 School Lane', town: 'Testbury', postcode: 'TE5 7AB' },
    contact: { name: 'Office', email: 'office@school.test', telephone: '01234 567890' },
    ...overrides,
  });
  const signIn = async (login: string, password: string) => (await world.signIn(login, password)).token;

  beforeAll(async () => {
    world = await World.start({ label: 'schools', processes: ['gateway', 'identity'], admin: ADMIN });
    adminToken = world.platformAdmin.token;
  }, 90_000);

  afterAll(async () => {
    await world?.stop();
  });

  it('creates a school that may not process pupil data until the terms are signed (P11)', async () => {
    const created = await call('POST', '/api/v1/platform/schools', newSchool());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'onboarding',
      dataProcessingAllowed: false,
      dataProcessingSignature: null,
      dfeNumber: expect.stringMatching(/^999\/\d{4}$/),
      concurrentSessions: 'replace',
    });
  });

  it('refuses a second school with the same DfE number (409)', async () => {
    const school = newSchool();
    expect((await call('POST', '/api/v1/platform/schools', school)).status).toBe(201);
    const again = await call('POST', '/api/v1/platform/schools', { ...school, name: 'Another' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('school.dfe_number_taken');
  });

  it('names each bad field, nested ones by path', async () => {
    const response = await call('POST', '/api/v1/platform/schools', {
      ...newSchool({ laCode: '12', address: { line1: 'x', town: 'y', postcode: 'NOT A POSTCODE' } }),
      contact: { name: 'Office', email: 'not-an-email' },
    });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'address.postcode',
      'contact.email',
      'laCode',
    ]);
  });

  it('lists schools page by page with a cursor', async () => {
    for (let i = 0; i < 3; i++) await call('POST', '/api/v1/platform/schools', newSchool());
    const seen = new Set<string>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await call('GET', `/api/v1/platform/schools?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      for (const school of page.body.items) seen.add(school.id);
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    expect(seen.size).toBeGreaterThanOrEqual(5);
    expect(pages).toBeGreaterThanOrEqual(3);
    const bad = await call('GET', '/api/v1/platform/schools?limit=500&cursor=zzz');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['limit']);
  });

  it('answers 404 for an unknown school and 400 naming a malformed id', async () => {
    expect((await call('GET', `/api/v1/platform/schools/${randomUUID()}`)).status).toBe(404);
    const malformed = await call('GET', '/api/v1/platform/schools/123');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([{ field: 'schoolId', message: 'must be a UUID' }]);
  });

  it('records the signature of the data processing terms, activates the school and publishes its status (P11)', async () => {
    const created = await call('POST', '/api/v1/platform/schools', newSchool());
    const schoolId = created.body.id as string;
    const signed = await call('POST', `/api/v1/platform/schools/${schoolId}/data-processing-signature`, {
      signedByName: 'A. Head',
      signedByRole: 'Headteacher',
      termsVersion: '2026-09',
      signedAt: '2026-11-20T09:30:00.000Z',
    });
    expect(signed.status).toBe(200);
    expect(signed.body).toMatchObject({
      status: 'active',
      dataProcessingAllowed: true,
      dataProcessingSignature: {
        signedByRole: 'Headteacher',
        termsVersion: '2026-09',
        signedAt: '2026-11-20T09:30:00.000Z',
      },
    });

    // Other services learn it from the durable event: not allowed at creation, allowed once signed.
    let statuses: SchoolStatus[] = [];
    await world.until(async () => {
      statuses = (await world.stack.publishedEvents<SchoolStatus>('evt.identity.school.status-changed'))
        .map((event) => event.data)
        .filter((status) => status.schoolId === schoolId);
      return statuses.length === 2;
    }, 5000);
    expect(statuses.map((s) => s.dataProcessingAllowed)).toEqual([false, true]);
  });

  it('refuses a signature dated in the future', async () => {
    const created = await call('POST', '/api/v1/platform/schools', newSchool());
    const response = await call('POST', `/api/v1/platform/schools/${created.body.id}/data-processing-signature`, {
      signedByName: 'A. Head',
      signedByRole: 'Headteacher',
      termsVersion: '2026-09',
      signedAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ field: 'signedAt', message: 'must not be in the future' }]);
  });

  describe('who may', () => {
    let staffToken: string;
    let schoolId: string;
    let otherSchoolId: string;

    beforeAll(async () => {
      schoolId = (await call('POST', '/api/v1/platform/schools', newSchool())).body.id;
      otherSchoolId = (await call('POST', '/api/v1/platform/schools', newSchool())).body.id;
      // A school admin, inserted directly: user management has its own suite.
      await world.stack.ownerSql(
        'identity',
        `insert into user_account (id, tenant_id, kind, username, email, first_name, last_name, password_hash, roles, status)
         values ($1, $2, 'staff', 'head.schools', 'head@schools.test', 'A', 'Head', $3, '{school-admin}', 'active')`,
        [randomUUID(), schoolId, await hash('Head-Teacher-Pass-1')],
      );
      staffToken = await signIn('head.schools', 'Head-Teacher-Pass-1');
    });

    it('school staff cannot use the platform routes (403)', async () => {
      const response = await call('GET', '/api/v1/platform/schools', undefined, staffToken);
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ code: 'permission_denied', missing: ['platform:schools'] });
    });

    it("school staff read their own school; identity answers 404 for another's, as for a missing one", async () => {
      const own = await call('GET', '/api/v1/school', undefined, staffToken);
      expect(own.status).toBe(200);
      expect(own.body.id).toBe(schoolId);

      const ctx = {
        tenantId: schoolId,
        actor: { id: randomUUID(), kind: 'staff' as const, roles: ['school-admin'] },
        requestId: 'x',
        ip: null,
      };
      const other = (await world
        .send(GET_SCHOOL, { schoolId: otherSchoolId }, ctx, 2000)
        .catch((e: unknown) => e)) as BusException;
      const missing = (await world
        .send(GET_SCHOOL, { schoolId: randomUUID() }, ctx, 2000)
        .catch((e: unknown) => e)) as BusException;
      expect(other.body).toEqual(missing.body);
      expect(other.kind).toBe('not_found');
    });

    it('a platform admin has no school of its own', async () => {
      const response = await call('GET', '/api/v1/school');
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('school_required');
    });

    it('without a token nothing is answered but 401', async () => {
      const response = await fetch(`${world.baseUrl}/api/v1/platform/schools`);
      expect(response.status).toBe(401);
    });
  });
});
