import { RightsRequestView } from '@pt/contracts';
import { Reply, World } from '@pt/testing';
import { randomUUID } from 'node:crypto';

const DAY_MS = 86_400_000;

/** A UTC calendar date `days` from today. */
const dayFromToday = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);

// The register's rules (due dates, extension, completion, overdue listing, another
// school's requests, refusal by the audit service itself) are specified on the audit
// service alone, in apps/audit/src/rights/rights-register.int-spec.ts; here, what the
// gateway adds: field validation and its own permission check.
describe('P21, P22: the rights register records requests with their ICO due dates', () => {
  let world: World;
  let adminToken: string;
  const schools: string[] = [];
  const heads: string[] = [];
  let teacherToken: string;
  let teacherId: string;

  const createSchool = async (n: number) =>
    (
      await world.call(adminToken, 'POST', '/api/v1/platform/schools', {
        name: `Rights School ${n}`,
        laCode: '994',
        establishmentNumber: String(5000 + n),
        address: { line1: '1 Lane', town: 'Town', postcode: 'TE1 1ST' },
        contact: { name: 'Office', email: 'office@rights.test' },
      })
    ).body.id as string;

  const request = (overrides: Record<string, unknown> = {}) => ({
    kind: 'access',
    subject: { type: 'staff', id: teacherId },
    requestedBy: { type: 'parent', id: randomUUID() },
    receivedOn: dayFromToday(0),
    notes: 'Asked at the school office by a parent',
    ...overrides,
  });

  const record = async (token: string, overrides: Record<string, unknown> = {}) => {
    const reply = await world.call(token, 'POST', '/api/v1/rights-requests', request(overrides));
    expect(reply.status).toBe(201);
    return reply.body as RightsRequestView;
  };

  beforeAll(async () => {
    world = await World.start({
      label: 'rights',
      processes: ['gateway', 'identity', 'audit'],
    });
    adminToken = world.platformAdmin.token;
    for (let n = 1; n <= 1; n++) {
      schools.push(await createSchool(n));
      const username = `rights.head${n}`;
      await world.staff(schools[n - 1], ['school-admin'], {
        username: username,
        password: `Head-${n}-Pass-1234`,
        signIn: false,
      });
      heads.push((await world.signIn(username, `Head-${n}-Pass-1234`)).token);
    }
    ({ id: teacherId } = await world.staff(schools[0], ['teacher'], {
      username: 'rights.teacher1',
      password: 'Teacher-1-Pass-123',
      signIn: false,
    }));
    teacherToken = (await world.signIn('rights.teacher1', 'Teacher-1-Pass-123')).token;
  }, 90_000);

  afterAll(async () => {
    await world?.stop();
  });

  it('P22: validation names each field', async () => {
    const bad = await world.call(heads[0], 'POST', '/api/v1/rights-requests', {
      kind: 'complaint',
      subject: { type: 'governor', id: 'nope' },
      requestedBy: { type: 'parent', id: 'x' },
      receivedOn: '31/01/2027',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
      ['kind', 'receivedOn', 'requestedBy.id', 'subject.id', 'subject.type'].sort(),
    );
    const impossible = await world.call(
      heads[0],
      'POST',
      '/api/v1/rights-requests',
      request({ receivedOn: '2027-02-29' }),
    );
    expect(impossible.status).toBe(400);
    expect(impossible.body.errors).toEqual([{ field: 'receivedOn', message: 'must be a calendar date (YYYY-MM-DD)' }]);
    const view = await record(heads[0]);
    const extension = await world.call(heads[0], 'POST', `/api/v1/rights-requests/${view.id}/extension`, { months: 3 });
    expect(extension.status).toBe(400);
    expect(extension.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['months', 'reason']);
    const completion = await world.call(heads[0], 'POST', `/api/v1/rights-requests/${view.id}/completion`, {
      outcome: 'ignored',
      summary: '',
    });
    expect(completion.status).toBe(400);
    expect(completion.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['outcome', 'summary']);
    const query = await world.call(heads[0], 'GET', '/api/v1/rights-requests?status=lost&overdue=maybe');
    expect(query.status).toBe(400);
    expect(query.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['overdue', 'status']);
  });

  it('P22: staff without rights:manage are refused (403)', async () => {
    const view = await record(heads[0]);
    expect((await world.call(teacherToken, 'POST', '/api/v1/rights-requests', request())).status).toBe(403);
    expect((await world.call(teacherToken, 'GET', '/api/v1/rights-requests')).status).toBe(403);
    expect((await world.call(teacherToken, 'GET', `/api/v1/rights-requests/${view.id}`)).status).toBe(403);
    expect(
      (
        await world.call(teacherToken, 'POST', `/api/v1/rights-requests/${view.id}/extension`, {
          months: 1,
          reason: 'x',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await world.call(teacherToken, 'POST', `/api/v1/rights-requests/${view.id}/completion`, {
          outcome: 'done',
          summary: 'x',
        })
      ).status,
    ).toBe(403);
  });
});
