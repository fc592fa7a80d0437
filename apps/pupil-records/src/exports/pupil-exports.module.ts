import { Module } from '@nestjs/common';
import { PupilExportsController } from './pupil-exports.controller';
import { PupilExportsService } from './pupil-exports.service';

/** CTF export of pupils (P21, P22). `PupilExportsService.pupilCtf` serves the subject-access export. */
@Module({
  controllers: [PupilExportsController],
  providers: [PupilExportsService],
  exports: [PupilExportsService],
})
export class PupilExportsModule {}
