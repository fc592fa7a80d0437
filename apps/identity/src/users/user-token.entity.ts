import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/** What an emailed one-time link lets its holder do. */
export type UserTokenPurpose = 'set-password' | 'password-reset';

/**
 * A single-use, short-lived secret sent by email: the set-password link of an invitation
 * (P1) or a password-reset link (P6). Only its SHA-256 hash is stored, so a copy of the
 * database does not let anyone take over an account; it is deleted when redeemed or when
 * a newer link for the same user replaces it.
 */
@Entity({ tableName: 'user_token' })
export class UserToken {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  /** The user's school (null for platform actors); keeps the row under row-level security. */
  @Index()
  @Property({ type: 'uuid', nullable: true })
  tenantId: string | null = null;

  @Index()
  @Property({ type: 'uuid' })
  userId!: string;

  @Property({ type: 'text' })
  purpose!: UserTokenPurpose;

  @Unique()
  @Property({ type: 'text' })
  tokenHash!: string;

  @Property({ type: 'datetime' })
  expiresAt!: Date;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
