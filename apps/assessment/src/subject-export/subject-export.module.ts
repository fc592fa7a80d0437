import { Module } from '@nestjs/common';
import { SubjectExportController } from './subject-export.controller';
import { SubjectExportService } from './subject-export.service';

/** Answers `assessment.subject.export` from results, targets and frameworks (P21, P22). */
@Module({
  controllers: [SubjectExportController],
  providers: [SubjectExportService],
})
export class SubjectExportModule {}
