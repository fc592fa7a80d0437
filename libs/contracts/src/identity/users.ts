import { defineEvent } from '../events';
import { FindIdsRequest, FoundIds } from '../ids';
import { definePattern } from '../pattern';
import { PlatformRole } from './permissions';

export type UserKindValue = 'staff' | 'platform';
export type UserStatusValue = 'invited' | 'active' | 'deactivated';
export const USER_STATUSES: readonly UserStatusValue[] = ['invited', 'active', 'deactivated'];

/**
 * What a staff record holds (P1), and nothing more: title, names, username, email, job
 * title, telephone and the DfE teacher reference number.
 */
export interface StaffProfile {
  title?: string | null;
  firstName: string;
  lastName: string;
  username: string;
  email: string;
  jobTitle?: string | null;
  telephone?: string | null;
  /** DfE teacher reference number (TRN): 7 digits. */
  teacherReferenceNumber?: string | null;
}

export interface UserView {
  id: string;
  tenantId: string | null;
  kind: UserKindValue;
  title: string | null;
  firstName: string;
  lastName: string;
  username: string;
  email: string;
  jobTitle: string | null;
  telephone: string | null;
  teacherReferenceNumber: string | null;
  roles: string[];
  /** Class groups the user is limited to (P19); null when not limited. */
  classGroupIds: string[] | null;
  status: UserStatusValue;
  lastSignInAt: string | null;
  createdAt: string;
  /** Platform staff only (P10): when their security training was recorded. */
  securityTrainingCompletedAt?: string | null;
  /** Optimistic concurrency: sent back as If-Match (the gateway's ETag). */
  version: number;
}

export interface UserPage {
  items: UserView[];
  nextCursor: string | null;
}

export interface InviteUserRequest extends StaffProfile {
  roles: string[];
  classGroupIds?: string[] | null;
}

export interface ListUsersRequest {
  limit: number;
  cursor?: string;
  role?: string;
  status?: UserStatusValue;
}

export interface UserIdRequest {
  userId: string;
  /** When given, the change is refused (412) unless the user is still at this version. */
  expectedVersion?: number | null;
}

export type UserChanges = Partial<StaffProfile> & { roles?: string[]; classGroupIds?: string[] | null };

export interface UpdateUserRequest extends UserIdRequest {
  changes: UserChanges;
}

/** A platform admin creates a school's first admin (role school-admin), who then manages the rest. */
export interface CreateSchoolAdminRequest extends StaffProfile {
  schoolId: string;
}

export interface CreatePlatformUserRequest {
  title?: string | null;
  firstName: string;
  lastName: string;
  username: string;
  email: string;
  jobTitle?: string | null;
  telephone?: string | null;
  roles: PlatformRole[];
}

export interface ListPlatformUsersRequest {
  limit: number;
  cursor?: string;
  status?: UserStatusValue;
}

/** P10: a platform account is activated only after this is recorded. */
export interface RecordSecurityTrainingRequest {
  userId: string;
  /** ISO date or date-time, not in the future. */
  completedAt: string;
  course: string;
}

/** The emailed set-password link (invitation) or password-reset link, redeemed with a new password. */
export interface RedeemTokenRequest {
  token: string;
  password: string;
}

export interface PasswordResetRequest {
  /** Username or email. */
  login: string;
}

/** The same reply whether or not the account exists (P6: no account enumeration). */
export interface PasswordResetAccepted {
  accepted: true;
  message: string;
}

// Access review (P8)

export type AccessReviewFlag = 'inactive' | 'never_signed_in' | 'invitation_pending';

export interface AccessReviewEntry {
  userId: string;
  username: string;
  firstName: string;
  lastName: string;
  roles: string[];
  classGroupIds: string[] | null;
  status: UserStatusValue;
  lastSignInAt: string | null;
  createdAt: string;
  flags: AccessReviewFlag[];
}

export interface AccessReviewReport {
  generatedAt: string;
  /** An active account with no sign-in for this many days is flagged `inactive`. */
  inactiveAfterDays: number;
  items: AccessReviewEntry[];
  nextCursor: string | null;
}

export interface RecordAccessReviewRequest {
  notes?: string | null;
}

export interface AccessReviewRecord {
  id: string;
  reviewedBy: string;
  reviewedAt: string;
  notes: string | null;
  /** Snapshot when the review was recorded. */
  userCount: number;
  inactiveCount: number;
}

export interface AccessReviewList {
  items: AccessReviewRecord[];
  nextCursor: string | null;
  lastReviewedAt: string | null;
  /** The last review (or the school's creation) plus the review interval. */
  nextDueAt: string;
  /** The reminder: true once a term has passed without a recorded review. */
  overdue: boolean;
  intervalDays: number;
}

// Marketing preferences (P9)

export interface MarketingPreference {
  optIn: boolean;
  changedAt: string | null;
}

export interface UnsubscribeRequest {
  userId: string;
  signature: string;
}

