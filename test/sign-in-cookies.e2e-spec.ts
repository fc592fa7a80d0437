import { BrowserClient, claimsOf, problemOf, SetCookie, setCookiesOf, Staff, World } from '@pt/testing';
import { Client } from 'pg';

const PASSWORD = 'Seating-Plan-Wren-5';
const ACCESS = '__Host-pt_access';
const REFRESH = '__Host-pt_refresh';
const CSRF = 'pt_csrf';
const USERNAME = 'pt_username';

interface Browser {
  cookies: Record<string, string>;
  csrf: string;
}

describe('Browser sessions in cookies (P4): HttpOnly, Secure, SameSite=Strict, CSRF, opt-in username cookie', () => {
  let world: World;
  let db: Client;
  let api: BrowserClient;
  let school: string;

  /** Signs in with ?mode=cookie and keeps what a browser would keep. */
  const cookieSignIn = async (staff: Staff, extra: Record<string, unknown> = {}) => {
    const response = await api.post('/api/v1/auth/sign-in?mode=cookie', {
      login: staff.username,
      password: staff.password,
      ...extra,
    });
    expect(response.status).toBe(200);
    const set = setCookiesOf(response);
    const browser: Browser = {
      cookies: { [ACCESS]: set.get(ACCESS)!.value, [REFRESH]: set.get(REFRESH)!.value, [CSRF]: set.get(CSRF)!.value },
      csrf: set.get(CSRF)!.value,
    };
    return { response, set, browser, body: (await response.json()) as Record<string, unknown> };
  };
  const newStaff = () => world.account(school, PASSWORD);
  const expectCleared = (cookie: SetCookie | undefined) => {
    expect(cookie).toBeDefined();
    expect(cookie!.value).toBe('');
    const expires = cookie!.attributes.expires;
    expect(
      cookie!.attributes['max-age'] === '0' || (typeof expires === 'string' && Date.parse(expires) < Date.now()),
    ).toBe(true);
  };

  beforeAll(async () => {
    world = await World.start({ label: 'cookies', processes: ['gateway', 'identity'], admin: false });
    db = await world.stack.connectOwner('identity');
    api = world.browser();
    school = (await world.school({ concurrentSessions: 'allow' })).id;
  }, 90_000);

  afterAll(async () => {
    await db?.end();
    await world?.stop();
  });

  describe('signing in with ?mode=cookie', () => {
    it('P4: sets HttpOnly, Secure, SameSite=Strict __Host- cookies for the tokens, and a readable CSRF cookie; the body carries no token', async () => {
      const { set, body } = await cookieSignIn(await newStaff());
      for (const name of [ACCESS, REFRESH]) {
        expect(set.get(name)!.attributes).toMatchObject({
          httponly: true,
          secure: true,
          samesite: 'Strict',
          path: '/',
        });
        expect(set.get(name)!.attributes.domain).toBeUndefined();
      }
      expect(set.get(ACCESS)!.attributes['max-age']).toBe('900');
      expect(Number(set.get(REFRESH)!.attributes['max-age'])).toBeGreaterThan(11 * 3600);
      expect(set.get(CSRF)!.attributes).toMatchObject({ secure: true, samesite: 'Strict', path: '/' });
      expect(set.get(CSRF)!.attributes.httponly).toBeUndefined();
      expect(set.has(USERNAME)).toBe(false);
      expect(body).toEqual({ expiresIn: 900, refreshExpiresIn: expect.any(Number) });
    });

    it('P4: the cookies hold no personal information: ids and random tokens only', async () => {
      const staff = await newStaff();
      const { set } = await cookieSignIn(staff);
      const everything = [...set.values()].map((c) => c.value).join(' ');
      const claims = claimsOf(set.get(ACCESS)!.value);
      for (const personal of [staff.username, staff.email, 'Alex', 'Teacher', PASSWORD]) {
        expect(everything).not.toContain(personal);
        expect(JSON.stringify(claims)).not.toContain(personal);
      }
      expect(Object.keys(claims).sort()).toEqual(
        ['aud', 'akd', 'cgs', 'csh', 'exp', 'iat', 'iss', 'perms', 'roles', 'sid', 'sub', 'tid', 'typ'].sort(),
      );
      expect(set.get(CSRF)!.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    });

    it('refuses an unknown mode with 400 naming it', async () => {
      const staff = await newStaff();
      const response = await api.post('/api/v1/auth/sign-in?mode=session', {
        login: staff.username,
        password: PASSWORD,
      });
      expect(response.status).toBe(400);
      expect(await problemOf(response)).toMatchObject({ errors: [{ field: 'mode' }] });
    });
  });

  describe('requests authenticated by cookie', () => {
    it('P4: the access cookie alone authenticates reads', async () => {
      const { browser } = await cookieSignIn(await newStaff());
      expect((await api.get('/api/v1/me', { cookies: { [ACCESS]: browser.cookies[ACCESS] } })).status).toBe(200);
      const session = await api.get('/api/v1/auth/session', { cookies: browser.cookies });
      expect(session.status).toBe(200);
      expect(await session.json()).toEqual({ sessionId: expect.any(String), accessTokenExpiresAt: expect.any(String) });
    });

    it('P4: a state-changing request by cookie without the CSRF header, or with a wrong one, is 403 session.csrf_failed', async () => {
      const { browser } = await cookieSignIn(await newStaff());
      // What a cross-site form post carries: every cookie, no header.
      const forged = await api.post('/api/v1/auth/sign-out', {}, { cookies: browser.cookies });
      expect(forged.status).toBe(403);
      expect(await problemOf(forged)).toMatchObject({ status: 403, code: 'session.csrf_failed' });
      const wrong = await api.post(
        '/api/v1/auth/sign-out',
        {},
        { cookies: browser.cookies, headers: { 'x-csrf-token': 'A'.repeat(43) } },
      );
      expect(wrong.status).toBe(403);
      const change = await api.post(
        '/api/v1/me/password',
        { currentPassword: PASSWORD, newPassword: 'Brand-New-Wren-55' },
        { cookies: browser.cookies },
      );
      expect(await problemOf(change)).toMatchObject({ code: 'session.csrf_failed' });
      expect((await api.get('/api/v1/auth/session', { cookies: browser.cookies })).status).toBe(200);
    });

    it("P4: the CSRF token is bound to its session: another session's token does not work", async () => {
      const staff = await newStaff();
      const mine = await cookieSignIn(staff);
      const other = await cookieSignIn(staff);
      expect(mine.browser.csrf).not.toBe(other.browser.csrf);
      const crossed = await api.post(
        '/api/v1/auth/sign-out',
        {},
        { cookies: mine.browser.cookies, headers: { 'x-csrf-token': other.browser.csrf } },
      );
      expect(crossed.status).toBe(403);
    });

    it('P4: with the right CSRF token, sign-out works and clears the cookies; the session is over', async () => {
      const { browser } = await cookieSignIn(await newStaff());
      const out = await api.post(
        '/api/v1/auth/sign-out',
        {},
        { cookies: browser.cookies, headers: { 'x-csrf-token': browser.csrf } },
      );
      expect(out.status).toBe(204);
      const cleared = setCookiesOf(out);
      for (const name of [ACCESS, REFRESH, CSRF]) expectCleared(cleared.get(name));
      await world.until(async () => (await api.get('/api/v1/me', { cookies: browser.cookies })).status === 401, 3000);
    });

    it('P4: bearer requests need no CSRF token (a cross-site page cannot set the Authorization header)', async () => {
      const staff = await newStaff();
      const { accessToken } = await api.signIn(staff.username, staff.password);
      expect((await api.post('/api/v1/auth/sign-out', {}, { token: accessToken })).status).toBe(204);
    });

    it('P4: a cookie request changing the password works with the CSRF token', async () => {
      const staff = await newStaff();
      const { browser } = await cookieSignIn(staff);
      const response = await api.post(
        '/api/v1/me/password',
        { currentPassword: PASSWORD, newPassword: 'Brand-New-Wren-55' },
        { cookies: browser.cookies, headers: { 'x-csrf-token': browser.csrf } },
      );
      expect(response.status).toBe(204);
    });
  });

  describe('refresh in cookie mode', () => {
    it('P4: reads the refresh cookie, needs the CSRF token, and sets new token cookies', async () => {
      const { browser } = await cookieSignIn(await newStaff());
      const withoutToken = await api.post('/api/v1/auth/refresh', {}, { cookies: browser.cookies });
      expect(withoutToken.status).toBe(403);
      expect(await problemOf(withoutToken)).toMatchObject({ code: 'session.csrf_failed' });

      const refreshed = await api.post(
        '/api/v1/auth/refresh',
        {},
        { cookies: browser.cookies, headers: { 'x-csrf-token': browser.csrf } },
      );
      expect(refreshed.status).toBe(200);
      expect(await refreshed.json()).toEqual({ expiresIn: 900, refreshExpiresIn: expect.any(Number) });
      const set = setCookiesOf(refreshed);
      expect(set.get(ACCESS)!.attributes).toMatchObject({ httponly: true, secure: true, samesite: 'Strict' });
      expect(set.get(REFRESH)!.value).not.toBe(browser.cookies[REFRESH]);
      const next = { ...browser.cookies, [ACCESS]: set.get(ACCESS)!.value, [REFRESH]: set.get(REFRESH)!.value };
      expect((await api.get('/api/v1/me', { cookies: next })).status).toBe(200);
      // The same CSRF token keeps working for the session's whole life.
      const out = await api.post(
        '/api/v1/auth/sign-out',
        {},
        { cookies: next, headers: { 'x-csrf-token': browser.csrf } },
      );
      expect(out.status).toBe(204);
    });

    it('P4: a failed cookie refresh clears the dead cookies', async () => {
      const { browser } = await cookieSignIn(await newStaff());
      const first = await api.post(
        '/api/v1/auth/refresh',
        {},
        { cookies: browser.cookies, headers: { 'x-csrf-token': browser.csrf } },
      );
      const rotated = { ...browser.cookies, [REFRESH]: setCookiesOf(first).get(REFRESH)!.value };
      await api.post('/api/v1/auth/refresh', {}, { cookies: rotated, headers: { 'x-csrf-token': browser.csrf } });
      // A refresh cookie two rotations old used again (no grace for it): reuse detection ends the session.
      const reused = await api.post(
        '/api/v1/auth/refresh',
        {},
        { cookies: browser.cookies, headers: { 'x-csrf-token': browser.csrf } },
      );
      expect(reused.status).toBe(401);
      expectCleared(setCookiesOf(reused).get(REFRESH));
    });

    it('names refreshToken when there is neither a body token nor a refresh cookie', async () => {
      const response = await api.post('/api/v1/auth/refresh', {});
      expect(response.status).toBe(400);
      expect(await problemOf(response)).toMatchObject({ errors: [{ field: 'refreshToken' }] });
    });
  });

  describe('remembering the username (opt-in)', () => {
    it('P4: rememberUsername: true sets a long-lived pt_username cookie holding only the username, even when signing in by email', async () => {
      const staff = await newStaff();
      const response = await api.post('/api/v1/auth/sign-in', {
        login: staff.email,
        password: PASSWORD,
        rememberUsername: true,
      });
      expect(response.status).toBe(200);
      const cookie = setCookiesOf(response).get(USERNAME)!;
      expect(cookie.value).toBe(staff.username);
      expect(cookie.attributes).toMatchObject({ secure: true, samesite: 'Strict', path: '/' });
      expect(Number(cookie.attributes['max-age'])).toBeGreaterThanOrEqual(365 * 24 * 3600);
      const body = (await response.json()) as Record<string, unknown>;
      expect(body.username).toBeUndefined();
      expect(JSON.stringify(body)).not.toContain(staff.username);
    });

    it('P4: without the opt-in there is no username cookie, and rememberUsername: false removes it', async () => {
      const staff = await newStaff();
      expect(
        setCookiesOf(await api.post('/api/v1/auth/sign-in', { login: staff.username, password: PASSWORD })).has(
          USERNAME,
        ),
      ).toBe(false);
      const { set } = await cookieSignIn(staff, { rememberUsername: false });
      expectCleared(set.get(USERNAME));
    });
  });
});
