import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';

export type UserKind = 'staff' | 'platform';
export type UserStatus = 'invited' | 'active' | 'deactivated';

/**
 * A person who signs in: school staff (with a tenant) or a platform actor (none).
 * Holds only what P1 lists; personal fields never leave this service except to the user
 * and their school's admins.
 */
@Entity({ tableName: 'user_account' })
@Unique({
  name: 'user_account_username_unique',
  expression: 'create unique index "user_account_username_unique" on "user_account" (lower("username"))',
})
@Unique({
  name: 'user_account_email_unique',
  expression: 'create unique index "user_account_email_unique" on "user_account" (lower("email"))',
})
export class UserAccount {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  /** The school; null for platform actors. */
  @Index()
  @Property({ type: 'uuid', nullable: true })
  tenantId: string | null = null;

  @Property({ type: 'text' })
  kind!: UserKind;

  @Property({ type: 'text' })
  username!: string;

  @Property({ type: 'text' })
  email!: string;

  @Property({ type: 'text', nullable: true })
  title: string | null = null;

  @Property({ type: 'text' })
  firstName!: string;

  @Property({ type: 'text' })
  lastName!: string;

  @Property({ type: 'text', nullable: true })
  passwordHash: string | null = null;

  @Property({ type: 'text[]' })
  roles: string[] = [];

  @Property({ type: 'text' })
  status: UserStatus = 'invited';

  @Property({ type: 'datetime', nullable: true })
  lastSignInAt: Date | null = null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'integer', version: true })
  version: number = 1;
}
