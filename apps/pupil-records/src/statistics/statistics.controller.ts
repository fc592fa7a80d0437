import { Controller } from '@nestjs/common';
import { GET_PUPIL_STATISTICS, PupilStatistics } from '@pt/contracts';
import { Access, Allow, Handles, SchoolContext, SchoolCtx } from '@pt/platform';
import { StatisticsService } from './statistics.service';

@Controller()
export class StatisticsController {
  constructor(private readonly statistics: StatisticsService) {}

  @Handles(GET_PUPIL_STATISTICS)
  @Access(Allow.anyOf(Allow.school('reports:read'), Allow.school('pupils:read')))
  get(@SchoolCtx() ctx: SchoolContext): Promise<PupilStatistics> {
    return this.statistics.get(ctx);
  }
}
