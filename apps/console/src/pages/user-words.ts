// Users, roles and support access in words: what each permission lets someone do, the
// built-in roles' names, account states, and a support grant's clock. Pure, so the unit
// project tests the wording.
import { BUILT_IN_SCHOOL_ROLES, SCHOOL_PERMISSIONS, type SchoolPermission } from '@pt/contracts/identity/permissions';
import type { UserStatusValue, UserView } from '@pt/contracts/identity/users';
import type { SupportGrantView } from '@pt/contracts/identity/support';
import { spanInWords } from './breach-clock';

export const PERMISSION_WORDS: Record<SchoolPermission, string> = {
  'pupils:read': 'See pupils and their details',
  'pupils:write': 'Add and change pupils',
  'pupils:import': 'Import pupils from a CTF or CSV file',
  'pupils:export': 'Export pupils’ data',
  'pupils:erase': 'Erase a pupil’s record',
  'consents:manage': 'Record guardians’ consents',
  'assessments:read': 'See assessment results',
  'assessments:write': 'Enter assessment results',
  'assessments:manage': 'Set up assessment frameworks, and close or reopen assessment points',
  'reports:read': 'See and download reports',
  'users:read': 'See the school’s staff accounts',
  'users:manage': 'Invite staff, change their roles, deactivate accounts and review access',
  'roles:manage': 'Make and change the school’s own roles',
  'school:manage': 'Change the school’s settings',
  'sessions:manage': 'See and end staff’s sessions',
  'support:grant': 'Let platform support into the school for a while',
  'audit:read': 'Read the audit trail',
  'rights:manage': 'Handle data protection requests',
};

/** A permission in words; one the console does not know keeps its own name. */
export function permissionInWords(permission: string): string {
  return (PERMISSION_WORDS as Record<string, string>)[permission] ?? permission;
}

/** Permissions in words, in the catalogue's order (pupils first), unknown ones last. */
export function permissionsInWords(permissions: readonly string[]): string[] {
  const order = (p: string) => {
    const at = (SCHOOL_PERMISSIONS as readonly string[]).indexOf(p);
    return at === -1 ? SCHOOL_PERMISSIONS.length : at;
  };
  return [...new Set(permissions)].sort((a, b) => order(a) - order(b) || a.localeCompare(b)).map(permissionInWords);
}

const BUILT_IN_ROLE_NAMES: Record<keyof typeof BUILT_IN_SCHOOL_ROLES, string> = {
  'school-admin': 'School admin',
  'senior-leader': 'Senior leader',
  teacher: 'Teacher',
  office: 'Office',
  'read-only': 'Read only',
};

/** A role as people say it: the built-in roles' names in words; a school's own role by its name. */
export function roleName(role: string): string {
  return (BUILT_IN_ROLE_NAMES as Record<string, string>)[role] ?? role;
}

export const STATUS_WORDS: Record<UserStatusValue, string> = {
  invited: 'Invited (has not set a password yet)',
  active: 'Active',
  deactivated: 'Deactivated (cannot sign in)',
};

export function personName(user: Pick<UserView, 'title' | 'firstName' | 'lastName'>): string {
  return [user.title, user.firstName, user.lastName].filter(Boolean).join(' ');
}

/**
 * Roles as the form sends them: the chosen ones in the catalogue's order, so unticking and
 * ticking again does not reorder a user's roles and count as a change.
 */
export function orderedRoles(chosen: readonly string[], catalogue: readonly string[]): string[] {
  const known = catalogue.filter((role) => chosen.includes(role));
  return [...known, ...chosen.filter((role) => !catalogue.includes(role))];
}

export interface GrantClock {
  state: 'active' | 'revoked' | 'expired';
  /** "Ends in 3 hours 20 minutes (7 Dec 2026, 18:00)", "Ended 2 days ago", "Revoked". */
  words: string;
}

/** Where a support grant stands at `now`: how long it has left, or when it ended and how. */
export function grantClock(grant: Pick<SupportGrantView, 'expiresAt' | 'revokedAt'>, now: number): GrantClock {
  if (grant.revokedAt)
    return { state: 'revoked', words: `Revoked ${spanInWords(now - Date.parse(grant.revokedAt))} ago` };
  const left = Date.parse(grant.expiresAt) - now;
  if (left <= 0) return { state: 'expired', words: `Expired ${spanInWords(-left)} ago` };
  return { state: 'active', words: `Ends in ${spanInWords(left)}` };
}

/** How long a grant may last, as the form offers it (the API takes 1 to 168 hours). */
export const GRANT_DURATIONS: { hours: number; words: string }[] = [
  { hours: 1, words: '1 hour' },
  { hours: 4, words: '4 hours' },
  { hours: 8, words: '8 hours (a working day)' },
  { hours: 24, words: '1 day' },
  { hours: 72, words: '3 days' },
  { hours: 168, words: '1 week (the longest allowed)' },
];
