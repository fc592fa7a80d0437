import { createHmac, randomBytes } from 'node:crypto';

/**
 * The Standard Webhooks 1.0 signature scheme (symmetric, `v1`): the signed content is
 * `{webhook-id}.{webhook-timestamp}.{body}`, the signature `v1,` + base64 HMAC-SHA256 keyed
 * with the secret's bytes (the base64 after `whsec_`). While a rotated secret overlaps,
 * the header holds one signature per secret, space-separated, so a receiver holding
 * either secret verifies.
 */
export const SECRET_PREFIX = 'whsec_';
/** The spec asks for 24 to 64 bytes; 32 is what its reference libraries make. */
const SECRET_BYTES = 32;

export function newWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString('base64');
}

function keyOf(secret: string): Buffer {
  if (!secret.startsWith(SECRET_PREFIX)) throw new Error('a webhook secret starts with whsec_');
  return Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
}

export type SignedHeaders = {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
};

/** The three headers for one attempt, signed with every secret in force. */
export function signWebhook(
  messageId: string,
  timestampSeconds: number,
  body: string,
  secrets: readonly string[],
): SignedHeaders {
  if (!secrets.length) throw new Error('an endpoint signs with at least one secret');
  const content = `${messageId}.${timestampSeconds}.${body}`;
  const signatures = secrets.map(
    (secret) => `v1,${createHmac('sha256', keyOf(secret)).update(content).digest('base64')}`,
  );
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': signatures.join(' '),
  };
}
