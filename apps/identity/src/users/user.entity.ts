import { ArrayType, Check, Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';

export type UserKind = 'staff' | 'platform';
export type UserStatus = 'invited' | 'active' | 'deactivated';

/**
 * A person who signs in: school staff (with a tenant) or a platform actor (none).
 * Holds only what P1 lists; personal fields never leave this service except to the user
 * and their school's admins.
 */
@Check({ name: 'user_account_trn_format', expression: `teacher_reference_number ~ '^[0-9]{7}$'` })
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
  jobTitle: string | null = null;

  @Property({ type: 'text', nullable: true })
  telephone: string | null = null;

  /** DfE teacher reference number (TRN), 7 digits; optional (P1). */
  @Property({ type: 'text', nullable: true })
  teacherReferenceNumber: string | null = null;

  @Property({ type: 'text', nullable: true })
  passwordHash: string | null = null;

  @Property({ type: 'text[]' })
  roles: string[] = [];

  /**
   * Class groups (owned by pupil-records, so plain ids) a limited user may see (P19);
   * null when not limited. Resolved into the access token with the permissions.
   */
  @Property({ type: ArrayType, columnType: 'uuid[]', nullable: true })
  classGroupIds: string[] | null = null;

  @Property({ type: 'text' })
  status: UserStatus = 'invited';

  /** P9: marketing is opt-in, so off until the user turns it on. */
  @Property({ type: 'boolean', default: false })
  marketingOptIn: boolean = false;

  @Property({ type: 'datetime', nullable: true })
  marketingOptInChangedAt: Date | null = null;

  /** P10: a platform account is not activated before its security training is recorded. */
  @Property({ type: 'datetime', nullable: true })
  securityTrainingCompletedAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  securityTrainingCourse: string | null = null;

  /** The platform admin who recorded the training. */
  @Property({ type: 'uuid', nullable: true })
  securityTrainingRecordedBy: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  lastSignInAt: Date | null = null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'integer', version: true })
  version: number = 1;
}
