import { Module } from '@nestjs/common';
import { SchoolStatusModule } from '../school-status/school-status.module';
import { PupilCareAccess } from './pupil-care-access';
import { PupilsController } from './pupils.controller';
import { PupilsService } from './pupils.service';

/**
 * The pupil register, and the storage every other part of the service stands on (class
 * groups, consents, the published pupil count, the way to a pupil's record). Re-exports
 * SchoolStatusModule so that the modules above it get SchoolProcessing by importing this
 * one, and PupilCareAccess for what hangs off a pupil.
 */
@Module({
  imports: [SchoolStatusModule],
  controllers: [PupilsController],
  providers: [PupilsService, PupilCareAccess],
  exports: [SchoolStatusModule, PupilCareAccess],
})
export class PupilsModule {}
