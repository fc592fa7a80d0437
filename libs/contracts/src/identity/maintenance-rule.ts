import { MAINTENANCE_EXEMPT_ROLES, MaintenanceMode } from './maintenance';

/**
 * P13's rule of which maintenance window blocks whom, in one place: identity applies it at
 * sign-in, the gateway to every request. (Identity's SQL that counts who is logged in
 * in a window's scope spells the same rule over MAINTENANCE_EXEMPT_ROLES.)
 */

/** Who is asking, as far as maintenance cares. */
export interface MaintenanceActor {
  /** `platform` for platform staff; anything else (staff, support in a school) may be blocked. */
  kind: string;
  roles: readonly string[];
  /** The school the actor works in; null for platform actors outside any school. */
  schoolId: string | null;
}

/** A window as a cache holds it: times in epoch ms, the schools it covers (null: all), its mode. */
export interface MaintenanceReach {
  startsAt: number;
  endsAt: number;
  schoolIds: ReadonlySet<string> | null;
  mode: MaintenanceMode;
}

/**
 * What a request does, as maintenance cares. `read` changes no school's data: a GET, a
 * search or an export sent as POST, and signing in, refreshing and signing out (which touch
 * only the caller's own session and are what reading needs). Everything else is `write`.
 */
export type MaintenanceAccess = 'read' | 'write';

/** Ops and platform admins do the maintenance: warned like everyone, never blocked. */
export function exemptFromMaintenance(actor: Pick<MaintenanceActor, 'kind' | 'roles'>): boolean {
  return (
    actor.kind === 'platform' &&
    actor.roles.some((role) => (MAINTENANCE_EXEMPT_ROLES as readonly string[]).includes(role))
  );
}

/** Whether the window is about this school: a platform-wide one covers everyone, even outside any school. */
export function maintenanceCovers(window: Pick<MaintenanceReach, 'schoolIds'>, schoolId: string | null): boolean {
  return window.schoolIds === null || (schoolId !== null && window.schoolIds.has(schoolId));
}

/** An offline window refuses everything it covers; a read-only one only writes. */
export function maintenanceRefuses(mode: MaintenanceMode, access: MaintenanceAccess): boolean {
  return mode === 'offline' || access === 'write';
}

/** Sessions in scope are ended at an offline window's start; in a read-only one they go on reading. */
export function maintenanceEndsSessions(window: Pick<MaintenanceReach, 'mode'>): boolean {
  return window.mode === 'offline';
}

/** Whether the window, in progress at `nowMs`, refuses this actor's `access`. */
export function maintenanceBlocks(
  window: MaintenanceReach,
  actor: MaintenanceActor,
  nowMs: number,
  access: MaintenanceAccess,
): boolean {
  return (
    window.startsAt <= nowMs &&
    nowMs < window.endsAt &&
    maintenanceRefuses(window.mode, access) &&
    maintenanceCovers(window, actor.schoolId) &&
    !exemptFromMaintenance(actor)
  );
}
