import { defineEvent, EventSubject } from '../events';
import { definePattern } from '../pattern';

export interface SignInRequest {
  /** Username or email. */
  login: string;
  password: string;
  userAgent: string | null;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  tokenType: 'Bearer';
}

export interface RefreshRequest {
  refreshToken: string;
}

export interface SignOutRequest {
  sessionId: string;
}

export const SIGN_IN = definePattern<SignInRequest, TokenPair>('identity.auth.sign-in');
export const REFRESH = definePattern<RefreshRequest, TokenPair>('identity.auth.refresh');
export const SIGN_OUT = definePattern<SignOutRequest, { ended: boolean }>('identity.auth.sign-out');

/** Public keys of the access tokens, as a JWK Set (RFC 7517). */
export interface JsonWebKeySet {
  keys: Array<{ kid: string; kty: string; crv?: string; x?: string; y?: string; alg: string; use: 'sig' }>;
}
export const SIGNING_KEYS = definePattern<Record<string, never>, JsonWebKeySet>('identity.keys.list');

/** The claims of an access token, as the gateway reads them. */
export interface AccessTokenClaims {
  sub: string;
  /** Session id: a revoked session's tokens are refused before they expire. */
  sid: string;
  tid: string | null;
  /** 'staff' for school users, 'platform' for platform actors. */
  akd: 'staff' | 'platform';
  roles: string[];
  /** Permissions the roles grant (P19): decided without a lookup. */
  perms: string[];
  /** Class groups a limited teacher may see; null when not limited. */
  cgs: string[] | null;
  typ: 'access';
  iat: number;
  exp: number;
  aud: string;
  iss: string;
}

export const ACCESS_TOKEN_AUDIENCE = 'pupil-tracking-api';
export const ACCESS_TOKEN_ISSUER = 'pupil-tracking-identity';
export const ACCESS_TOKEN_ALGORITHM = 'ES256';

/**
 * Broadcast (core NATS, every gateway replica hears it) when sessions end early, so that
 * their access tokens stop working at once rather than at expiry.
 */
export interface SessionsRevoked {
  sessionIds: string[];
  /** Unix seconds after which every token of these sessions has expired anyway. */
  until: number;
}
export const SESSIONS_REVOKED_SUBJECT = 'identity.session.revoked';
export const REVOKED_SESSIONS = definePattern<Record<string, never>, SessionsRevoked>('identity.session.list-revoked');

export interface SessionEvent {
  sessionId: string;
  userId: string;
  reason?: string;
}
export const SESSION_STARTED: EventSubject<SessionEvent> = defineEvent('evt.identity.session.started');
export const SESSION_ENDED: EventSubject<SessionEvent> = defineEvent('evt.identity.session.ended');
