import { World } from '@pt/testing';
import { createHmac, createPublicKey } from 'node:crypto';

const ADMIN_EMAIL = 'first.admin@platform.test';
const ADMIN_PASSWORD = 'Correct-Horse-Battery-9';

function decodeSegment(token: string, index: 0 | 1): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[index], 'base64url').toString());
}

describe('Sign-in through the gateway (bootstrap admin, tokens, refresh, sign-out)', () => {
  let world: World;
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${world.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const get = (path: string, token?: string) =>
    fetch(`${world.baseUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const signIn = async () => {
    const response = await post('/api/v1/auth/sign-in', { login: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    expect(response.status).toBe(200);
    return (await response.json()) as { accessToken: string; refreshToken: string; expiresIn: number };
  };

  beforeAll(async () => {
    world = await World.start({
      label: 'auth',
      processes: ['gateway', 'identity'],
      // The suite signs the bootstrapped admin in itself.
      admin: { login: ADMIN_EMAIL, password: ADMIN_PASSWORD },
      signInAdmin: false,
    });
  }, 90_000);

  afterAll(async () => {
    await world?.stop();
  });

  describe('request validation (problem+json naming the field)', () => {
    it('refuses an unknown field with 400 naming it', async () => {
      const response = await post('/api/v1/auth/sign-in', { login: 'a', password: 'b', rememberMe: true });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(await response.json()).toMatchObject({
        status: 400,
        code: 'validation_failed',
        errors: [{ field: 'rememberMe', message: 'is not an allowed field' }],
      });
    });

    it('refuses a wrong type with 400 naming the field', async () => {
      const response = await post('/api/v1/auth/sign-in', { login: 12345, password: 'x' });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { errors: { field: string }[] };
      expect(body.errors.map((e) => e.field)).toEqual(['login']);
    });

    it('names every missing field', async () => {
      const body = (await (await post('/api/v1/auth/sign-in', {})).json()) as { errors: { field: string }[] };
      expect(new Set(body.errors.map((e) => e.field))).toEqual(new Set(['login', 'password']));
    });

    it('answers a body that is not JSON with 415, and broken JSON with 400, without quoting it', async () => {
      const text = await fetch(`${world.baseUrl}/api/v1/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: 'login=x',
      });
      expect(text.status).toBe(415);
      expect(await text.json()).toMatchObject({ code: 'body.unsupported_media_type' });
      const broken = await post('/api/v1/auth/sign-in', '{"login": "jane.doe@school.example');
      expect(broken.status).toBe(400);
      expect(JSON.stringify(await broken.json())).not.toContain('jane.doe');
    });

    it('answers an empty or truncated JSON body with 400 problem+json', async () => {
      const response = await post('/api/v1/auth/sign-in', '{"login": ');
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: 'body.malformed' });
    });

    it('refuses a password over 128 characters rather than truncating it (P2)', async () => {
      const response = await post('/api/v1/auth/sign-in', {
        login: ADMIN_EMAIL,
        password: ADMIN_PASSWORD + 'x'.repeat(120),
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ errors: [{ field: 'password' }] });
    });
  });

  describe('signing in', () => {
    it('creates the first platform admin from BOOTSTRAP_ADMIN_* with an argon2id hash at OWASP parameters (P2)', async () => {
      const rows = await world.stack.ownerSql<{ password_hash: string; roles: string[]; kind: string }>(
        'identity',
        'select password_hash, roles, kind from user_account',
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].kind).toBe('platform');
      expect(rows[0].roles).toEqual(['platform-admin']);
      expect(rows[0].password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    });

    it('gives the same answer for an unknown user and a wrong password (P3)', async () => {
      const unknown = await post('/api/v1/auth/sign-in', { login: 'nobody@platform.test', password: ADMIN_PASSWORD });
      const wrong = await post('/api/v1/auth/sign-in', { login: ADMIN_EMAIL, password: 'Wrong-Password-123' });
      expect(unknown.status).toBe(401);
      expect(wrong.status).toBe(401);
      const [a, b] = [
        (await unknown.json()) as Record<string, unknown>,
        (await wrong.json()) as Record<string, unknown>,
      ];
      delete a.requestId;
      delete b.requestId;
      expect(a).toEqual(b);
      expect(a.code).toBe('sign_in.invalid_credentials');
    });

    it('signs in by email or username, case-insensitively, with an ES256 token whose key is in the JWKS', async () => {
      const tokens = await signIn();
      const header = decodeSegment(tokens.accessToken, 0);
      const claims = decodeSegment(tokens.accessToken, 1);
      expect(header.alg).toBe('ES256');
      expect(claims).toMatchObject({
        typ: 'access',
        aud: 'pupil-tracking-api',
        iss: 'pupil-tracking-identity',
        tid: null,
      });
      expect(tokens.expiresIn).toBe(900);
      const jwks = (await (await get('/.well-known/jwks.json')).json()) as { keys: { kid: string; alg: string }[] };
      expect(jwks.keys.map((k) => k.kid)).toContain(header.kid);
      const upper = await post('/api/v1/auth/sign-in', { login: ADMIN_EMAIL.toUpperCase(), password: ADMIN_PASSWORD });
      expect(upper.status).toBe(200);
    });

    it('tells the signed-in user who they are at /api/v1/me', async () => {
      const tokens = await signIn();
      const response = await get('/api/v1/me', tokens.accessToken);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        tenantId: null,
        kind: 'platform',
        username: ADMIN_EMAIL,
        roles: ['platform-admin'],
        permissions: [
          'audit:platform',
          'billing:invoices',
          'billing:plans',
          'billing:subscriptions',
          'platform:policies',
          'platform:schools',
          'platform:security',
          'platform:users',
        ],
        pendingPolicyDocuments: [],
      });
    });
  });

  describe('access tokens', () => {
    it('refuses a request without a token, or with a forged one, with 401 problem+json', async () => {
      const none = await get('/api/v1/me');
      expect(none.status).toBe(401);
      expect(await none.json()).toMatchObject({ code: 'unauthenticated' });

      const tokens = await signIn();
      const [h, p] = tokens.accessToken.split('.');
      const forgedClaims = Buffer.from(
        JSON.stringify({ ...decodeSegment(tokens.accessToken, 1), roles: ['everything'] }),
      ).toString('base64url');
      const tampered = await get('/api/v1/me', `${h}.${forgedClaims}.${tokens.accessToken.split('.')[2]}`);
      expect(tampered.status).toBe(401);
      expect(await tampered.json()).toMatchObject({ code: 'access_token.invalid' });
      expect(p).toBeTruthy();
    });

    it('refuses a token signed with HS256 using the public key as the secret (algorithm allow-list)', async () => {
      const tokens = await signIn();
      const header = decodeSegment(tokens.accessToken, 0);
      const jwks = (await (await get('/.well-known/jwks.json')).json()) as { keys: Record<string, string>[] };
      const jwk = jwks.keys.find((k) => k.kid === header.kid)!;
      const pem = createPublicKey({ key: jwk as never, format: 'jwk' })
        .export({ type: 'spki', format: 'pem' })
        .toString();
      const forgedHeader = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: header.kid })).toString(
        'base64url',
      );
      const body = tokens.accessToken.split('.')[1];
      const signature = createHmac('sha256', pem).update(`${forgedHeader}.${body}`).digest('base64url');
      const response = await get('/api/v1/me', `${forgedHeader}.${body}.${signature}`);
      expect(response.status).toBe(401);
    });
  });

  describe('refresh and sign-out', () => {
    it('rotates the refresh token on every use', async () => {
      const first = await signIn();
      const second = (await (
        await post('/api/v1/auth/refresh', { refreshToken: first.refreshToken })
      ).json()) as typeof first;
      expect(second.refreshToken).not.toBe(first.refreshToken);
      expect((await get('/api/v1/me', second.accessToken)).status).toBe(200);
    });

    it('ends the whole session when an old refresh token is used again (reuse detection)', async () => {
      const first = await signIn();
      const second = (await (
        await post('/api/v1/auth/refresh', { refreshToken: first.refreshToken })
      ).json()) as typeof first;
      const rotated = (await (
        await post('/api/v1/auth/refresh', { refreshToken: second.refreshToken })
      ).json()) as typeof first;
      // Two rotations old: past the grace that the token just replaced gets.
      const reuse = await post('/api/v1/auth/refresh', { refreshToken: first.refreshToken });
      expect(reuse.status).toBe(401);
      expect(await reuse.json()).toMatchObject({ code: 'session.invalid_refresh_token' });
      // The legitimate holder's tokens die with it.
      await world.until(async () => (await get('/api/v1/me', rotated.accessToken)).status === 401, 2000);
      const me = await get('/api/v1/me', rotated.accessToken);
      expect(await me.json()).toMatchObject({ code: 'session.ended' });
      expect((await post('/api/v1/auth/refresh', { refreshToken: rotated.refreshToken })).status).toBe(401);
    });

    it('signs out at once: the access token stops working before it expires', async () => {
      const tokens = await signIn();
      const out = await post('/api/v1/auth/sign-out', {}, { authorization: `Bearer ${tokens.accessToken}` });
      expect(out.status).toBe(204);
      await world.until(async () => (await get('/api/v1/me', tokens.accessToken)).status === 401, 2000);
      expect((await post('/api/v1/auth/refresh', { refreshToken: tokens.refreshToken })).status).toBe(401);
    });
  });
});
