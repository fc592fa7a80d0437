import { BrowserClient, problemOf, Staff, World } from '@pt/testing';
import { Client } from 'pg';

const ADMIN_EMAIL = 'sessions.admin@platform.test';
const ADMIN_PASSWORD = 'Sessions-Admin-Pass-1';
const PASSWORD = 'Timetable-Owl-42';

describe('Concurrent sessions per school (P5) and ending sessions at once', () => {
  let world: World;
  let db: Client;
  let api: BrowserClient;
  let schools: Record<'allow' | 'replace' | 'refuse', string>;

  /** GET /api/v1/auth/session: decided by the gateway alone, so it shows a revocation as soon as the gateway knows. */
  const sessionStatus = async (token: string) => (await api.get('/api/v1/auth/session', { token })).status;
  const becomesUnauthorised = (token: string) => world.until(async () => (await sessionStatus(token)) === 401, 3000);
  const staffOf = async (policy: keyof typeof schools): Promise<Staff> => world.account(schools[policy], PASSWORD);

  beforeAll(async () => {
    world = await World.start({
      label: 'sessions',
      processes: ['gateway', 'identity'],
      admin: { login: ADMIN_EMAIL, password: ADMIN_PASSWORD },
      signInAdmin: false,
      envFor: {
        identity: {
          // Under "refuse", a session unused for 10 minutes no longer blocks; after 30 (P13) it is over.
          CONCURRENT_SESSION_IDLE_MINUTES: '10',
          SESSION_IDLE_MINUTES: '30',
        },
      },
    });
    db = await world.stack.connectOwner('identity');
    api = world.browser();
    schools = {
      allow: (await world.school({ concurrentSessions: 'allow' })).id,
      replace: (await world.school({ concurrentSessions: 'replace' })).id,
      refuse: (await world.school({ concurrentSessions: 'refuse' })).id,
    };
  }, 90_000);

  afterAll(async () => {
    await db?.end();
    await world?.stop();
  });

  describe("'replace' (the default)", () => {
    it('P5: a new sign-in ends the older session, whose next request gets 401 session.replaced', async () => {
      const staff = await staffOf('replace');
      const first = await api.signIn(staff.username, staff.password);
      expect(await sessionStatus(first.accessToken)).toBe(200);

      const second = await api.signIn(staff.username, staff.password);
      await becomesUnauthorised(first.accessToken);
      const refused = await api.get('/api/v1/me', { token: first.accessToken });
      expect(refused.status).toBe(401);
      expect(await problemOf(refused)).toMatchObject({ status: 401, code: 'session.replaced' });
      expect(await sessionStatus(second.accessToken)).toBe(200);
    });

    it('P5: the replaced session cannot be refreshed, and its holder is told why', async () => {
      const staff = await staffOf('replace');
      const first = await api.signIn(staff.username, staff.password);
      await api.signIn(staff.username, staff.password);
      const refresh = await api.post('/api/v1/auth/refresh', { refreshToken: first.refreshToken });
      expect(refresh.status).toBe(401);
      expect(await problemOf(refresh)).toMatchObject({ code: 'session.replaced' });
    });

    it('P5: a school with no setting of its own replaces, like platform users (no school)', async () => {
      const first = await api.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
      await api.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
      await becomesUnauthorised(first.accessToken);
      expect(await problemOf(await api.get('/api/v1/me', { token: first.accessToken }))).toMatchObject({
        code: 'session.replaced',
      });

      const defaultSchool = (await world.school()).id;
      const staff = await world.account(defaultSchool, PASSWORD);
      const older = await api.signIn(staff.username, staff.password);
      await api.signIn(staff.email, staff.password);
      await becomesUnauthorised(older.accessToken);
    });

    it('P5: a gateway started after the replacement still answers session.replaced (the revoked list carries reasons)', async () => {
      const staff = await staffOf('replace');
      const first = await api.signIn(staff.username, staff.password);
      const second = await api.signIn(staff.username, staff.password);
      const signedOut = await api.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
      expect((await api.post('/api/v1/auth/sign-out', {}, { token: signedOut.accessToken })).status).toBe(204);

      await world.stack.stopProcess('gateway');
      await world.stack.startProcess('gateway');

      expect(await problemOf(await api.get('/api/v1/me', { token: first.accessToken }))).toMatchObject({
        code: 'session.replaced',
      });
      expect(await problemOf(await api.get('/api/v1/me', { token: signedOut.accessToken }))).toMatchObject({
        code: 'session.ended',
      });
      expect(await sessionStatus(second.accessToken)).toBe(200);
    }, 30_000);
  });

  describe("'allow'", () => {
    it('P5: keeps every session signed in', async () => {
      const staff = await staffOf('allow');
      const first = await api.signIn(staff.username, staff.password);
      const second = await api.signIn(staff.username, staff.password);
      const third = await api.signIn(staff.email, staff.password);
      // Give a revocation broadcast, if one were wrongly sent, time to arrive.
      await new Promise((resolve) => setTimeout(resolve, 200));
      for (const tokens of [first, second, third]) expect(await sessionStatus(tokens.accessToken)).toBe(200);
    });
  });

  describe("'refuse'", () => {
    it('P5: a second sign-in while a session is in use is refused with 409 session.already_active; after sign-out it works', async () => {
      const staff = await staffOf('refuse');
      const first = await api.signIn(staff.username, staff.password);
      const second = await api.post('/api/v1/auth/sign-in', { login: staff.username, password: staff.password });
      expect(second.status).toBe(409);
      expect(second.headers.get('content-type')).toContain('application/problem+json');
      expect(await problemOf(second)).toMatchObject({ status: 409, code: 'session.already_active' });
      expect(await sessionStatus(first.accessToken)).toBe(200);

      expect((await api.post('/api/v1/auth/sign-out', {}, { token: first.accessToken })).status).toBe(204);
      await api.signIn(staff.username, staff.password);
    });

    it('P5: a wrong password is still just sign_in.invalid_credentials: refusal says nothing to someone without the password', async () => {
      const staff = await staffOf('refuse');
      await api.signIn(staff.username, staff.password);
      const wrong = await api.post('/api/v1/auth/sign-in', { login: staff.username, password: 'Not-The-Password-9' });
      expect(wrong.status).toBe(401);
      expect(await problemOf(wrong)).toMatchObject({ code: 'sign_in.invalid_credentials' });
    });

    it('P5: two sign-ins at the same moment cannot both get in', async () => {
      const staff = await staffOf('refuse');
      const attempts = await Promise.all(
        [1, 2, 3].map(() => api.post('/api/v1/auth/sign-in', { login: staff.username, password: staff.password })),
      );
      expect(attempts.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    });

    it('P5: a session left idle (not refreshed within CONCURRENT_SESSION_IDLE_MINUTES) does not block; it is ended', async () => {
      const staff = await staffOf('refuse');
      const abandoned = await api.signIn(staff.username, staff.password);
      await db.query(`update session set last_seen_at = now() - interval '11 minutes' where user_id = $1`, [staff.id]);

      const next = await api.signIn(staff.username, staff.password);
      await becomesUnauthorised(abandoned.accessToken);
      expect(await sessionStatus(next.accessToken)).toBe(200);
    });

    it('P5: refreshing keeps a session in use', async () => {
      const staff = await staffOf('refuse');
      const first = await api.signIn(staff.username, staff.password);
      await db.query(`update session set last_seen_at = now() - interval '11 minutes' where user_id = $1`, [staff.id]);
      const refreshed = await api.post('/api/v1/auth/refresh', { refreshToken: first.refreshToken });
      expect(refreshed.status).toBe(200);
      const second = await api.post('/api/v1/auth/sign-in', { login: staff.username, password: staff.password });
      expect(second.status).toBe(409);
    });
  });

  describe('ending all of a user’s sessions at once', () => {
    it('signs out everywhere: every session of the user ends at once, other users keep theirs', async () => {
      const staff = await staffOf('allow');
      const colleague = await staffOf('allow');
      const laptop = await api.signIn(staff.username, staff.password);
      const phone = await api.signIn(staff.username, staff.password);
      const theirs = await api.signIn(colleague.username, colleague.password);

      const response = await api.post('/api/v1/auth/sign-out-everywhere', {}, { token: phone.accessToken });
      expect(response.status).toBe(204);
      await becomesUnauthorised(laptop.accessToken);
      await becomesUnauthorised(phone.accessToken);
      expect(await problemOf(await api.get('/api/v1/me', { token: laptop.accessToken }))).toMatchObject({
        code: 'session.ended',
      });
      for (const tokens of [laptop, phone]) {
        expect((await api.post('/api/v1/auth/refresh', { refreshToken: tokens.refreshToken })).status).toBe(401);
      }
      expect(await sessionStatus(theirs.accessToken)).toBe(200);

      const { rows } = await db.query(`select end_reason from session where user_id = $1`, [staff.id]);
      expect(rows.map((r) => r.end_reason)).toEqual(['signed_out_everywhere', 'signed_out_everywhere']);
    });

    it('needs a signed-in user', async () => {
      const response = await api.post('/api/v1/auth/sign-out-everywhere', {});
      expect(response.status).toBe(401);
    });
  });
});
