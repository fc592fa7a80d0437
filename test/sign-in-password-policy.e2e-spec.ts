import { BrowserClient, problemOf, Staff, World } from '@pt/testing';
import { Client } from 'pg';

const PASSWORD = 'Gradebook-Lark-31';

// The policy's rules themselves (lengths, deny list, 128 characters, a school's own policy,
// platform users) and the current-password checks are specified on identity alone, in
// apps/identity/src/credentials/password-policy.int-spec.ts.
describe('Password policy at change (P2) through POST /api/v1/me/password', () => {
  let world: World;
  let db: Client;
  let api: BrowserClient;
  let defaultSchool: string;

  const change = (token: string, currentPassword: string, newPassword: string) =>
    api.post('/api/v1/me/password', { currentPassword, newPassword }, { token });
  const signedInStaff = async (school = defaultSchool): Promise<Staff & { token: string }> => {
    const staff = await world.account(school, PASSWORD);
    return { ...staff, token: (await api.signIn(staff.username, staff.password)).accessToken };
  };

  beforeAll(async () => {
    world = await World.start({ label: 'pwpolicy', processes: ['gateway', 'identity'], admin: false });
    db = await world.stack.connectOwner('identity');
    api = world.browser();
    defaultSchool = (await world.school({ concurrentSessions: 'allow' })).id;
  }, 90_000);

  afterAll(async () => {
    await db?.end();
    await world?.stop();
  });

  describe('changing your own password', () => {
    it('P2: stores the new password with argon2id at OWASP parameters; the old one stops working, the new one signs in', async () => {
      const staff = await signedInStaff();
      const response = await change(staff.token, PASSWORD, 'Kestrel4Moor-New');
      expect(response.status).toBe(204);
      const { rows } = await db.query(`select password_hash from user_account where id = $1`, [staff.id]);
      expect(rows[0].password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect((await api.post('/api/v1/auth/sign-in', { login: staff.username, password: PASSWORD })).status).toBe(401);
      await api.signIn(staff.username, 'Kestrel4Moor-New');
    });

    it("P2: ends the user's other sessions at once; the session that changed it continues", async () => {
      const staff = await world.account(defaultSchool, PASSWORD);
      const elsewhere = await api.signIn(staff.username, staff.password);
      const here = await api.signIn(staff.username, staff.password);
      expect((await change(here.accessToken, PASSWORD, 'Kestrel4Moor-Two')).status).toBe(204);

      await world.until(
        async () => (await api.get('/api/v1/me', { token: elsewhere.accessToken })).status === 401,
        3000,
      );
      expect(await problemOf(await api.get('/api/v1/me', { token: elsewhere.accessToken }))).toMatchObject({
        code: 'session.ended',
      });
      expect((await api.post('/api/v1/auth/refresh', { refreshToken: elsewhere.refreshToken })).status).toBe(401);
      expect((await api.get('/api/v1/me', { token: here.accessToken })).status).toBe(200);
      expect((await api.post('/api/v1/auth/refresh', { refreshToken: here.refreshToken })).status).toBe(200);
    });

    it('needs a signed-in user, and names missing fields', async () => {
      expect((await api.post('/api/v1/me/password', { currentPassword: 'a', newPassword: 'b' })).status).toBe(401);
      const staff = await signedInStaff();
      const response = await api.post('/api/v1/me/password', {}, { token: staff.token });
      const body = (await response.json()) as { errors: { field: string }[] };
      expect(new Set(body.errors.map((e) => e.field))).toEqual(new Set(['currentPassword', 'newPassword']));
    });
  });
});
