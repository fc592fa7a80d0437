import { FastifyRequest } from 'fastify';
import { ACCESS_COOKIE, cookieOf } from './cookies';

declare module 'fastify' {
  interface FastifyRequest {
    /** Where the access token of this request came from (set while authenticating). */
    accessTokenSource?: 'header' | 'cookie';
    /** Unix seconds at which the request's access token expires. */
    accessTokenExpiresAt?: number;
  }
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * The access token: from `Authorization: Bearer` (API clients) or else from the access
 * cookie (P4, browsers). A header wins, and a request authenticated by header needs no
 * CSRF token: a cross-site page cannot make the browser send one.
 */
export function accessTokenOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header) {
    request.accessTokenSource = 'header';
    return BEARER.exec(header)?.[1] ?? null;
  }
  const cookie = cookieOf(request, ACCESS_COOKIE);
  if (cookie) {
    request.accessTokenSource = 'cookie';
    return cookie;
  }
  return null;
}

/** The token of an `Authorization: Bearer` header, without deciding what kind of token it is. */
export function bearerTokenOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  return header ? (BEARER.exec(header)?.[1] ?? null) : null;
}
