import { BusException } from '@pt/platform';
import { FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { accessTokenOf } from './access-token-source';
import { assertCsrfToken, assertSignInOrigin, needsCsrfToken } from './csrf';

const TOKEN = 'q3Vb0m3Jk1f6sVtR8gq2xH8F2c6d0a9bX7y5Z4w3u2s';
const HASH = createHash('sha256').update(TOKEN).digest('base64url');

function request(method: string, headers: Record<string, string> = {}, cookies: Record<string, string> = {}) {
  return { method, headers, cookies } as unknown as FastifyRequest;
}

function refusal(run: () => void): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return (error as BusException).code;
  }
}

describe('CSRF protection of cookie sessions (P4)', () => {
  it('takes the token from the Authorization header first, else from the access cookie, and remembers which', () => {
    const both = request('POST', { authorization: 'Bearer header.jwt.value' }, { '__Host-pt_access': 'cookie.jwt' });
    expect(accessTokenOf(both)).toBe('header.jwt.value');
    expect(both.accessTokenSource).toBe('header');
    const cookieOnly = request('POST', {}, { '__Host-pt_access': 'cookie.jwt' });
    expect(accessTokenOf(cookieOnly)).toBe('cookie.jwt');
    expect(cookieOnly.accessTokenSource).toBe('cookie');
    expect(accessTokenOf(request('GET'))).toBeNull();
  });

  it('asks for the token only on state-changing requests authenticated by cookie', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const cookie = request(method, {}, { '__Host-pt_access': 'x' });
      accessTokenOf(cookie);
      expect(needsCsrfToken(cookie)).toBe(true);
    }
    const read = request('GET', {}, { '__Host-pt_access': 'x' });
    accessTokenOf(read);
    expect(needsCsrfToken(read)).toBe(false);
    const bearer = request('POST', { authorization: 'Bearer x' });
    accessTokenOf(bearer);
    expect(needsCsrfToken(bearer)).toBe(false);
  });

  it("accepts the session's token and refuses a missing, wrong or unbound one with session.csrf_failed", () => {
    expect(refusal(() => assertCsrfToken(request('POST', { 'x-csrf-token': TOKEN }), HASH))).toBeUndefined();
    expect(refusal(() => assertCsrfToken(request('POST'), HASH))).toBe('session.csrf_failed');
    expect(refusal(() => assertCsrfToken(request('POST', { 'x-csrf-token': TOKEN.slice(1) }), HASH))).toBe(
      'session.csrf_failed',
    );
    expect(refusal(() => assertCsrfToken(request('POST', { 'x-csrf-token': TOKEN }), null))).toBe(
      'session.csrf_failed',
    );
    expect(refusal(() => assertCsrfToken(request('POST', { 'x-csrf-token': HASH }), HASH))).toBe('session.csrf_failed');
  });
});

describe('login CSRF: where a cookie sign-in may come from', () => {
  const allowed = new Set(['https://app.pupil-tracking.test', 'http://localhost:3000']);
  const signIn = (headers: Record<string, string>) =>
    refusal(() => assertSignInOrigin(request('POST', headers), allowed));

  it("takes the console's own origins, whatever their case", () => {
    expect(signIn({ origin: 'https://app.pupil-tracking.test' })).toBeUndefined();
    expect(signIn({ origin: 'HTTP://LOCALHOST:3000' })).toBeUndefined();
  });

  it('refuses any other origin, another port or scheme of ours, and the opaque origin null', () => {
    for (const origin of ['https://evil.test', 'http://app.pupil-tracking.test', 'http://localhost:3001', 'null']) {
      expect(signIn({ origin })).toBe('sign_in.origin_refused');
    }
  });

  it('lets a client with no Origin through (not a browser) unless Sec-Fetch-Site says another site sent it', () => {
    expect(signIn({})).toBeUndefined();
    expect(signIn({ 'sec-fetch-site': 'same-origin' })).toBeUndefined();
    expect(signIn({ 'sec-fetch-site': 'cross-site' })).toBe('sign_in.origin_refused');
    expect(signIn({ 'sec-fetch-site': 'same-site' })).toBe('sign_in.origin_refused');
  });
});
