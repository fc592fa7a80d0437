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

/**
 * Login CSRF: a cookie sign-in (which sets the session cookies in the browser that sent
 * it) must come from one of the console's own origins. A browser always sends Origin on a
 * POST; a request with none comes from a client that is not a browser (no cookie jar a
 * cross-site page could fill), and is let through unless Sec-Fetch-Site says a browser
 * sent it from another site. `null` (sandboxed frames, files) is never one of ours.
 */
export function assertSignInOrigin(request: FastifyRequest, allowed: ReadonlySet<string>): void {
  const origin = request.headers.origin;
  if (origin !== undefined) {
    if (allowed.has(origin.trim().toLowerCase())) return;
    throw originRefused();
  }
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') throw originRefused();
}

function originRefused(): BusException {
  return BusException.forbidden(
    'sign_in.origin_refused',
    'A cookie sign-in must come from the console itself (its Origin is not allowed)',
  );
}
