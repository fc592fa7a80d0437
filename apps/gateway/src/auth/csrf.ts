import { BusException } from '@pt/platform';
import { FastifyRequest } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { csrfHeaderOf } from './cookies';

/** Methods that change state: a cookie-authenticated one needs the CSRF token. */
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function needsCsrfToken(request: FastifyRequest): boolean {
  return request.accessTokenSource === 'cookie' && STATE_CHANGING.has(request.method);
}

/**
 * Double submit, bound to the session (P4): the page reads the `pt_csrf` cookie and sends
 * it back in `x-csrf-token`; it must hash to the `csh` claim that identity put into the
 * session's access tokens. A cross-site page can make the browser send the cookies but
 * can neither read `pt_csrf` nor set the header; a token from another session (or a
 * planted cookie) does not match this session's hash.
 */
export function assertCsrfToken(request: FastifyRequest, expectedHash: string | null | undefined): void {
  const token = csrfHeaderOf(request);
  if (expectedHash && token) {
    const presented = Buffer.from(createHash('sha256').update(token).digest('base64url'));
    const expected = Buffer.from(expectedHash);
    if (presented.length === expected.length && timingSafeEqual(presented, expected)) return;
  }
  throw csrfFailed();
}

export function csrfFailed(): BusException {
  return BusException.forbidden(
    'session.csrf_failed',
    'The x-csrf-token header is missing or does not belong to this session',
  );
}
