import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { maintenanceBlocks, MaintenanceMode, MAINTENANCE_WINDOWS_CHANGED_BROADCAST } from '@pt/contracts';
import { PLATFORM_SCOPE, UnitOfWork } from '@pt/persistence';
import { Broadcasts, BusException, Clock, describeError, PLATFORM_LOGGER } from '@pt/platform';
import { Logger } from 'pino';
import { MaintenanceWindow } from './maintenance-window.entity';
import { MaintenanceRepository } from './maintenance.repository';

interface CalendarWindow {
  id: string;
  startsAt: number;
  endsAt: number;
  /** null: the whole platform. */
  schoolIds: Set<string> | null;
  mode: MaintenanceMode;
}

/** 503 with Retry-After until the window's end: the same answer at sign-in and in the gateway. */
export function maintenanceInProgress(window: { id: string; endsAt: number }, nowMs: number): BusException {
  return BusException.unavailable(
    'maintenance.in_progress',
    'Maintenance is in progress; please try again when it ends',
    {
      windowId: window.id,
      endsAt: new Date(window.endsAt).toISOString(),
      retryAfterSeconds: Math.max(1, Math.ceil((window.endsAt - nowMs) / 1000)),
    },
  );
}

/**
 * The windows that are not cancelled and not over, in memory, so that a sign-in asks no
 * database question about maintenance. Reloaded on every scheduler tick and at once when
 * any replica announces a change (core NATS broadcast, also heard by the gateways).
 */
@Injectable()
export class MaintenanceCalendar implements OnApplicationBootstrap {
  private windows: CalendarWindow[] = [];

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    private readonly broadcasts: Broadcasts,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.broadcasts.subscribe(MAINTENANCE_WINDOWS_CHANGED_BROADCAST, () => void this.reload());
    await this.reload();
  }

  async reload(): Promise<void> {
    try {
      const windows = await this.unitOfWork.run(PLATFORM_SCOPE, (em) =>
        new MaintenanceRepository(em).current(this.clock.now()),
      );
      this.replace(windows);
    } catch (error) {
      this.logger.warn({ err: describeError(error) }, 'could not reload maintenance windows; keeping the last known');
    }
  }

  replace(windows: MaintenanceWindow[]): void {
    this.windows = windows.map((window) => ({
      id: window.id,
      startsAt: window.startsAt.getTime(),
      endsAt: window.endsAt.getTime(),
      schoolIds: window.schoolIds ? new Set(window.schoolIds) : null,
      mode: window.mode,
    }));
  }

  /** After a commit that changed windows: every identity replica and gateway reloads. */
  announce(): void {
    this.broadcasts.publish(MAINTENANCE_WINDOWS_CHANGED_BROADCAST);
  }

  /**
   * P13: a sign-in in the scope of an offline window in progress is refused with 503 and
   * Retry-After; a read-only window lets it in (signing in is how reading starts). Ops
   * and platform admins are never blocked. Called only once the password
   * has been checked, so the answer tells nobody else which school an account is in.
   */
  refuseSignIn(user: { tenantId: string | null; kind: string; roles: string[] }): void {
    if (!this.windows.length) return;
    const actor = { kind: user.kind, roles: user.roles, schoolId: user.tenantId };
    const now = this.clock.nowMs();
    for (const window of this.windows) {
      if (maintenanceBlocks(window, actor, now, 'read')) throw maintenanceInProgress(window, now);
    }
  }
}
