import { Controller } from '@nestjs/common';
import { GET_PUPIL_STATISTICS, MessageContext, PupilStatistics } from '@pt/contracts';
import { Handles, MsgCtx } from '@pt/platform';
import { StatisticsService } from './statistics.service';

@Controller()
export class StatisticsController {
  constructor(private readonly statistics: StatisticsService) {}

  @Handles(GET_PUPIL_STATISTICS)
  get(@MsgCtx() ctx: MessageContext): Promise<PupilStatistics> {
    return this.statistics.get(ctx);
  }
}
