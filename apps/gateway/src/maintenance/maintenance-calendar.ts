import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import {
  CURRENT_MAINTENANCE_WINDOWS,
  MAINTENANCE_WINDOWS_CHANGED_BROADCAST,
  MaintenanceAccess,
  MaintenanceCalendarEntry,
  MaintenanceMode,
  maintenanceBlocks,
  maintenanceCovers,
  SYSTEM_ACTOR,
} from '@pt/contracts';
import { Broadcasts, BusClient, PeriodicJobs, PLATFORM_LOGGER } from '@pt/platform';
import { randomUUID } from 'node:crypto';
import { Logger } from 'pino';
import { GatewayConfig } from '../gateway.config';
import { Principal } from '../http/request-context';

export interface CachedWindow {
  id: string;
  startsAt: number;
  endsAt: number;
  warnFrom: number;
  /** null: the whole platform. */
  schoolIds: Set<string> | null;
  mode: MaintenanceMode;
  reason: string;
  /** The X-Maintenance-Window value for this window. */
  header: string;
}

export interface MaintenanceStanding {
  /** Windows in the caller's scope from their first lead time to their end. */
  warnings: CachedWindow[];
  /** A window in progress that refuses the caller's access (an offline one first), if any. */
  blocking: CachedWindow | null;
}

const NONE: MaintenanceStanding = Object.freeze({ warnings: [], blocking: null }) as MaintenanceStanding;

/**
 * P13: the maintenance windows that are not cancelled and not over, held in memory so
 * that warning and refusing cost no bus call per request. Loaded at start, again at once
 * when identity broadcasts a change, and every MAINTENANCE_REFRESH_MS in case a
 * broadcast was missed (a window's start and end are decided by time, not by messages).
 */
@Injectable()
export class MaintenanceCalendar implements OnApplicationBootstrap {
  private windows: CachedWindow[] = [];
  /** A reload that started before a newer one finished must not overwrite it. */
  private loads = 0;

  constructor(
    private readonly bus: BusClient,
    private readonly config: GatewayConfig,
    private readonly broadcasts: Broadcasts,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
    jobs: PeriodicJobs,
  ) {
    jobs.define({
      name: 'maintenance-calendar-refresh',
      everyMs: config.MAINTENANCE_REFRESH_MS,
      replicas: 'each-replica',
      runAtStart: true,
      run: () => this.reload(),
    });
  }

  onApplicationBootstrap(): void {
    this.broadcasts.subscribe(MAINTENANCE_WINDOWS_CHANGED_BROADCAST, () => void this.reload());
  }

  async reload(): Promise<void> {
    const load = ++this.loads;
    const ctx = { tenantId: null, actor: SYSTEM_ACTOR, requestId: randomUUID(), ip: null };
    try {
      const { windows } = await this.bus.request(CURRENT_MAINTENANCE_WINDOWS, ctx, {}, { timeoutMs: 2000 });
      if (load === this.loads) this.windows = windows.map(toCached);
    } catch {
      this.logger.warn('could not load maintenance windows; keeping the last known');
    }
  }

  /**
   * Where the caller stands at `nowMs` for a request of this `access`. Without a
   * principal (public routes) only platform-wide windows warn, and nothing blocks:
   * sign-in decides in identity, which knows the account. Ops and platform admins are
   * warned but never blocked.
   */
  standing(principal: Principal | undefined, nowMs: number, access: MaintenanceAccess = 'read'): MaintenanceStanding {
    if (!this.windows.length) return NONE;
    const schoolId = principal?.tenantId ?? null;
    const actor = principal && { kind: principal.actorKind, roles: principal.roles, schoolId };
    const warnings: CachedWindow[] = [];
    let blocking: CachedWindow | null = null;
    for (const window of this.windows) {
      if (nowMs < window.warnFrom || nowMs >= window.endsAt) continue;
      if (!maintenanceCovers(window, schoolId)) continue;
      warnings.push(window);
      if (!actor || !maintenanceBlocks(window, actor, nowMs, access)) continue;
      // An offline window says more than a read-only one overlapping it: nothing works.
      if (!blocking || (blocking.mode === 'read-only' && window.mode === 'offline')) blocking = window;
    }
    return warnings.length ? { warnings, blocking } : NONE;
  }
}

function toCached(entry: MaintenanceCalendarEntry): CachedWindow {
  return {
    id: entry.id,
    startsAt: Date.parse(entry.startsAt),
    endsAt: Date.parse(entry.endsAt),
    warnFrom: Date.parse(entry.warnFrom),
    schoolIds: entry.scope.kind === 'schools' ? new Set(entry.scope.schoolIds) : null,
    mode: entry.mode,
    reason: entry.reason,
    header: `${entry.id}; starts=${entry.startsAt}; ends=${entry.endsAt}; mode=${entry.mode}`,
  };
}
