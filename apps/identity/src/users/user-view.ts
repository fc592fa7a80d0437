import { AccessReviewEntry, StaffProfile, UserView } from '@pt/contracts';
import { UserAccount } from './user.entity';

export function toUserView(user: UserAccount): UserView {
  return {
    id: user.id,
    tenantId: user.tenantId,
    kind: user.kind,
    title: user.title,
    firstName: user.firstName,
    lastName: user.lastName,
    username: user.username,
    email: user.email,
    jobTitle: user.jobTitle,
    telephone: user.telephone,
    teacherReferenceNumber: user.teacherReferenceNumber,
    roles: user.roles,
    classGroupIds: user.classGroupIds,
    status: user.status,
    lastSignInAt: user.lastSignInAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
    ...(user.kind === 'platform'
      ? { securityTrainingCompletedAt: user.securityTrainingCompletedAt?.toISOString() ?? null }
      : {}),
    version: user.version,
  };
}

export function toAccessReviewEntry(user: UserAccount, inactiveBefore: Date): AccessReviewEntry {
  const flags: AccessReviewEntry['flags'] = [];
  // An account never used since it was created counts from its creation.
  if (user.status === 'active' && (user.lastSignInAt ?? user.createdAt) < inactiveBefore) flags.push('inactive');
  if (user.status !== 'deactivated' && !user.lastSignInAt) flags.push('never_signed_in');
  if (user.status === 'invited') flags.push('invitation_pending');
  return {
    userId: user.id,
    username: user.username,
    firstName: user.firstName,
    lastName: user.lastName,
    roles: user.roles,
    classGroupIds: user.classGroupIds,
    status: user.status,
    lastSignInAt: user.lastSignInAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
    flags,
  };
}

/** The P1 fields, in the form they are stored: trimmed, usernames and emails lower case, blanks null. */
export function normaliseProfile(profile: Partial<StaffProfile>): Partial<StaffProfile> {
  const out: Partial<StaffProfile> = {};
  const text = (value: string | null | undefined) => {
    if (value === null) return null;
    const trimmed = value?.trim();
    return trimmed ? trimmed : null;
  };
  if (profile.title !== undefined) out.title = text(profile.title);
  if (profile.firstName !== undefined) out.firstName = profile.firstName.trim();
  if (profile.lastName !== undefined) out.lastName = profile.lastName.trim();
  if (profile.username !== undefined) out.username = profile.username.trim().toLowerCase();
  if (profile.email !== undefined) out.email = profile.email.trim().toLowerCase();
  if (profile.jobTitle !== undefined) out.jobTitle = text(profile.jobTitle);
  if (profile.telephone !== undefined) out.telephone = text(profile.telephone);
  if (profile.teacherReferenceNumber !== undefined) out.teacherReferenceNumber = text(profile.teacherReferenceNumber);
  return out;
}
