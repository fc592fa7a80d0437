import { World } from '@pt/testing';
import { randomUUID } from 'node:crypto';

const ADMIN = { login: 'replicas.admin@platform.test', password: 'Replicas-Admin-Pass-1' };
const STAFF = { username: 'replica.teacher', password: 'Replica-Teacher-1' };

describe('Signing out takes effect at once on every gateway replica', () => {
  let world: World;
  let second: string;

  const me = (base: string, token: string) =>
    fetch(`${base}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
  const post = (base: string, path: string, token: string) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  /** The token is refused on `base` within a second, with the given code. */
  const refusedWithin = async (base: string, token: string, code: string) => {
    await world.until(async () => (await me(base, token)).status === 401, 1000, 20);
    expect(await (await me(base, token)).json()).toMatchObject({ code });
  };

  beforeAll(async () => {
    world = await World.start({
      label: 'replicas',
      processes: ['gateway', 'identity'],
      admin: ADMIN,
    });
    second = await world.stack.startGatewayReplica('gateway#2');
    const schoolId = randomUUID();
    await world.sql(
      'identity',
      `insert into school (id, name, la_code, establishment_number, address_line1, address_town, address_postcode,
                           contact_name, contact_email, status, concurrent_sessions)
       values ($1, 'Replica School', '996', '3001', '1 Lane', 'Town', 'TE1 1ST', 'Office', 'office@replica.test', 'active', 'allow')`,
      [schoolId],
    );
    await world.staff(schoolId, ['school-admin'], { ...STAFF, signIn: false });
  }, 90_000);

  afterAll(async () => {
    await world?.stop();
  });

  it('a token signed out through one replica is refused by the other', async () => {
    const token = (await world.signIn(ADMIN.login, ADMIN.password)).token;
    expect((await me(second, token)).status).toBe(200);
    expect((await post(world.stack.baseUrl, '/api/v1/auth/sign-out', token)).status).toBe(204);
    await refusedWithin(second, token, 'session.ended');
  });

  it('sign-out-everywhere through one replica ends every session of the user on all replicas', async () => {
    const first = (await world.signIn(STAFF.username, STAFF.password)).token;
    const other = (await world.signIn(STAFF.username, STAFF.password)).token;
    expect((await me(world.stack.baseUrl, first)).status).toBe(200);
    expect((await me(second, other)).status).toBe(200);
    expect((await post(second, '/api/v1/auth/sign-out-everywhere', other)).status).toBe(204);
    await refusedWithin(world.stack.baseUrl, first, 'session.ended');
    await refusedWithin(world.stack.baseUrl, other, 'session.ended');
    await refusedWithin(second, first, 'session.ended');
  });

  it('a replica started after the sign-out refuses the token too (it loads the revocations at start)', async () => {
    const token = (await world.signIn(ADMIN.login, ADMIN.password)).token;
    expect((await post(world.stack.baseUrl, '/api/v1/auth/sign-out', token)).status).toBe(204);
    const late = await world.stack.startGatewayReplica('gateway#3');
    expect((await me(late, token)).status).toBe(401);
  });
});
