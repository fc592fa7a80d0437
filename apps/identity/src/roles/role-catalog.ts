import { EntityManager } from '@mikro-orm/postgresql';
import { BUILT_IN_SCHOOL_ROLES, Permission, PLATFORM_ROLES, PlatformPermission, SchoolPermission } from '@pt/contracts';
import { CustomRoleRepository } from './custom-role.repository';

/** Every role name that is not a school's to define: built-in school roles and platform roles. */
export const RESERVED_ROLE_NAMES: ReadonlySet<string> = new Set([
  ...Object.keys(BUILT_IN_SCHOOL_ROLES),
  ...Object.keys(PLATFORM_ROLES),
]);

export function isBuiltInSchoolRole(name: string): name is keyof typeof BUILT_IN_SCHOOL_ROLES {
  return Object.prototype.hasOwnProperty.call(BUILT_IN_SCHOOL_ROLES, name);
}

export function isPlatformRole(name: string): name is keyof typeof PLATFORM_ROLES {
  return Object.prototype.hasOwnProperty.call(PLATFORM_ROLES, name);
}

/**
 * The roles a school's staff may hold, by name: the built-in school roles and the
 * school's custom roles. Platform role names never count for staff, so a staff account
 * can never gain a platform permission whatever its roles column says (P19).
 */
export class SchoolRoleCatalog {
  private constructor(private readonly roles: ReadonlyMap<string, readonly SchoolPermission[]>) {}

  static async load(em: EntityManager, tenantId: string, onlyNames?: string[]): Promise<SchoolRoleCatalog> {
    const repository = new CustomRoleRepository(em);
    // A custom role never bears a built-in name, so a user holding only built-in roles (most
    // staff, at every sign-in and refresh) needs no query at all.
    const custom = onlyNames
      ? await repository.namedIn(
          tenantId,
          onlyNames.filter((name) => !isBuiltInSchoolRole(name)),
        )
      : await repository.allOf(tenantId);
    return SchoolRoleCatalog.withCustom(custom);
  }

  /** The built-in roles alone: all a school needs whose staff hold no custom role. */
  static builtIn(): SchoolRoleCatalog {
    return SchoolRoleCatalog.withCustom([]);
  }

  private static withCustom(custom: ReadonlyArray<{ name: string; permissions: SchoolPermission[] }>) {
    const roles = new Map<string, readonly SchoolPermission[]>(
      Object.entries(BUILT_IN_SCHOOL_ROLES) as [string, readonly SchoolPermission[]][],
    );
    for (const role of custom) roles.set(role.name, role.permissions);
    return new SchoolRoleCatalog(roles);
  }

  has(name: string): boolean {
    return this.roles.has(name);
  }

  permissionsOf(names: readonly string[]): SchoolPermission[] {
    const all = new Set<SchoolPermission>();
    for (const name of names) for (const permission of this.roles.get(name) ?? []) all.add(permission);
    return [...all].sort();
  }

  /** Names of the roles that grant `permission` (e.g. who can manage users). */
  rolesGranting(permission: SchoolPermission): string[] {
    return [...this.roles].filter(([, permissions]) => permissions.includes(permission)).map(([name]) => name);
  }
}

/** Platform actors hold platform roles only; anything else in their roles grants nothing. */
export function platformPermissionsOf(names: readonly string[]): PlatformPermission[] {
  const all = new Set<PlatformPermission>();
  for (const name of names)
    if (isPlatformRole(name)) for (const permission of PLATFORM_ROLES[name]) all.add(permission);
  return [...all].sort();
}

/** Permissions in `wanted` that `held` lacks: nobody may hand out what they do not hold. */
export function missingPermissions(wanted: readonly Permission[], held: readonly string[]): Permission[] {
  return wanted.filter((permission) => !held.includes(permission));
}
