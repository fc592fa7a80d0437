import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The signature of an unsubscribe link (P9): HMAC-SHA256 over the purpose and the user
 * id, with UNSUBSCRIBE_SECRET. The link needs no sign-in, so the signature is what stops
 * anyone from unsubscribing somebody else by guessing ids. Versioned, so the scheme can
 * change without old links silently meaning something else.
 */
export function unsubscribeSignature(secret: string, userId: string): string {
  return createHmac('sha256', secret).update(`unsubscribe:v1:${userId}`).digest('base64url');
}

export function isValidUnsubscribeSignature(secret: string, userId: string, signature: string): boolean {
  const expected = Buffer.from(unsubscribeSignature(secret, userId));
  const given = Buffer.from(signature);
  // Constant time, so the signature cannot be found one character at a time.
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function unsubscribeUrl(baseUrl: string, secret: string, userId: string): string {
  const query = new URLSearchParams({ u: userId, sig: unsubscribeSignature(secret, userId) });
  return `${baseUrl.replace(/\/+$/, '')}/api/v1/marketing/unsubscribe?${query.toString()}`;
}
