import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One signed-in session. The refresh token is stored only as a hash; the hashes it
 * replaced are kept so that a stolen, already-used refresh token is recognised and the
 * whole session is ended (reuse detection).
 */
@Entity({ tableName: 'session' })
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

  isLive(now: Date): boolean {
    return this.endedAt === null && this.expiresAt > now;
  }
}
