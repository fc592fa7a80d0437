import { defineEvent } from '../events';
import { definePattern } from '../pattern';

/**
 * The finance API's keys (issue 14 item 7, P28): a finance system (Xero connector, a trust's
 * ledger) calls /api/v1/finance/... with `Authorization: Bearer ptfin_…`. A key holds only
 * the scopes it was given; each finance route declares the one it needs, and the bus handler
 * behind it checks the same scope where the data is.
 */
export const FINANCE_API_SCOPES = ['invoices:read', 'payments:read', 'payments:write', 'webhooks:manage'] as const;
export type FinanceApiScope = (typeof FINANCE_API_SCOPES)[number];

export function isFinanceApiScope(value: string): value is FinanceApiScope {
  return (FINANCE_API_SCOPES as readonly string[]).includes(value);
}

export interface FinanceApiKeyView {
  id: string;
  name: string;
  scopes: FinanceApiScope[];
  /** The key's last four characters, to tell keys apart; the key itself is never shown again. */
  lastFour: string;
  createdAt: string;
  /** After this the key is refused; rotation brings it forward to the overlap's end. */
  expiresAt: string;
  revokedAt: string | null;
  /** The key that replaced this one by rotation, if any. */
  replacedBy: string | null;
  active: boolean;
}

/** Answered once, at creation or rotation: the only time the key is ever shown. */
export interface IssuedFinanceApiKey extends FinanceApiKeyView {
  key: string;
}

export interface CreateFinanceApiKeyRequest {
  name: string;
  scopes: FinanceApiScope[];
  expiresAt: string;
}

export interface RotateFinanceApiKeyRequest {
  keyId: string;
  /** Until when the old key keeps working beside the new one (at most its own expiry; now: at once). */
  oldKeyExpiresAt: string;
  /** The new key's expiry; the old key's when absent. */
  expiresAt?: string;
}

/** What the gateway asks for each request bearing a key: one round trip checks it and counts it against its rate. */
export interface AuthenticateFinanceApiKeyRequest {
  /** SHA-256 (base64url) of the key: the key itself never crosses the bus. */
  keyHash: string;
}

/** The per-key rate as the IETF draft's RateLimit fields read it, after this request is counted. */
export interface FinanceApiRate {
  /** Requests allowed per window (`q`). */
  limit: number;
  windowSeconds: number;
  /** Requests left now (`r`). */
  remaining: number;
  /** Seconds until the whole quota is back (`t`). */
  resetSeconds: number;
  /** Set when this request is refused: seconds until the next one is allowed. */
  retryAfterSeconds: number | null;
}

export type FinanceApiKeyAuthentication =
  | { found: false }
  | { found: true; keyId: string; scopes: FinanceApiScope[]; expiresAt: string; rate: FinanceApiRate };

export const CREATE_FINANCE_API_KEY = definePattern<CreateFinanceApiKeyRequest, IssuedFinanceApiKey>(
  'identity.finance-api-key.create',
);
export const LIST_FINANCE_API_KEYS = definePattern<Record<string, never>, { items: FinanceApiKeyView[] }>(
  'identity.finance-api-key.list',
);
export const ROTATE_FINANCE_API_KEY = definePattern<RotateFinanceApiKeyRequest, IssuedFinanceApiKey>(
  'identity.finance-api-key.rotate',
);
export const REVOKE_FINANCE_API_KEY = definePattern<{ keyId: string }, FinanceApiKeyView>(
  'identity.finance-api-key.revoke',
);
export const AUTHENTICATE_FINANCE_API_KEY = definePattern<
  AuthenticateFinanceApiKeyRequest,
  FinanceApiKeyAuthentication
>('identity.finance-api-key.authenticate');

/** The longest a key may live: finance systems rotate at least yearly. */
export const MAX_FINANCE_API_KEY_DAYS = 400;

/** Key ids only: the audit trail shows who made, rotated or revoked which key, never the key. */
export const FINANCE_API_KEY_CREATED = defineEvent<{ keyId: string; scopes: string[]; expiresAt: string }>(
  'evt.identity.finance-api-key.created',
);
export const FINANCE_API_KEY_ROTATED = defineEvent<{ keyId: string; newKeyId: string; oldKeyExpiresAt: string }>(
  'evt.identity.finance-api-key.rotated',
);
export const FINANCE_API_KEY_REVOKED = defineEvent<{ keyId: string }>('evt.identity.finance-api-key.revoked');
