import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { SCHOOLS_IN_GRACE, SCHOOLS_IN_GRACE_CHANGED_BROADCAST, SYSTEM_ACTOR } from '@pt/contracts';
import { Broadcasts, BusClient, PeriodicJobs, PLATFORM_LOGGER } from '@pt/platform';
import { randomUUID } from 'node:crypto';
import { Logger } from 'pino';
import { GatewayConfig } from '../gateway.config';

/**
 * P25: the schools in grace (subscription expired, not yet purged), held in memory so that
 * the grace gate costs no bus call per write. Loaded at start, again at once when billing
 * broadcasts a change, and every SCHOOL_LIFECYCLE_REFRESH_MS in case a broadcast was missed.
 * While billing cannot be asked, the last known set is kept.
 */
@Injectable()
export class SchoolsInGrace implements OnApplicationBootstrap {
  private schools = new Set<string>();
  private purged = new Set<string>();
  /** A reload that started before a newer one finished must not overwrite it. */
  private loads = 0;

  constructor(
    private readonly bus: BusClient,
    private readonly broadcasts: Broadcasts,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
    config: GatewayConfig,
    jobs: PeriodicJobs,
  ) {
    jobs.define({
      name: 'schools-in-grace-refresh',
      everyMs: config.SCHOOL_LIFECYCLE_REFRESH_MS,
      replicas: 'each-replica',
      runAtStart: true,
      run: () => this.reload(),
    });
  }

  onApplicationBootstrap(): void {
    this.broadcasts.subscribe(SCHOOLS_IN_GRACE_CHANGED_BROADCAST, () => void this.reload());
  }

  async reload(): Promise<void> {
    const load = ++this.loads;
    const ctx = { tenantId: null, actor: SYSTEM_ACTOR, requestId: randomUUID(), ip: null };
    try {
      const { schoolIds, purgedSchoolIds } = await this.bus.request(SCHOOLS_IN_GRACE, ctx, {}, { timeoutMs: 2000 });
      if (load === this.loads) {
        this.schools = new Set(schoolIds);
        this.purged = new Set(purgedSchoolIds);
      }
    } catch {
      this.logger.warn('could not load the schools in grace; keeping the last known');
    }
  }

  has(schoolId: string | null | undefined): boolean {
    return !!schoolId && this.schools.has(schoolId);
  }

  /** Purged: a session that outlived the school (its access token not yet expired) reaches nothing. */
  purgedHas(schoolId: string | null | undefined): boolean {
    return !!schoolId && this.purged.has(schoolId);
  }
}
