import { createHash } from 'node:crypto';
import { Principal } from '../http/request-context';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
const MAX_LENGTH = 255;

/**
 * The key of an `Idempotency-Key` header, or null when it is not one. The draft makes it a
 * structured-field string (`"8e03…"`, with `\"` and `\\` escapes); a bare token (as Stripe's
 * clients send) is taken too. One header, 1-255 printable ASCII characters.
 */
export function idempotencyKeyOf(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string') return null;
  const value = header.trim();
  let key: string;
  if (value.startsWith('"')) {
    const match = /^"((?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\["\\])*)"$/.exec(value);
    if (!match) return null;
    key = match[1].replace(/\\(["\\])/g, '$1');
  } else {
    if (!/^[\x21-\x7e]+$/.test(value)) return null;
    key = value;
  }
  return key.length >= 1 && key.length <= MAX_LENGTH ? key : null;
}

/** Whose key it is: one caller (a person in a school, or a finance API key) never meets another's answers. */
export function idempotencyCallerOf(principal: Principal): string {
  const kind = principal.apiKeyId ? 'api-key' : principal.actorKind;
  const grant = principal.supportGrantId ? `:${principal.supportGrantId}` : '';
  return `${kind}:${principal.userId}:${principal.tenantId ?? '-'}${grant}`;
}

export function idempotencyKeyHash(key: string): string {
  return createHash('sha256').update(key).digest('base64url');
}

/** What makes two requests "the same": method, path with query, and body (as parsed JSON, or its bytes). */
export function requestFingerprint(method: string, url: string, body: unknown): string {
  const hash = createHash('sha256').update(`${method.toUpperCase()} ${url}\n`);
  if (Buffer.isBuffer(body) || typeof body === 'string') hash.update(body);
  else if (body !== undefined && body !== null) hash.update(JSON.stringify(body));
  return hash.digest('base64url');
}
