import { Module } from '@nestjs/common';
import { ClassGroupsController } from '../class-groups/class-groups.controller';
import { ClassGroupsService } from '../class-groups/class-groups.service';
import { ErasureController } from '../erasure/erasure.controller';
import { ErasureService } from '../erasure/erasure.service';
import { RestrictionController } from '../restriction/restriction.controller';
import { RestrictionService } from '../restriction/restriction.service';
import { SchoolStatusModule } from '../school-status/school-status.module';
import { StatisticsController } from '../statistics/statistics.controller';
import { StatisticsService } from '../statistics/statistics.service';
import { PupilsController } from './pupils.controller';
import { PupilsService } from './pupils.service';

/**
 * The pupil register with its class groups, restriction, erasure and statistics.
 * Re-exports SchoolStatusModule so that the service's other modules (imports, guardians,
 * consents, photographs) get SchoolProcessing by importing this one.
 */
@Module({
  imports: [SchoolStatusModule],
  controllers: [
    PupilsController,
    ClassGroupsController,
    RestrictionController,
    ErasureController,
    StatisticsController,
  ],
  providers: [PupilsService, ClassGroupsService, RestrictionService, ErasureService, StatisticsService],
  exports: [SchoolStatusModule],
})
export class PupilsModule {}
