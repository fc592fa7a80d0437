import { defineBroadcast } from '../broadcast';
import { defineEvent, EventSubject } from '../events';
import { definePattern } from '../pattern';

export interface SignInRequest {
  /** Username or email. */
  login: string;
  password: string;
  userAgent: string | null;
  /** Opt-in (P4): the reply then carries the account's username for the gateway's username cookie. */
  rememberUsername?: boolean;
  /** 'cookie' (P4, browsers): the session gets a CSRF token, returned once in the reply. */
  mode?: 'bearer' | 'cookie';
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  /** Seconds until the session's absolute end: the refresh token is useless after it. */
  refreshExpiresIn: number;
  tokenType: 'Bearer';
}

export interface SignInReply extends TokenPair {
  /** Only when `rememberUsername` was asked for: the username (never the email) to remember. */
  username?: string;
  /**
   * Cookie mode only: the session's CSRF token (random, fixed for the session's life). Its
   * hash is kept with the session and carried in every access token as `csh`.
   */
  csrfToken?: string;
}

export interface RefreshRequest {
  refreshToken: string;
  /**
   * Present when the refresh token came from a cookie (P4): the `x-csrf-token` header
   * (null when missing), which must be the session's CSRF token (403 `session.csrf_failed`).
   */
  csrfToken?: string | null;
}

export interface SignOutRequest {
  sessionId: string;
}

export const SIGN_IN = definePattern<SignInRequest, SignInReply>('identity.auth.sign-in');
export const REFRESH = definePattern<RefreshRequest, TokenPair>('identity.auth.refresh');
export const SIGN_OUT = definePattern<SignOutRequest, { ended: boolean }>('identity.auth.sign-out');
/** Ends every session of the signed-in user (the one asking included). */
export const SIGN_OUT_EVERYWHERE = definePattern<Record<string, never>, { ended: number }>(
  'identity.auth.sign-out-everywhere',
);

export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
  /** The session asking: it stays signed in, every other session of the user ends. */
  sessionId: string;
}
export const CHANGE_PASSWORD = definePattern<ChangePasswordRequest, { endedSessions: number }>(
  'identity.credentials.change-password',
);

export interface PasswordChanged {
  userId: string;
}
export const PASSWORD_CHANGED: EventSubject<PasswordChanged> = defineEvent('evt.identity.credentials.password-changed');

/** Public keys of the access tokens, as a JWK Set (RFC 7517). */
export interface JsonWebKeySet {
  keys: Array<{ kid: string; kty: string; crv?: string; x?: string; y?: string; alg: string; use: 'sig' }>;
}
export const SIGNING_KEYS = definePattern<Record<string, never>, JsonWebKeySet>('identity.keys.list');
/** A new signing key becomes current; older ones stay published until their tokens have expired. */
export const ROTATE_SIGNING_KEY = definePattern<Record<string, never>, { kid: string; published: string[] }>(
  'identity.keys.rotate',
);
/** Broadcast: every identity replica switches to the newest key. */
export const SIGNING_KEY_ROTATED_BROADCAST = defineBroadcast('identity.keys.rotated');
export const SIGNING_KEY_ROTATED_SUBJECT = SIGNING_KEY_ROTATED_BROADCAST.subject;
export const SIGNING_KEY_ROTATED = defineEvent<{ kid: string; retired: string[] }>('evt.identity.signing-key.rotated');

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
  /**
   * Cookie sessions (P4): SHA-256 (base64url) of the session's CSRF token. A request
   * authenticated by the access cookie must send the token itself in `x-csrf-token`.
   */
  csh?: string | null;
  /** Set when a support user acts inside a school under its grant (P12). */
  sgi?: string;
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
 * Why a session ended. `session_replaced` (P5: the user signed in again elsewhere) is told
 * apart from the others so that a client can say so (401 `session.replaced`); every other
 * reason reads to clients as `session.ended`.
 */
export type SessionEndReason =
  | 'signed_out'
  | 'signed_out_everywhere'
  | 'session_replaced'
  | 'refresh_token_reuse'
  | 'password_changed'
  | 'password_reset'
  | 'user_deactivated'
  | 'user_removed'
  | 'support_grant_revoked'
  /** P13: not seen within SESSION_IDLE_MINUTES. */
  | 'idle'
  /** P13: a maintenance window in its scope started. */
  | 'maintenance'
  /** P13: ended by ops or by the school's admin. */
  | 'ended_by_ops'
  | 'ended_by_school_admin';

export interface RevokedSession {
  sessionId: string;
  reason: SessionEndReason;
}

/**
 * Broadcast (core NATS, every gateway replica hears it) when sessions end early, so that
 * their access tokens stop working at once rather than at expiry.
 */
export interface SessionsRevoked {
  sessions: RevokedSession[];
  /** Unix seconds after which every token of these sessions has expired anyway. */
  until: number;
}
export const SESSIONS_REVOKED_BROADCAST = defineBroadcast<SessionsRevoked>('identity.session.revoked');
export const SESSIONS_REVOKED_SUBJECT = SESSIONS_REVOKED_BROADCAST.subject;
export const REVOKED_SESSIONS = definePattern<Record<string, never>, SessionsRevoked>('identity.session.list-revoked');

/**
 * Whose a session is: the gateway refuses an access token whose `tid` or `sub` is not its
 * session's (a token signed correctly but minted for another school or user), and one
 * whose session does not exist.
 */
export interface SessionOwner {
  found: boolean;
  tenantId: string | null;
  userId: string | null;
}
export const SESSION_OWNER = definePattern<{ sessionId: string }, SessionOwner>('identity.session.owner');

export interface SessionEvent {
  sessionId: string;
  userId: string;
  reason?: SessionEndReason;
}
export const SESSION_STARTED: EventSubject<SessionEvent> = defineEvent('evt.identity.session.started');
export const SESSION_ENDED: EventSubject<SessionEvent> = defineEvent('evt.identity.session.ended');
