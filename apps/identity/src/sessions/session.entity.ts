import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One signed-in session. The refresh token is stored only as a hash; the hashes it
 * replaced are kept so that a stolen, already-used refresh token is recognised and the
 * whole session is ended (reuse detection).
 */
@Entity({ tableName: 'session' })
// P13: the active-session views and the idle sweep read only sessions that have not
// ended, newest sign-in first, platform-wide or per school (scripts/bench/active-sessions.ts).
@Index({
  name: 'session_live_created_index',
  expression:
    'create index "session_live_created_index" on "session" ("created_at" desc, "id" desc) where "ended_at" is null',
})
@Index({
  name: 'session_live_tenant_created_index',
  expression:
    'create index "session_live_tenant_created_index" on "session" ("tenant_id", "created_at" desc, "id" desc) where "ended_at" is null',
})
// The idle sweep reads only the few sessions past the idle time. (The per-school summary
// reads every live row under row-level security, whose per-row check rules out an
// index-only scan, so no index is kept for it: 50,000 sessions take ~40 ms.)
@Index({
  name: 'session_live_last_seen_index',
  expression: 'create index "session_live_last_seen_index" on "session" ("last_seen_at") where "ended_at" is null',
})
export class Session {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Index()
  @Property({ type: 'uuid', nullable: true })
  tenantId: string | null = null;

  @Index()
  @Property({ type: 'uuid' })
  userId!: string;

  @Property({ type: 'text' })
  refreshHash!: string;

  @Property({ type: 'text[]' })
  previousRefreshHashes: string[] = [];

  /**
   * When the refresh token last rotated: for REFRESH_REUSE_GRACE_SECONDS after it, the
   * token it replaced answers with the same new one (two tabs refreshing at once) instead
   * of counting as reuse.
   */
  @Property({ type: 'datetime', nullable: true })
  refreshRotatedAt: Date | null = null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  lastSeenAt: Date = new Date();

  /** Absolute end, however active the session is. */
  @Property({ type: 'datetime' })
  expiresAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  endedAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  endReason: string | null = null;

  /**
   * Cookie sessions only (P4): SHA-256 of the session's CSRF token. The token itself is
   * given to the browser once, at sign-in; this hash goes into every access token.
   */
  @Property({ type: 'text', nullable: true })
  csrfHash: string | null = null;

  @Property({ type: 'text', nullable: true })
  userAgent: string | null = null;

  @Property({ type: 'text', nullable: true })
  ip: string | null = null;

  /** P13: client IP and user agent of the latest request a gateway reported (sign-in's stay in `ip`, `userAgent`). */
  @Property({ type: 'text', nullable: true })
  lastSeenIp: string | null = null;

  @Property({ type: 'text', nullable: true })
  lastSeenUserAgent: string | null = null;

  /** P13: why ops or a school admin ended it, in their words (never in events or logs). */
  @Property({ type: 'text', nullable: true })
  endNote: string | null = null;

  isLive(now: Date): boolean {
    return this.endedAt === null && this.expiresAt > now;
  }
}
