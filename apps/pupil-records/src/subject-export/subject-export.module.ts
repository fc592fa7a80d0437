import { Module } from '@nestjs/common';
import { PupilCareModule } from '../consents/pupil-care.module';
import { PupilExportsModule } from '../exports/pupil-exports.module';
import { SubjectExportController } from './subject-export.controller';
import { SubjectExportService } from './subject-export.service';

/** Answers `pupil-records.subject.export` from every part of the service (P21). */
@Module({
  imports: [PupilCareModule, PupilExportsModule],
  controllers: [SubjectExportController],
  providers: [SubjectExportService],
})
export class SubjectExportModule {}
