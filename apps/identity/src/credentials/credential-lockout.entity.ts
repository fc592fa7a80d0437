import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * P3: an account's run of failed sign-ins and the lock it earned. Keyed by user id (the
 * account), not by school: locks hold before anyone's school is known. A row exists only
 * while there are failures to remember; a successful sign-in deletes it.
 */
@Entity({ tableName: 'credential_lockout' })
export class CredentialLockout {
  @PrimaryKey({ type: 'uuid' })
  userId!: string;

  /** Consecutive failures (forgotten a day after the last one). */
  @Property({ type: 'integer' })
  failures!: number;

  @Property({ type: 'datetime', nullable: true })
  lockedUntil: Date | null = null;

  @Property({ type: 'datetime' })
  lastFailureAt!: Date;
}
