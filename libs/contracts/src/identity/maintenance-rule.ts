import { MAINTENANCE_EXEMPT_ROLES } from './maintenance';

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

/** A window as a cache holds it: times in epoch ms, the schools it covers (null: all). */
export interface MaintenanceReach {
  startsAt: number;
  endsAt: number;
  schoolIds: ReadonlySet<string> | null;
}

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

/** Whether the window, in progress at `nowMs`, refuses this actor. */
export function maintenanceBlocks(window: MaintenanceReach, actor: MaintenanceActor, nowMs: number): boolean {
  return (
    window.startsAt <= nowMs &&
    nowMs < window.endsAt &&
    maintenanceCovers(window, actor.schoolId) &&
    !exemptFromMaintenance(actor)
  );
}
