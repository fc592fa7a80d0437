import type { CookieSerializeOptions } from '@fastify/cookie';
import { FastifyReply, FastifyRequest } from 'fastify';

/**
 * P4: the browser mode's cookies. They hold only opaque or signed tokens (the ES256
 * access token carries ids and roles, no names or emails), except the opt-in username
 * cookie, which holds the username and nothing else.
 *
 * `__Host-` cookies must be Secure, have Path=/ and no Domain: no other host (a
 * sub-domain) can set or overwrite them. Browsers treat http://localhost as secure, so
 * development works without TLS.
 */
export const ACCESS_COOKIE = '__Host-pt_access';
export const REFRESH_COOKIE = '__Host-pt_refresh';
/** Readable by the page's script (not HttpOnly): it echoes the value in `x-csrf-token`. */
export const CSRF_COOKIE = 'pt_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const USERNAME_COOKIE = 'pt_username';

/** About 13 months: the longest that UK guidance on persistent cookies finds reasonable. */
const USERNAME_COOKIE_SECONDS = 395 * 24 * 3600;

const STRICT: CookieSerializeOptions = { path: '/', secure: true, sameSite: 'strict' };

export interface CookieTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  refreshExpiresIn: number;
  csrfToken?: string;
}

/** Sets the session cookies; the CSRF cookie only when there is a new token (sign-in). */
export function setSessionCookies(reply: FastifyReply, tokens: CookieTokens): void {
  void reply.setCookie(ACCESS_COOKIE, tokens.accessToken, { ...STRICT, httpOnly: true, maxAge: tokens.expiresIn });
  void reply.setCookie(REFRESH_COOKIE, tokens.refreshToken, {
    ...STRICT,
    httpOnly: true,
    maxAge: tokens.refreshExpiresIn,
  });
  if (tokens.csrfToken) {
    void reply.setCookie(CSRF_COOKIE, tokens.csrfToken, {
      ...STRICT,
      httpOnly: false,
      maxAge: tokens.refreshExpiresIn,
    });
  }
}

export function clearSessionCookies(reply: FastifyReply): void {
  void reply.clearCookie(ACCESS_COOKIE, { ...STRICT, httpOnly: true });
  void reply.clearCookie(REFRESH_COOKIE, { ...STRICT, httpOnly: true });
  void reply.clearCookie(CSRF_COOKIE, { ...STRICT, httpOnly: false });
}

/** P4's opt-in: the username only, readable by the sign-in page to fill in the field. */
export function setUsernameCookie(reply: FastifyReply, username: string): void {
  void reply.setCookie(USERNAME_COOKIE, username, { ...STRICT, httpOnly: false, maxAge: USERNAME_COOKIE_SECONDS });
}

export function clearUsernameCookie(reply: FastifyReply): void {
  void reply.clearCookie(USERNAME_COOKIE, { ...STRICT, httpOnly: false });
}

export function cookieOf(request: FastifyRequest, name: string): string | undefined {
  const value = request.cookies?.[name];
  return value ? value : undefined;
}

export function csrfHeaderOf(request: FastifyRequest): string | null {
  const value = request.headers[CSRF_HEADER];
  return (Array.isArray(value) ? value[0] : value) || null;
}
