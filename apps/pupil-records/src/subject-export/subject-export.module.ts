import { Module } from '@nestjs/common';
import { PupilExportsModule } from '../exports/pupil-exports.module';
import { PupilCareExport } from './pupil-care-export';
import { SubjectExportController } from './subject-export.controller';
import { SubjectExportService } from './subject-export.service';

/** Answers `pupil-records.subject.export` from every part of the service (P21). */
@Module({
  imports: [PupilExportsModule],
  controllers: [SubjectExportController],
  providers: [SubjectExportService, PupilCareExport],
})
export class SubjectExportModule {}
