import { TestStack } from '@pt/testing';
import { Client } from 'pg';
import { GatewayClient, insertSchool, insertStaff, problemOf, StaffAccount } from './sign-in-support';

const ADMIN_EMAIL = 'policy.admin@platform.test';
const ADMIN_PASSWORD = 'Policy-Admin-Pass-1';
const PASSWORD = 'Gradebook-Lark-31';

describe('Password policy at change (P2) through POST /api/v1/me/password', () => {
  let stack: TestStack;
  let db: Client;
  let api: GatewayClient;
  let defaultSchool: string;
  let strictSchool: string;
  let laxSchool: string;

  const change = (token: string, currentPassword: string, newPassword: string) =>
    api.post('/api/v1/me/password', { currentPassword, newPassword }, { token });
  const signedInStaff = async (school = defaultSchool): Promise<StaffAccount & { token: string }> => {
    const staff = await insertStaff(db, school, PASSWORD);
    return { ...staff, token: (await api.signIn(staff.username, staff.password)).accessToken };
  };
  /** The new password's problems, or 'accepted' (each time on a fresh account, so nothing carries over). */
  const verdict = async (newPassword: string, school = defaultSchool): Promise<string> => {
    const staff = await signedInStaff(school);
    const response = await change(staff.token, PASSWORD, newPassword);
    if (response.status === 204) return 'accepted';
    const body = (await response.json()) as { status: number; errors: { field: string; message: string }[] };
    expect(body.status).toBe(400);
    expect(body.errors.map((e) => e.field)).toEqual(['newPassword']);
    expect(JSON.stringify(body)).not.toContain(newPassword);
    return body.errors[0].message;
  };

  beforeAll(async () => {
    stack = await TestStack.start({
      label: 'pwpolicy',
      processes: ['gateway', 'identity'],
      envFor: { identity: { BOOTSTRAP_ADMIN_EMAIL: ADMIN_EMAIL, BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD } },
    });
    db = await stack.connectOwner('identity');
    api = new GatewayClient(stack);
    defaultSchool = await insertSchool(db, { concurrentSessions: 'allow' });
    strictSchool = await insertSchool(db, {
      concurrentSessions: 'allow',
      passwordPolicy: { minLength: 16, passphraseLength: 20 },
    });
    laxSchool = await insertSchool(db, { concurrentSessions: 'allow', passwordPolicy: { minLength: 8 } });
  }, 90_000);

  afterAll(async () => {
    await db?.end();
    await stack?.stop();
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
      const staff = await insertStaff(db, defaultSchool, PASSWORD);
      const elsewhere = await api.signIn(staff.username, staff.password);
      const here = await api.signIn(staff.username, staff.password);
      expect((await change(here.accessToken, PASSWORD, 'Kestrel4Moor-Two')).status).toBe(204);

      await stack.waitUntil(
        async () => (await api.get('/api/v1/me', { token: elsewhere.accessToken })).status === 401,
        3000,
      );
      expect(await problemOf(await api.get('/api/v1/me', { token: elsewhere.accessToken }))).toMatchObject({
        code: 'session_ended',
      });
      expect((await api.post('/api/v1/auth/refresh', { refreshToken: elsewhere.refreshToken })).status).toBe(401);
      expect((await api.get('/api/v1/me', { token: here.accessToken })).status).toBe(200);
      expect((await api.post('/api/v1/auth/refresh', { refreshToken: here.refreshToken })).status).toBe(200);
    });

    it('P2: needs the current password: a wrong one is 400 naming currentPassword, and nothing changes', async () => {
      const staff = await signedInStaff();
      const response = await change(staff.token, 'Not-My-Password-1', 'Kestrel4Moor-New');
      expect(response.status).toBe(400);
      expect(await problemOf(response)).toMatchObject({
        code: 'validation_failed',
        errors: [{ field: 'currentPassword', message: 'is not correct' }],
      });
      await api.signIn(staff.username, PASSWORD);
    });

    it('P2: the new password must differ from the current one', async () => {
      const staff = await signedInStaff();
      const response = await change(staff.token, PASSWORD, PASSWORD);
      expect(await problemOf(response)).toMatchObject({ errors: [{ field: 'newPassword' }] });
    });

    it('needs a signed-in user, and names missing fields', async () => {
      expect((await api.post('/api/v1/me/password', { currentPassword: 'a', newPassword: 'b' })).status).toBe(401);
      const staff = await signedInStaff();
      const response = await api.post('/api/v1/me/password', {}, { token: staff.token });
      const body = (await response.json()) as { errors: { field: string }[] };
      expect(new Set(body.errors.map((e) => e.field))).toEqual(new Set(['currentPassword', 'newPassword']));
    });
  });

  describe('the default policy', () => {
    it('P2: refuses fewer than 12 characters, and 12 to 15 without capitals, lower case and digits', async () => {
      expect(await verdict('Short1Aa')).toMatch(/at least 12/);
      expect(await verdict('alllowercase12')).toMatch(/capitals, lower case and digits/);
      expect(await verdict('NODIGITSHEREabc')).toMatch(/capitals, lower case and digits/);
      expect(await verdict('Kestrel4Moor')).toBe('accepted');
    });

    it('P2: accepts a passphrase of 16+ characters without particular character classes', async () => {
      expect(await verdict('heron over the marsh')).toBe('accepted');
    });

    it('P2: refuses the most common passwords whatever their case (deny list), even when they meet the rules', async () => {
      expect(await verdict('Qwerty123456')).toMatch(/most commonly used/);
      expect(await verdict('1QAZ2WSX3edc4rfv')).toMatch(/most commonly used/);
      expect(await verdict('administrator')).toMatch(/most commonly used/);
    });

    it('P2: allows up to 128 characters and uses all of them, case-sensitively: never truncated or case-folded', async () => {
      const long = 'Aa1-' + 'lark and heron '.repeat(9).slice(0, 124);
      expect([...long]).toHaveLength(128);
      const staff = await signedInStaff();
      expect((await change(staff.token, PASSWORD, long)).status).toBe(204);
      const login = (password: string) => api.post('/api/v1/auth/sign-in', { login: staff.username, password });
      expect((await login(long.slice(0, 127))).status).toBe(401);
      expect((await login(long.slice(0, 72))).status).toBe(401);
      expect((await login(long.toUpperCase())).status).toBe(401);
      expect((await login(long)).status).toBe(200);
      expect(await verdict(long + 'x')).toMatch(/at most 128/);
    });

    it('P2: counts characters, not bytes', async () => {
      expect(await verdict('Éléphant-Größe-9')).toBe('accepted');
      // 128 characters, 256 bytes.
      expect(await verdict('É1' + 'é'.repeat(126))).toBe('accepted');
    });
  });

  describe("a school's own policy", () => {
    it("P2: a school's stricter policy binds its users", async () => {
      expect(await verdict('Kestrel4Moor9x', strictSchool)).toMatch(/at least 16/);
      expect(await verdict('heron over marsh ok', strictSchool)).toMatch(/passphrase of at least 20/);
      expect(await verdict('Kestrel4Moor9xyz', strictSchool)).toBe('accepted');
      expect(await verdict('heron over the marsh', strictSchool)).toBe('accepted');
    });

    it('P2: a school cannot make the policy weaker than the default', async () => {
      expect(await verdict('Short1Aa9', laxSchool)).toMatch(/at least 12/);
    });

    it('P2: platform users (no school) keep the default, whatever any school asks', async () => {
      const { accessToken } = await api.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
      const response = await change(accessToken, ADMIN_PASSWORD, 'Kestrel4Moor9x');
      expect(response.status).toBe(204);
      await api.signIn(ADMIN_EMAIL, 'Kestrel4Moor9x');
    });
  });
});
