import { Injectable } from '@nestjs/common';
import { PupilStatistics, SuppressedCount, YEAR_GROUPS } from '@pt/contracts';
import { UnitOfWork } from '@pt/persistence';
import { PupilRecordsConfig } from '../pupil-records.config';
import { classGroupScopeOf } from '../pupils/class-group-scope';
import { StatisticsRepository } from './statistics.repository';
import { SchoolContext } from '@pt/platform';

/**
 * P20: statistics are anonymous. Counts of pupils by year group, class group and
 * characteristic, each suppressed (count null) when it is under the threshold, so that a
 * small group cannot be singled out. Restricted pupils are left out (P18); a teacher
 * limited to class groups gets the figures of those groups only (P19).
 */
@Injectable()
export class StatisticsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly config: PupilRecordsConfig,
  ) {}

  get(ctx: SchoolContext): Promise<PupilStatistics> {
    const { tenantId } = ctx;
    const threshold = this.config.PUPIL_STATS_MIN_GROUP;
    return this.unitOfWork.forContext(ctx, async (em) => {
      const counts = await new StatisticsRepository(em).counts(tenantId, classGroupScopeOf(ctx));
      const suppress = (key: string, n: number): SuppressedCount =>
        n < threshold ? { key, count: null, suppressed: true } : { key, count: n, suppressed: false };
      const yearOrder = (key: string) => YEAR_GROUPS.indexOf(key as (typeof YEAR_GROUPS)[number]);
      return {
        total: counts.total < threshold ? null : counts.total,
        byYearGroup: [...counts.byYearGroup]
          .sort(([a], [b]) => yearOrder(a) - yearOrder(b))
          .map(([key, n]) => suppress(key, n)),
        byClassGroup: [...counts.byClassGroup]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([key, n]) => suppress(key, n)),
        byCharacteristic: [...counts.byCharacteristic].map(([key, n]) => suppress(key, n)),
        threshold,
      };
    });
  }
}
