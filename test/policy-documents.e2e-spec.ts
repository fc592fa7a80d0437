import { World } from '@pt/testing';

const ADMIN = { login: 'policies.admin@platform.test', password: 'Policies-Admin-Pass-1' };
const STAFF = { username: 'teacher.policies', password: 'Teacher-Policies-1' };

describe('P7: staff read and accept the current policy documents before anything else', () => {
  let world: World;
  let adminToken: string;
  let staffToken: string;
  let staffId: string;

  const publish = (kind: string, version: string, token = adminToken) =>
    world.call(token, 'POST', '/api/v1/platform/policy-documents', {
      kind,
      version,
      title: `${kind} ${version}`,
      body: `# ${kind}`,
    });

  beforeAll(async () => {
    world = await World.start({
      label: 'policies',
      processes: ['gateway', 'identity'],
      admin: ADMIN,
    });
    adminToken = (await world.signIn(ADMIN.login, ADMIN.password)).token;
    const school = await world.call(adminToken, 'POST', '/api/v1/platform/schools', {
      name: 'Policy Primary',
      laCode: '998',
      establishmentNumber: '1001',
      address: { line1: '1 Lane', town: 'Town', postcode: 'TE1 1ST' },
      contact: { name: 'Office', email: 'office@policy.test' },
    });
    staffId = (await world.staff(school.body.id, ['school-admin'], { ...STAFF, signIn: false })).id;
    staffToken = (await world.signIn(STAFF.username, STAFF.password)).token;
  }, 90_000);

  afterAll(async () => {
    await world?.stop();
  });

  it('lets staff work while no documents are published', async () => {
    expect((await world.call(staffToken, 'GET', '/api/v1/school')).status).toBe(200);
    expect((await world.call(staffToken, 'GET', '/api/v1/me')).body.pendingPolicyDocuments).toEqual([]);
  });

  it('once the three documents are published, refuses everything else with 403 listing them', async () => {
    for (const kind of ['data-processing-terms', 'privacy-policy', 'cookie-policy']) {
      expect((await publish(kind, '2026-09')).status).toBe(201);
    }
    const refused = await world.call(staffToken, 'GET', '/api/v1/school');
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('policy.acceptance_required');
    expect(refused.body.documents.map((d: { kind: string }) => d.kind).sort()).toEqual([
      'cookie-policy',
      'data-processing-terms',
      'privacy-policy',
    ]);
  });

  it('still lets them see who they are, read the documents, and sign out', async () => {
    const me = await world.call(staffToken, 'GET', '/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.pendingPolicyDocuments.sort()).toEqual(['cookie-policy', 'data-processing-terms', 'privacy-policy']);
    const current = await world.call(null, 'GET', '/api/v1/policy-documents');
    expect(current.status).toBe(200);
    expect(current.body.items).toHaveLength(3);
    const one = await world.call(staffToken, 'GET', `/api/v1/policy-documents/${current.body.items[0].id}`);
    expect(one.body).toMatchObject({ version: '2026-09', body: expect.stringContaining('#') });
  });

  it('records each acceptance with version, time and IP, and opens access once all are accepted', async () => {
    const current = (await world.call(null, 'GET', '/api/v1/policy-documents')).body.items as {
      id: string;
      kind: string;
    }[];
    const [first, second, third] = current;
    const partly = await world.call(staffToken, 'POST', '/api/v1/me/policy-acceptances', {
      documentIds: [first.id, second.id],
    });
    expect(partly.status).toBe(201);
    expect(partly.body.items).toHaveLength(2);
    const stillRefused = await world.call(staffToken, 'GET', '/api/v1/school');
    expect(stillRefused.status).toBe(403);
    expect(stillRefused.body.documents.map((d: { id: string }) => d.id)).toEqual([third.id]);
    expect((await world.call(staffToken, 'GET', '/api/v1/me')).body.pendingPolicyDocuments).toEqual([third.kind]);

    await world.call(staffToken, 'POST', '/api/v1/me/policy-acceptances', { documentIds: [third.id] });
    expect((await world.call(staffToken, 'GET', '/api/v1/school')).status).toBe(200);

    const rows = await world.sql<{ version: string; accepted_at: Date; ip: string | null }>(
      'identity',
      'select version, accepted_at, ip from policy_acceptance where user_id = $1',
      [staffId],
    );
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.version).toBe('2026-09');
      expect(row.accepted_at).toBeInstanceOf(Date);
      expect(row.ip).toBeTruthy();
    }
  });

  it('asks again when a new version is published, and only for that document', async () => {
    const oldPrivacy = (
      (await world.call(null, 'GET', '/api/v1/policy-documents')).body.items as { id: string; kind: string }[]
    ).find((d) => d.kind === 'privacy-policy')!;
    expect((await publish('privacy-policy', '2027-01')).status).toBe(201);
    const refused = await world.call(staffToken, 'GET', '/api/v1/school');
    expect(refused.status).toBe(403);
    expect(refused.body.documents).toEqual([{ id: expect.any(String), kind: 'privacy-policy', version: '2027-01' }]);

    const stale = await world.call(staffToken, 'POST', '/api/v1/me/policy-acceptances', {
      documentIds: [oldPrivacy.id],
    });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('policy_document.not_current');
    await world.call(staffToken, 'POST', '/api/v1/me/policy-acceptances', {
      documentIds: [refused.body.documents[0].id],
    });
    expect((await world.call(staffToken, 'GET', '/api/v1/school')).status).toBe(200);
  });

  it('refuses publishing a version twice, and publishing by anyone but a platform admin', async () => {
    expect((await publish('cookie-policy', '2026-09')).status).toBe(409);
    const byStaff = await publish('cookie-policy', '2099-01', staffToken);
    expect(byStaff.status).toBe(403);
    const bad = await world.call(adminToken, 'POST', '/api/v1/platform/policy-documents', {
      kind: 'terms',
      version: 'a b',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['body', 'kind', 'title', 'version']);
  });

  it('does not gate platform staff, for whom the documents are not terms', async () => {
    expect((await world.call(adminToken, 'GET', '/api/v1/platform/schools')).status).toBe(200);
  });
});
