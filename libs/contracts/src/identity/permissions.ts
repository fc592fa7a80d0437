import type { FinanceApiScope } from './finance-api-keys';

/**
 * What a signed-in person may do. Roles are sets of these; the access token carries the
 * resolved set so that the gateway and services decide without a lookup.
 */
export const SCHOOL_PERMISSIONS = [
  'pupils:read',
  'pupils:write',
  'pupils:import',
  'pupils:export',
  'pupils:erase',
  'consents:manage',
  'assessments:read',
  'assessments:write',
  /** Set up the school's frameworks (scales, measures, points) and close or reopen a point. */
  'assessments:manage',
  'reports:read',
  'users:read',
  'users:manage',
  'roles:manage',
  'school:manage',
  'sessions:manage',
  'support:grant',
  'audit:read',
  'rights:manage',
] as const;

export const PLATFORM_PERMISSIONS = [
  'platform:schools',
  'platform:users',
  'platform:policies',
  'platform:security',
  'ops:sessions',
  'ops:maintenance',
  'ops:breaches',
  'support:enter',
  'finance:read',
  'finance:manage',
  'audit:platform',
  /** The platform's price list: billing plans and their price versions. */
  'billing:plans',
  /** Schools' subscriptions: subscribe a school, change its plan (pro-rata). */
  'billing:subscriptions',
  /** Schools' invoices and credit notes: draft, issue, void, credit, the annual invoice run. */
  'billing:invoices',
] as const;

export type SchoolPermission = (typeof SCHOOL_PERMISSIONS)[number];
export type PlatformPermission = (typeof PLATFORM_PERMISSIONS)[number];
/** A finance API key's scopes are permissions too: its routes and bus handlers declare them like any other. */
export type Permission = SchoolPermission | PlatformPermission | FinanceApiScope;

export const BUILT_IN_SCHOOL_ROLES = {
  'school-admin': [...SCHOOL_PERMISSIONS],
  'senior-leader': [
    'pupils:read',
    'pupils:write',
    'pupils:export',
    'consents:manage',
    'assessments:read',
    'assessments:write',
    'assessments:manage',
    'reports:read',
    'users:read',
    'audit:read',
  ],
  teacher: ['pupils:read', 'assessments:read', 'assessments:write', 'reports:read'],
  office: ['pupils:read', 'pupils:write', 'pupils:import', 'consents:manage'],
  'read-only': ['pupils:read', 'assessments:read', 'reports:read'],
} as const satisfies Record<string, readonly SchoolPermission[]>;

export const PLATFORM_ROLES = {
  'platform-admin': [
    'platform:schools',
    'platform:users',
    'platform:policies',
    'platform:security',
    'audit:platform',
    'billing:plans',
    'billing:subscriptions',
    'billing:invoices',
  ],
  ops: ['ops:sessions', 'ops:maintenance', 'ops:breaches'],
  support: ['support:enter'],
  finance: ['finance:read', 'finance:manage', 'billing:plans', 'billing:subscriptions', 'billing:invoices'],
} as const satisfies Record<string, readonly PlatformPermission[]>;

export type BuiltInSchoolRole = keyof typeof BUILT_IN_SCHOOL_ROLES;
export type PlatformRole = keyof typeof PLATFORM_ROLES;

export function isSchoolPermission(value: string): value is SchoolPermission {
  return (SCHOOL_PERMISSIONS as readonly string[]).includes(value);
}

/** The permissions of built-in and platform roles (custom roles are resolved by identity). */
export function permissionsOfBuiltInRoles(roles: readonly string[]): Permission[] {
  const all = new Set<Permission>();
  for (const role of roles) {
    const granted =
      (BUILT_IN_SCHOOL_ROLES as Record<string, readonly Permission[]>)[role] ??
      (PLATFORM_ROLES as Record<string, readonly Permission[]>)[role] ??
      [];
    for (const permission of granted) all.add(permission);
  }
  return [...all].sort();
}