export const INVITE_USER = definePattern<InviteUserRequest, UserView>('identity.user.invite');
export const LIST_USERS = definePattern<ListUsersRequest, UserPage>('identity.user.list');
/** Which of these staff accounts the school in ctx has (asked by audit, as the system, before recording a rights request). */
export const FIND_STAFF = definePattern<FindIdsRequest, FoundIds>('identity.user.find');
export const GET_USER = definePattern<UserIdRequest, UserView>('identity.user.get');
export const UPDATE_USER = definePattern<UpdateUserRequest, UserView>('identity.user.update');
export const DEACTIVATE_USER = definePattern<UserIdRequest, UserView>('identity.user.deactivate');
/**
 * A deactivated account may sign in again: active when it had set its password, invited when
 * not (its link died with the deactivation; the invitation route sends a new one).
 */
export const REACTIVATE_USER = definePattern<UserIdRequest, UserView>('identity.user.reactivate');
export const REMOVE_USER = definePattern<UserIdRequest, { removed: true }>('identity.user.remove');
/** A new set-password link for an invited user (the old one stops working). */
export const RESEND_INVITATION = definePattern<UserIdRequest, UserView>('identity.user.resend-invitation');

export const CREATE_SCHOOL_ADMIN = definePattern<CreateSchoolAdminRequest, UserView>('identity.school-admin.create');

export const CREATE_PLATFORM_USER = definePattern<CreatePlatformUserRequest, UserView>('identity.platform-user.create');
export const LIST_PLATFORM_USERS = definePattern<ListPlatformUsersRequest, UserPage>('identity.platform-user.list');
export const GET_PLATFORM_USER = definePattern<UserIdRequest, UserView>('identity.platform-user.get');
export const RECORD_SECURITY_TRAINING = definePattern<RecordSecurityTrainingRequest, UserView>(
  'identity.platform-user.record-training',
);
export const DEACTIVATE_PLATFORM_USER = definePattern<UserIdRequest, UserView>('identity.platform-user.deactivate');
export const RESEND_PLATFORM_INVITATION = definePattern<UserIdRequest, UserView>(
  'identity.platform-user.resend-invitation',
);

export const ACCEPT_INVITATION = definePattern<RedeemTokenRequest, { activated: true }>('identity.invitation.accept');
export const REQUEST_PASSWORD_RESET = definePattern<PasswordResetRequest, PasswordResetAccepted>(
  'identity.password-reset.request',
);
export const CONFIRM_PASSWORD_RESET = definePattern<RedeemTokenRequest, { reset: true }>(
  'identity.password-reset.confirm',
);

export const ACCESS_REVIEW_REPORT = definePattern<{ limit: number; cursor?: string }, AccessReviewReport>(
  'identity.access-review.report',
);
export const RECORD_ACCESS_REVIEW = definePattern<RecordAccessReviewRequest, AccessReviewRecord>(
  'identity.access-review.record',
);
export const LIST_ACCESS_REVIEWS = definePattern<{ limit: number; cursor?: string }, AccessReviewList>(
  'identity.access-review.list',
);

export const GET_MARKETING_PREFERENCE = definePattern<Record<string, never>, MarketingPreference>(
  'identity.marketing.get',
);
export interface SetMarketingPreferenceRequest {
  optIn: boolean;
}

export const SET_MARKETING_PREFERENCE = definePattern<SetMarketingPreferenceRequest, MarketingPreference>(
  'identity.marketing.set',
);
/** From the signed link in a marketing email: needs no sign-in, only a valid signature (P9). */
export const UNSUBSCRIBE_MARKETING = definePattern<UnsubscribeRequest, { optIn: false }>(
  'identity.marketing.unsubscribe',
);

// Events: ids only, never names, emails or tokens.

export interface UserCreated {
  userId: string;
  kind: UserKindValue;
}
export interface UserEvent {
  userId: string;
}
export interface UserUpdated extends UserEvent {
  /** Names of the fields that changed (never their values). */
  fields: string[];
}
export interface UserDeactivated extends UserEvent {
  /** How many live sessions were ended with it. */
  sessionsEnded: number;
}
export interface MarketingPreferenceChanged extends UserEvent {
  optIn: boolean;
  via: 'preference' | 'unsubscribe_link';
}

export const USER_CREATED = defineEvent<UserCreated>('evt.identity.user.created');
export const USER_INVITED = defineEvent<UserCreated>('evt.identity.user.invited');
export const USER_INVITATION_RENEWED = defineEvent<UserEvent>('evt.identity.user.invitation-renewed');
export const USER_ACTIVATED = defineEvent<UserEvent>('evt.identity.user.activated');
export const USER_UPDATED = defineEvent<UserUpdated>('evt.identity.user.updated');
export const USER_DEACTIVATED = defineEvent<UserDeactivated>('evt.identity.user.deactivated');
export const USER_REMOVED = defineEvent<UserEvent>('evt.identity.user.removed');
export const PASSWORD_RESET_REQUESTED = defineEvent<UserEvent>('evt.identity.user.password-reset-requested');
export const PASSWORD_RESET_COMPLETED = defineEvent<UserEvent>('evt.identity.user.password-reset');
export const SECURITY_TRAINING_RECORDED = defineEvent<UserEvent>('evt.identity.user.security-training-recorded');
export const MARKETING_PREFERENCE_CHANGED = defineEvent<MarketingPreferenceChanged>(
  'evt.identity.user.marketing-preference-changed',
);
export const ACCESS_REVIEW_RECORDED = defineEvent<{ reviewId: string }>('evt.identity.access-review.recorded');
