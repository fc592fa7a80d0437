import { Type } from 'class-transformer';
import { IsEmail, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Matches, ValidateBy, ValidateIf } from 'class-validator';
import { DataServiceConfig, keyEncryptionKeyOf } from '@pt/platform';
import { hkdfSync } from 'node:crypto';
import { availableParallelism } from 'node:os';

export class IdentityConfig extends DataServiceConfig {
  /** The first platform admin, created at start when no platform admin exists yet. */
  @IsOptional()
  @IsEmail()
  BOOTSTRAP_ADMIN_EMAIL?: string;

  @IsOptional()
  @IsString()
  @MinLength(12)
  @MaxLength(128)
  BOOTSTRAP_ADMIN_PASSWORD?: string;

  /** P28: requests a finance API key may make per FINANCE_API_RATE_WINDOW_SECONDS (shared by every gateway replica). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  FINANCE_API_RATE_LIMIT = 600;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3600)
  FINANCE_API_RATE_WINDOW_SECONDS = 60;

  /** Lifetime of an access token; short, because refresh tokens carry the session. */
  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(3600)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  /** A session ends this long after sign-in, however active (absolute lifetime). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(24 * 30)
  SESSION_ABSOLUTE_HOURS = 12;

  /**
   * For this long after a refresh token rotates, presenting the token it replaced returns
   * the same new refresh token (and a fresh access token) instead of ending the session as
   * reuse: two tabs that refresh at once stay signed in. 0: no grace.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(60)
  REFRESH_REUSE_GRACE_SECONDS = 10;

  // Users, invitations, password reset, access reviews and marketing (issue 4: P1, P6, P8, P9).

  /** Outgoing mail server, smtp:// or smtps:// (credentials in the URL). None: mail goes to MAIL_DIR as .eml files. */
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'must be smtp://[user:password@]host[:port] or smtps://...' })
  SMTP_URL?: string;

  /** The From of every message. */
  @IsString()
  @MinLength(3)
  MAIL_FROM = 'Pupil Tracking <no-reply@pupil-tracking.local>';

  /** Without SMTP_URL each message is written here as an .eml file (relative paths: from the repository root). */
  @IsString()
  @MinLength(1)
  MAIL_DIR = '.mail';

  /** Base of the links in emails (set password, password reset, unsubscribe). */
  @Matches(/^https?:\/\/[^\s/]+(\/\S*)?$/, { message: 'must be an http(s) URL' })
  PUBLIC_APP_URL = 'http://localhost:3000';

  /** How long an invitation's set-password link works. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(24 * 14)
  INVITATION_TTL_HOURS = 72;

  /** How long a password-reset link works (P6: short-lived). */
  @Type(() => Number)
  @IsInt()
  @Min(5)
  @Max(24 * 60)
  PASSWORD_RESET_TTL_MINUTES = 30;

  /** Password-reset requests one IP address may make per window (more: 429). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  PASSWORD_RESET_IP_LIMIT = 20;

  /** Reset emails one account may be sent per window (more are silently not sent: the answer stays the same). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  PASSWORD_RESET_ACCOUNT_LIMIT = 3;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  PASSWORD_RESET_WINDOW_MINUTES = 60;

  /** P8: an active account with no sign-in for this many days is flagged in the access review. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3650)
  ACCESS_REVIEW_INACTIVE_DAYS = 90;

  /** P8: a review older than this (about a term) makes the school's reviews `overdue`. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3650)
  ACCESS_REVIEW_INTERVAL_DAYS = 120;

  /** P9: key of the unsubscribe links' HMAC; required in production (a fixed development key otherwise). */
  @ValidateIf((config: IdentityConfig) => config.NODE_ENV === 'production' || config.UNSUBSCRIBE_SECRET !== undefined)
  @IsString()
  @MinLength(32)
  UNSUBSCRIBE_SECRET?: string;

  get unsubscribeSecret(): string {
    return this.UNSUBSCRIBE_SECRET ?? 'development-only unsubscribe key: set UNSUBSCRIBE_SECRET';
  }

  /**
   * The key-encryption key (32 bytes, base64: `openssl rand -base64 32`) that seals the
   * access tokens' signing keys in the database (AES-256-GCM), so a database read alone
   * cannot mint tokens; the refresh tokens' rotation key is derived from it too. Required
   * in production; a fixed development key otherwise. Changing it makes the stored keys
   * unreadable: identity then refuses to start.
   */
  @ValidateIf((config: IdentityConfig) => config.NODE_ENV === 'production' || config.KEY_ENCRYPTION_KEY !== undefined)
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'must be 32 bytes in base64 (openssl rand -base64 32)' })
  KEY_ENCRYPTION_KEY?: string;

  /** Rotated refresh secrets are HMACs of the one presented under this key (TokenIssuer.rotatedRefreshSecret). */
  get refreshRotationKey(): Buffer {
    return Buffer.from(hkdfSync('sha256', this.keyEncryptionKey, Buffer.alloc(0), 'refresh-token-rotation', 32));
  }

  get keyEncryptionKey(): Buffer {
    return keyEncryptionKeyOf(this.KEY_ENCRYPTION_KEY);
  }

  /** P3: failed sign-ins of one account before it is locked (wrong password answers continue to look the same). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  SIGN_IN_LOCKOUT_THRESHOLD = 5;

  /** P3: the first lock's length; each further failure after a lock doubles it, up to the maximum. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(86_400)
  SIGN_IN_LOCKOUT_BASE_SECONDS = 60;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(86_400)
  SIGN_IN_LOCKOUT_MAX_SECONDS = 900;

  /**
   * argon2id hashes computed at once; the rest queue (PasswordHasher). Default: the
   * cores this process may use.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(64)
  ARGON2_CONCURRENCY = availableParallelism();

  /** P3: failed sign-ins one IP address may make per window (a burst of this many, then a steady trickle). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  SIGN_IN_IP_LIMIT = 20;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(86_400)
  SIGN_IN_IP_WINDOW_SECONDS = 300;

  /** P5 'refuse': a session not refreshed for this long no longer blocks a new sign-in (it is ended instead). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  CONCURRENT_SESSION_IDLE_MINUTES = 30;

  // P13: active sessions and maintenance windows (issue 7).

  /** A session not seen for this long is no longer active and is ended (reason 'idle'). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  SESSION_IDLE_MINUTES = 30;

  /** How often each replica ends idle sessions (replicas share the work: SKIP LOCKED). */
  @Type(() => Number)
  @IsInt()
  @Min(50)
  @Max(3_600_000)
  SESSION_IDLE_SWEEP_MS = 60_000;

  /** Minutes before a maintenance window's start at which who is logged in is recorded (and the start itself). */
  @Matches(/^\s*\d{1,5}(\s*,\s*\d{1,5}){0,9}\s*$/, { message: 'must be comma-separated whole minutes, e.g. 60,15,5' })
  MAINTENANCE_LEAD_MINUTES = '60,15,5';

  /** How often each replica looks for maintenance steps that are due. */
  @Type(() => Number)
  @IsInt()
  @Min(50)
  @Max(600_000)
  MAINTENANCE_TICK_MS = 10_000;

  get maintenanceLeadMinutes(): number[] {
    return leadMinutesOf(this.MAINTENANCE_LEAD_MINUTES);
  }
}

/** Distinct positive minutes, longest first ("60,15,5" -> [60, 15, 5]). */
export function leadMinutesOf(value: string): number[] {
  const minutes = value
    .split(',')
    .map((part) => Number(part.trim()))
    .filter((m) => Number.isInteger(m) && m > 0);
  return [...new Set(minutes)].sort((a, b) => b - a);
}
