import { Module } from '@nestjs/common';
import { SubjectExportController } from './subject-export.controller';
import { SubjectExportService } from './subject-export.service';

/** Identity's part of a subject-access bundle (P21). */
@Module({ controllers: [SubjectExportController], providers: [SubjectExportService] })
export class SubjectExportModule {}
